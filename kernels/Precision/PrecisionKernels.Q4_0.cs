using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using TensorGen.Numerics;

namespace TensorGen.Precision;

public static partial class PrecisionKernels
{
    /// <summary>
    /// Σ over blocks of d₄·d₈·Σⱼ (q₄ⱼ − 8)·q₈ⱼ, as llama.cpp's <c>ggml_vec_dot_q4_0_q8_0</c>: the inner sums are
    /// exact int32 (unsigned nibbles × signed bytes minus 8·Σq₈, so no saturation even for q₈ = −128), and each
    /// block's float term d₄·d₈·sum is accumulated in float.
    /// </summary>
    /// <exception cref="ArgumentException">The block counts differ.</exception>
    public static float Dot(ReadOnlySpan<BlockQ4_0> a, ReadOnlySpan<BlockQ8_0> x)
    {
        if (a.Length != x.Length)
        {
            throw new ArgumentException($"'{nameof(x)}' holds {x.Length} blocks; '{nameof(a)}' holds {a.Length}.", nameof(x));
        }

        float[] scales = ArrayPool<float>.Shared.Rent(x.Length + 1);
        int[] sums = ArrayPool<int>.Shared.Rent(LaneGroups * x.Length + 1);
        try
        {
            PrepareQ8(x, scales, sums);
            return Q4Q8Dot(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(x), ref scales[0], ref sums[0], a.Length, KernelDispatch.Current);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scales);
            ArrayPool<int>.Shared.Return(sums);
        }
    }

    /// <summary>
    /// y = W·x for Q4_0 weights (rows × cols, each row cols/32 blocks, as a GGUF tensor): x is quantized to Q8_0
    /// once with the reference quantizer (<see cref="BlockQ8_0.Quantize"/>), then each row is a Q4_0 × Q8_0 dot
    /// product (the llama.cpp CPU scheme), so y is the product of the decoded weights with the <em>quantized</em> x,
    /// not with x itself. Each block's Σ(q₄ − 8)·q₈ is an exact integer; its term d₄·d₈·sum is rounded and accumulated
    /// in float in an order that depends on the path (AVX2 + FMA: four rows × two blocks per step, d₄·d₈ rounded once
    /// and fused into the accumulator; otherwise one row at a time as <see cref="Dot(ReadOnlySpan{BlockQ4_0}, ReadOnlySpan{BlockQ8_0})"/>),
    /// so every row is within γ_(blocks+4)·Σ_b |d₄d₈|·Σ|q₄ − 8||q₈| of the exact sum of block terms.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="cols"/> is not a multiple of 32, a span's length does not
    /// match rows and cols, or x holds a NaN or infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="cols"/> is negative.</exception>
    public static unsafe void MatVec(ReadOnlySpan<BlockQ4_0> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        if (cols % BlockQ4_0.BlockSize != 0)
        {
            throw new ArgumentException($"'{nameof(cols)}' is {cols}, not a whole number of 32-value Q4_0 blocks.", nameof(cols));
        }

        int blocksPerRow = cols / BlockQ4_0.BlockSize;
        CheckMatVec(w.Length, (long)rows * blocksPerRow, x, y, rows, cols, nameof(w));
        BlockChecks.Finite(x, nameof(x));
        VectorPath path = KernelDispatch.Current;
        bool fourRows = path >= VectorPath.Vector256 && Avx2.IsSupported && Fma.IsSupported && rows >= 4 && blocksPerRow >= 2;
        BlockQ8_0[] rented = ArrayPool<BlockQ8_0>.Shared.Rent(blocksPerRow + 1);
        float[] scales = ArrayPool<float>.Shared.Rent(blocksPerRow + 1);
        int[] sums = ArrayPool<int>.Shared.Rent(LaneGroups * blocksPerRow + 1);
        float[] quadScales = ArrayPool<float>.Shared.Rent(fourRows ? 4 * blocksPerRow : 1);
        int[] quadSums = ArrayPool<int>.Shared.Rent(fourRows ? 4 * blocksPerRow : 1);
        try
        {
            Span<BlockQ8_0> xq = rented.AsSpan(0, blocksPerRow);
            BlockQ8_0.Quantize(x, xq);
            PrepareQ8(xq, scales, sums);
            ref BlockQ4_0 w0 = ref MemoryMarshal.GetReference(w);
            ref BlockQ8_0 x0 = ref rented[0];
            int r = 0;
            if (fourRows)
            {
                for (int b = 0; b < blocksPerRow; b++)
                {
                    int eightSum = 0;
                    for (int lane = 0; lane < LaneGroups; lane++) eightSum += sums[b * LaneGroups + lane];
                    quadScales.AsSpan(4 * b, 4).Fill(scales[b]);
                    quadSums.AsSpan(4 * b, 4).Fill(eightSum);
                }

                fixed (BlockQ4_0* pw = w)
                fixed (BlockQ8_0* px = rented)
                fixed (float* pScales = quadScales, py = y)
                fixed (int* pSums = quadSums)
                {
                    for (; r <= rows - 4; r += 4)
                    {
                        Q4Q8FourRowsAvx2(pw + (nint)r * blocksPerRow, px, pScales, pSums, ref scales[0], ref sums[0], blocksPerRow, py + r);
                    }
                }
            }

            for (; r < rows; r++)
            {
                y[r] = Q4Q8Dot(ref Unsafe.Add(ref w0, (nint)r * blocksPerRow), ref x0, ref scales[0], ref sums[0], blocksPerRow, path);
            }
        }
        finally
        {
            ArrayPool<BlockQ8_0>.Shared.Return(rented);
            ArrayPool<float>.Shared.Return(scales);
            ArrayPool<int>.Shared.Return(sums);
            ArrayPool<float>.Shared.Return(quadScales);
            ArrayPool<int>.Shared.Return(quadSums);
        }
    }

    /// <summary>
    /// The activation side of Q4_0 × Q8_0 dot products, computed once per vector and reused by every row: each
    /// block's scale as float, and 8·Σq over each group of four codes (<see cref="LaneGroups"/> per block, the
    /// int32 lanes of the AVX2 kernel), the nibble offset's contribution, subtracted lane by lane so every lane
    /// holds an exact partial Σ(q₄ − 8)·q₈ as before the offset was hoisted.
    /// </summary>
    private static void PrepareQ8(ReadOnlySpan<BlockQ8_0> x, float[] scales, int[] eightSums)
    {
        for (int b = 0; b < x.Length; b++)
        {
            scales[b] = HalfBits.ToSingle(x[b].D);
            for (int lane = 0; lane < LaneGroups; lane++)
            {
                int j = 4 * lane;
                eightSums[b * LaneGroups + lane] = 8 * (x[b].Qs[j] + x[b].Qs[j + 1] + x[b].Qs[j + 2] + x[b].Qs[j + 3]);
            }
        }
    }

    private const int LaneGroups = BlockQ8_0.BlockSize / 4;

    internal static float Q4Q8Dot(ref BlockQ4_0 a, ref BlockQ8_0 x, ref float xScales, ref int xEightSums, int blocks, VectorPath path)
    {
        if (path >= VectorPath.Vector256 && Avx2.IsSupported)
        {
            // Two blocks per step into two accumulators (the FMA latency chain would otherwise bound the loop).
            Vector256<float> acc0 = Vector256<float>.Zero, acc1 = Vector256<float>.Zero;
            int b = 0;
            for (; b <= blocks - 2; b += 2)
            {
                acc0 = Q4Q8BlockAvx2(ref Unsafe.Add(ref a, b), ref Unsafe.Add(ref x, b), Unsafe.Add(ref xScales, b), ref Unsafe.Add(ref xEightSums, b * LaneGroups), acc0);
                acc1 = Q4Q8BlockAvx2(ref Unsafe.Add(ref a, b + 1), ref Unsafe.Add(ref x, b + 1), Unsafe.Add(ref xScales, b + 1), ref Unsafe.Add(ref xEightSums, (b + 1) * LaneGroups), acc1);
            }

            if (b < blocks)
            {
                acc0 = Q4Q8BlockAvx2(ref Unsafe.Add(ref a, b), ref Unsafe.Add(ref x, b), Unsafe.Add(ref xScales, b), ref Unsafe.Add(ref xEightSums, b * LaneGroups), acc0);
            }

            return Vector256.Sum(acc0 + acc1);
        }

        if (path >= VectorPath.Vector128 && Dp.IsSupported)
        {
            Vector128<float> acc = Vector128<float>.Zero;
            Vector128<byte> lowMask = Vector128.Create((byte)0x0F);
            Vector128<sbyte> eight = Vector128.Create((sbyte)8);
            for (int b = 0; b < blocks; b++)
            {
                ref BlockQ4_0 qa = ref Unsafe.Add(ref a, b);
                ref BlockQ8_0 qx = ref Unsafe.Add(ref x, b);
                Vector128<byte> packed = Vector128.LoadUnsafe(ref Unsafe.As<BlockQ4_0.Nibbles, byte>(ref qa.Qs));
                Vector128<sbyte> low = (packed & lowMask).AsSByte() - eight, high = (packed >>> 4).AsSByte() - eight;
                ref sbyte q8 = ref Unsafe.As<BlockQ8_0.Codes, sbyte>(ref qx.Qs);
                Vector128<int> exact = Dp.DotProduct(Dp.DotProduct(Vector128<int>.Zero, low, Vector128.LoadUnsafe(ref q8)),
                                                     high, Vector128.LoadUnsafe(ref q8, 16));
                acc += Vector128.Create(HalfBits.ToSingle(qa.D) * Unsafe.Add(ref xScales, b)) * Vector128.ConvertToSingle(exact);
            }

            return Vector128.Sum(acc);
        }

        if (path >= VectorPath.Vector128)
        {
            // Portable: nibbles − 8 and Q8 codes widened to int16; products (|p| ≤ 1024) widened to int32.
            Vector128<float> acc = Vector128<float>.Zero;
            Vector128<byte> lowMask = Vector128.Create((byte)0x0F);
            Vector128<short> eight = Vector128.Create((short)8);
            for (int b = 0; b < blocks; b++)
            {
                ref BlockQ4_0 qa = ref Unsafe.Add(ref a, b);
                ref BlockQ8_0 qx = ref Unsafe.Add(ref x, b);
                Vector128<byte> packed = Vector128.LoadUnsafe(ref Unsafe.As<BlockQ4_0.Nibbles, byte>(ref qa.Qs));
                Vector128<byte> low = packed & lowMask, high = packed >>> 4;
                ref sbyte q8 = ref Unsafe.As<BlockQ8_0.Codes, sbyte>(ref qx.Qs);
                Vector128<sbyte> x0 = Vector128.LoadUnsafe(ref q8), x1 = Vector128.LoadUnsafe(ref q8, 16);
                Vector128<short> p0 = (Vector128.WidenLower(low).AsInt16() - eight) * Vector128.WidenLower(x0);
                Vector128<short> p1 = (Vector128.WidenUpper(low).AsInt16() - eight) * Vector128.WidenUpper(x0);
                Vector128<short> p2 = (Vector128.WidenLower(high).AsInt16() - eight) * Vector128.WidenLower(x1);
                Vector128<short> p3 = (Vector128.WidenUpper(high).AsInt16() - eight) * Vector128.WidenUpper(x1);
                Vector128<int> exact = Vector128.WidenLower(p0) + Vector128.WidenUpper(p0) + Vector128.WidenLower(p1) + Vector128.WidenUpper(p1)
                    + Vector128.WidenLower(p2) + Vector128.WidenUpper(p2) + Vector128.WidenLower(p3) + Vector128.WidenUpper(p3);
                acc += Vector128.Create(HalfBits.ToSingle(qa.D) * Unsafe.Add(ref xScales, b)) * Vector128.ConvertToSingle(exact);
            }

            return Vector128.Sum(acc);
        }

        float sum = 0f;
        for (int b = 0; b < blocks; b++)
        {
            ref BlockQ4_0 qa = ref Unsafe.Add(ref a, b);
            ref BlockQ8_0 qx = ref Unsafe.Add(ref x, b);
            int exact = 0;
            for (int j = 0; j < 16; j++)
            {
                byte q = qa.Qs[j];
                exact += ((q & 0xF) - 8) * qx.Qs[j] + ((q >> 4) - 8) * qx.Qs[j + 16];
            }

            sum += HalfBits.ToSingle(qa.D) * Unsafe.Add(ref xScales, b) * exact;
        }

        return sum;
    }

    /// <summary>
    /// One block on AVX2: codes 0…15 (low nibbles then high) times the Q8 codes by <c>pmaddubsw</c> (|pair sum| ≤
    /// 2·15·128, no saturation), pairs widened by <c>pmaddwd</c>, minus each lane's 8·Σq so every lane holds its
    /// exact Σ(q₄ − 8)·q₈, then scaled by d₄·d₈ and accumulated.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Q4Q8BlockAvx2(ref BlockQ4_0 qa, ref BlockQ8_0 qx, float xScale, ref int xEightSums, Vector256<float> acc)
    {
        Vector128<byte> packed = Vector128.LoadUnsafe(ref Unsafe.As<BlockQ4_0.Nibbles, byte>(ref qa.Qs));
        Vector256<byte> codes = Vector256.Create(packed, packed >>> 4) & Vector256.Create((byte)0x0F);
        Vector256<sbyte> q8 = Vector256.LoadUnsafe(ref Unsafe.As<BlockQ8_0.Codes, sbyte>(ref qx.Qs));
        Vector256<int> products = Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(codes, q8), Vector256.Create((short)1));
        Vector256<int> exact = products - Vector256.LoadUnsafe(ref xEightSums);
        Vector256<float> scale = Vector256.Create(HalfBits.ToSingle(qa.D) * xScale);
        return Fma.IsSupported
            ? Fma.MultiplyAdd(scale, Vector256.ConvertToSingle(exact), acc)
            : acc + scale * Vector256.ConvertToSingle(exact);
    }
}
