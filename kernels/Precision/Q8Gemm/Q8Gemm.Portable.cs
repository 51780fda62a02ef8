using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using TensorGen.Numerics;

namespace TensorGen.Precision;

// The tiles off AVX2: one weight row × 4 tokens. The row's block is unpacked once and reused by the four tokens;
// each token's exact integer block sum comes from sdot (ARM dot product), from int16 widening multiplies (any
// 128-bit vectors), or from a scalar loop, and is scaled and accumulated with the same f32 roundings as AVX2.
internal static unsafe partial class Q8Gemm
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TilePortable(BlockQ4_0* w, float* scales, in Panel x, int t, float* tile, VectorPath path)
    {
        int blocks = x.Blocks;
        BlockQ8_0* x0 = x.Codes + (nint)t * blocks;
        float acc0 = 0f, acc1 = 0f, acc2 = 0f, acc3 = 0f;
        bool dp = path >= VectorPath.Vector128 && Dp.IsSupported;
        bool vector = path >= VectorPath.Vector128;
        int* sums = stackalloc int[TileTokens];
        for (int b = 0; b < blocks; b++)
        {
            ref BlockQ4_0 weights = ref w[b];
            if (dp)
            {
                SumsDp(ref weights, x0 + b, blocks, sums);
            }
            else if (vector)
            {
                SumsWidening(ref weights, x0 + b, blocks, sums);
            }
            else
            {
                SumsScalar(ref weights, x0 + b, blocks, sums);
            }

            float dw = scales[b];
            float* dx = x.Scales + (nint)b * x.Tokens + t;
            acc0 += dw * dx[0] * sums[0];
            acc1 += dw * dx[1] * sums[1];
            acc2 += dw * dx[2] * sums[2];
            acc3 += dw * dx[3] * sums[3];
        }

        tile[0] = acc0;
        tile[1] = acc1;
        tile[2] = acc2;
        tile[3] = acc3;
    }

    /// <summary>ARM: codes − 8 as signed bytes, two <c>sdot</c>s per token into int32 lanes, then across.</summary>
    private static void SumsDp(ref BlockQ4_0 w, BlockQ8_0* x, int stride, int* sums)
    {
        Vector128<byte> packed = Vector128.LoadUnsafe(ref Unsafe.As<BlockQ4_0.Nibbles, byte>(ref w.Qs));
        Vector128<sbyte> eight = Vector128.Create((sbyte)8);
        Vector128<sbyte> low = (packed & Vector128.Create((byte)0x0F)).AsSByte() - eight, high = (packed >>> 4).AsSByte() - eight;
        for (int j = 0; j < TileTokens; j++)
        {
            ref sbyte q = ref Unsafe.As<BlockQ8_0.Codes, sbyte>(ref x[(nint)j * stride].Qs);
            Vector128<int> lanes = Dp.DotProduct(Dp.DotProduct(Vector128<int>.Zero, low, Vector128.LoadUnsafe(ref q)), high, Vector128.LoadUnsafe(ref q, 16));
            sums[j] = Vector128.Sum(lanes);
        }
    }

    /// <summary>Any 128-bit vectors: codes − 8 and q8 widened to int16, products (|p| ≤ 1024) widened to int32.</summary>
    private static void SumsWidening(ref BlockQ4_0 w, BlockQ8_0* x, int stride, int* sums)
    {
        Vector128<byte> packed = Vector128.LoadUnsafe(ref Unsafe.As<BlockQ4_0.Nibbles, byte>(ref w.Qs));
        Vector128<byte> low = packed & Vector128.Create((byte)0x0F), high = packed >>> 4;
        Vector128<short> eight = Vector128.Create((short)8);
        Vector128<short> w0 = Vector128.WidenLower(low).AsInt16() - eight, w1 = Vector128.WidenUpper(low).AsInt16() - eight;
        Vector128<short> w2 = Vector128.WidenLower(high).AsInt16() - eight, w3 = Vector128.WidenUpper(high).AsInt16() - eight;
        for (int j = 0; j < TileTokens; j++)
        {
            ref sbyte q = ref Unsafe.As<BlockQ8_0.Codes, sbyte>(ref x[(nint)j * stride].Qs);
            Vector128<sbyte> q0 = Vector128.LoadUnsafe(ref q), q1 = Vector128.LoadUnsafe(ref q, 16);
            Vector128<short> p0 = w0 * Vector128.WidenLower(q0), p1 = w1 * Vector128.WidenUpper(q0);
            Vector128<short> p2 = w2 * Vector128.WidenLower(q1), p3 = w3 * Vector128.WidenUpper(q1);
            Vector128<int> lanes = Vector128.WidenLower(p0) + Vector128.WidenUpper(p0) + Vector128.WidenLower(p1) + Vector128.WidenUpper(p1)
                + Vector128.WidenLower(p2) + Vector128.WidenUpper(p2) + Vector128.WidenLower(p3) + Vector128.WidenUpper(p3);
            sums[j] = Vector128.Sum(lanes);
        }
    }

    /// <summary>The reference: Σ (code − 8)·q8 over the block, code j from the low nibble of byte j (j &lt; 16) or the high nibble of byte j − 16.</summary>
    private static void SumsScalar(ref BlockQ4_0 w, BlockQ8_0* x, int stride, int* sums)
    {
        for (int j = 0; j < TileTokens; j++)
        {
            ref BlockQ8_0 q = ref x[(nint)j * stride];
            int sum = 0;
            for (int i = 0; i < 16; i++)
            {
                byte pair = w.Qs[i];
                sum += ((pair & 0xF) - 8) * q.Qs[i] + ((pair >> 4) - 8) * q.Qs[i + 16];
            }

            sums[j] = sum;
        }
    }
}
