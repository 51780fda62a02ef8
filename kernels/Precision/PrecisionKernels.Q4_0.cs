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

        return Q4Q8Dot(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(x), a.Length, KernelDispatch.Current);
    }

    /// <summary>
    /// y = W·x for Q4_0 weights (rows × cols, each row cols/32 blocks, as a GGUF tensor): x is quantized to Q8_0
    /// once with the reference quantizer, then each row is a Q4_0 × Q8_0 dot product (the llama.cpp CPU scheme).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="cols"/> is not a multiple of 32, a span's length does not
    /// match rows and cols, or x holds a NaN or infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="cols"/> is negative.</exception>
    public static void MatVec(ReadOnlySpan<BlockQ4_0> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols)
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
        BlockQ8_0[] rented = ArrayPool<BlockQ8_0>.Shared.Rent(blocksPerRow);
        try
        {
            Span<BlockQ8_0> xq = rented.AsSpan(0, blocksPerRow);
            BlockQ8_0.Quantize(x, xq);
            VectorPath path = KernelDispatch.Current;
            ref BlockQ4_0 w0 = ref MemoryMarshal.GetReference(w);
            ref BlockQ8_0 x0 = ref MemoryMarshal.GetReference(xq);
            for (int r = 0; r < rows; r++)
            {
                y[r] = Q4Q8Dot(ref Unsafe.Add(ref w0, (nint)r * blocksPerRow), ref x0, blocksPerRow, path);
            }
        }
        finally
        {
            ArrayPool<BlockQ8_0>.Shared.Return(rented);
        }
    }

    internal static float Q4Q8Dot(ref BlockQ4_0 a, ref BlockQ8_0 x, int blocks, VectorPath path)
    {
        if (path >= VectorPath.Vector256 && Avx2.IsSupported)
        {
            Vector256<float> acc = Vector256<float>.Zero;
            Vector256<byte> lowMask = Vector256.Create((byte)0x0F);
            Vector256<short> onesShort = Vector256.Create((short)1);
            Vector256<byte> onesByte = Vector256.Create((byte)1);
            for (int b = 0; b < blocks; b++)
            {
                ref BlockQ4_0 qa = ref Unsafe.Add(ref a, b);
                ref BlockQ8_0 qx = ref Unsafe.Add(ref x, b);
                Vector128<byte> packed = Vector128.LoadUnsafe(ref Unsafe.As<BlockQ4_0.Nibbles, byte>(ref qa.Qs));
                // Elements 0..15 are the low nibbles, 16..31 the high nibbles: one 256-bit register of codes 0..15.
                Vector256<byte> codes = Vector256.Create(packed, packed >>> 4) & lowMask;
                Vector256<sbyte> q8 = Vector256.LoadUnsafe(ref Unsafe.As<BlockQ8_0.Codes, sbyte>(ref qx.Qs));
                Vector256<int> products = Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(codes, q8), onesShort);
                Vector256<int> sumX = Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(onesByte, q8), onesShort);
                Vector256<int> exact = products - (sumX << 3);
                float d = (float)qa.D * (float)qx.D;
                acc += Vector256.Create(d) * Vector256.ConvertToSingle(exact);
            }

            return Vector256.Sum(acc);
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
                acc += Vector128.Create((float)qa.D * (float)qx.D) * Vector128.ConvertToSingle(exact);
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
                acc += Vector128.Create((float)qa.D * (float)qx.D) * Vector128.ConvertToSingle(exact);
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

            sum += (float)qa.D * (float)qx.D * exact;
        }

        return sum;
    }
}
