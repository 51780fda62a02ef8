using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using TensorGen.Numerics;

namespace TensorGen.Precision;

// The 128-bit row-group kernel: four quarters of four rows each, one accumulator per quarter. ARM: codes − 8 as
// signed bytes and two sdot per chunk give the exact block sums directly. x86: pmaddubsw on the unsigned codes,
// pmaddwd with ones, 8·Σq₈ subtracted. Without either the group runs in scalar code.
internal static unsafe partial class PackedQ4Gemv
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool GroupVector128(byte* group, int blocks, in Activations x, float* y)
    {
        if (!Dp.IsSupported && !Ssse3.IsSupported)
        {
            return false;
        }

        Vector128<float> acc0 = Vector128<float>.Zero, acc1 = Vector128<float>.Zero, acc2 = Vector128<float>.Zero, acc3 = Vector128<float>.Zero;
        for (int b = 0; b < blocks; b++)
        {
            byte* chunks = PackedQ4_0.Chunks(group, b);
            Vector128<float> dx = Vector128.Create(x.Scales[b]);
            Vector128<ushort> scales01 = Vector128.Load(PackedQ4_0.Scales(group, b));
            Vector128<ushort> scales23 = Vector128.Load(PackedQ4_0.Scales(group, b) + 8);
            acc0 += HalvesToSingle128(Vector128.WidenLower(scales01)) * dx * Vector128.ConvertToSingle(Exact128(chunks, x, b));
            acc1 += HalvesToSingle128(Vector128.WidenUpper(scales01)) * dx * Vector128.ConvertToSingle(Exact128(chunks + 16, x, b));
            acc2 += HalvesToSingle128(Vector128.WidenLower(scales23)) * dx * Vector128.ConvertToSingle(Exact128(chunks + 32, x, b));
            acc3 += HalvesToSingle128(Vector128.WidenUpper(scales23)) * dx * Vector128.ConvertToSingle(Exact128(chunks + 48, x, b));
        }

        acc0.Store(y);
        acc1.Store(y + 4);
        acc2.Store(y + 8);
        acc3.Store(y + 12);
        return true;
    }

    /// <summary>The exact Σ (q₄ − 8)·q₈ of four rows (one 16-byte quarter of each chunk) for one block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Exact128(byte* quarter, in Activations x, int b)
    {
        Vector128<byte> lowNibbles = Vector128.Create((byte)0x0F);
        if (Dp.IsSupported)
        {
            Vector128<sbyte> eight = Vector128.Create((sbyte)8);
            Vector128<int> sum0 = Vector128<int>.Zero, sum1 = Vector128<int>.Zero;
            for (int c = 0; c < 4; c += 2)
            {
                Vector128<byte> p0 = Vector128.Load(quarter + c * PackedQ4_0.ChunkBytes);
                Vector128<byte> p1 = Vector128.Load(quarter + (c + 1) * PackedQ4_0.ChunkBytes);
                sum0 = Dp.DotProduct(sum0, (p0 & lowNibbles).AsSByte() - eight, Vector128.Create(x.Word(b, c)).AsSByte());
                sum1 = Dp.DotProduct(sum1, (p1 & lowNibbles).AsSByte() - eight, Vector128.Create(x.Word(b, c + 1)).AsSByte());
                sum0 = Dp.DotProduct(sum0, (p0 >>> 4).AsSByte() - eight, Vector128.Create(x.Word(b, c + 4)).AsSByte());
                sum1 = Dp.DotProduct(sum1, (p1 >>> 4).AsSByte() - eight, Vector128.Create(x.Word(b, c + 5)).AsSByte());
            }

            return sum0 + sum1;
        }

        Vector128<short> pairs = Vector128<short>.Zero;
        for (int c = 0; c < 4; c++)
        {
            Vector128<byte> packed = Vector128.Load(quarter + c * PackedQ4_0.ChunkBytes);
            pairs += Ssse3.MultiplyAddAdjacent(packed & lowNibbles, Vector128.Create(x.Word(b, c)).AsSByte())
                   + Ssse3.MultiplyAddAdjacent((packed >>> 4), Vector128.Create(x.Word(b, c + 4)).AsSByte());
        }

        return Sse2.MultiplyAddAdjacent(pairs, Vector128.Create((short)1)) - Vector128.Create(x.EightSums[b]);
    }

    /// <summary>Four IEEE halves (as bits, zero-extended) to float, exactly as <see cref="HalfBits.ToSingle"/> converts one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> HalvesToSingle128(Vector128<uint> bits)
    {
        Vector128<uint> shifted = (bits & Vector128.Create(0x7FFFu)) << 13;
        Vector128<float> magnitude = shifted.AsSingle() * Vector128.Create(5.192296858534828e33f);
        Vector128<uint> exponentMask = Vector128.Create(0x0F800000u);
        Vector128<uint> special = Vector128.Equals(shifted & exponentMask, exponentMask) & Vector128.Create(0x7F800000u);
        Vector128<uint> sign = (bits & Vector128.Create(0x8000u)) << 16;
        return (magnitude.AsUInt32() | special | sign).AsSingle();
    }
}
