using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TensorGen.Numerics;

namespace TensorGen.Precision;

public static partial class PrecisionKernels
{
    /// <summary>y = W·x for a row-major rows × cols bfloat16 <paramref name="w"/>, float accumulation per row.</summary>
    /// <exception cref="ArgumentException">A span's length does not match rows and cols, or <paramref name="y"/> overlaps <paramref name="x"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="cols"/> is negative.</exception>
    public static void MatVec(ReadOnlySpan<BFloat16> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols) =>
        DecodeMatVec<BFloat16, BFloat16Decoder>(w, x, y, rows, cols);

    /// <summary>y = W·x for a row-major rows × cols half <paramref name="w"/>, float accumulation per row.</summary>
    /// <exception cref="ArgumentException">A span's length does not match rows and cols, or <paramref name="y"/> overlaps <paramref name="x"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="cols"/> is negative.</exception>
    public static void MatVec(ReadOnlySpan<Half> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols) =>
        DecodeMatVec<Half, HalfDecoder>(w, x, y, rows, cols);

    /// <summary>y = W·x for a row-major rows × cols posit8 <paramref name="w"/>, float accumulation per row.</summary>
    /// <exception cref="ArgumentException">A span's length does not match rows and cols, or <paramref name="y"/> overlaps <paramref name="x"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="cols"/> is negative.</exception>
    public static void MatVec(ReadOnlySpan<Posit8> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols) =>
        DecodeMatVec<Posit8, Posit8Decoder>(w, x, y, rows, cols);

    /// <summary>y = W·x for a row-major rows × cols posit16 <paramref name="w"/>, float accumulation per row.</summary>
    /// <exception cref="ArgumentException">A span's length does not match rows and cols, or <paramref name="y"/> overlaps <paramref name="x"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="cols"/> is negative.</exception>
    public static void MatVec(ReadOnlySpan<Posit16> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols) =>
        DecodeMatVec<Posit16, Posit16Decoder>(w, x, y, rows, cols);

    /// <summary>y = W·x for a row-major rows × cols posit16 (es = 2) <paramref name="w"/>, float accumulation per row.</summary>
    /// <exception cref="ArgumentException">A span's length does not match rows and cols, or <paramref name="y"/> overlaps <paramref name="x"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="cols"/> is negative.</exception>
    public static void MatVec(ReadOnlySpan<Posit16Es2> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols) =>
        DecodeMatVec<Posit16Es2, Posit16Es2Decoder>(w, x, y, rows, cols);

    private static void DecodeMatVec<TStorage, TDecoder>(ReadOnlySpan<TStorage> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols)
        where TStorage : unmanaged
        where TDecoder : IFormatDecoder<TStorage>
    {
        CheckMatVec(w.Length, (long)rows * cols, x, y, rows, cols, nameof(w));
        VectorPath path = Machine.KernelChoices.DecodeMatVec.Path;
        ref TStorage w0 = ref MemoryMarshal.GetReference(w);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        int r = 0;
        if (path == VectorPath.Vector512 && Avx512F.IsSupported && Fma.IsSupported)
        {
            for (; r <= rows - 4; r += 4)
            {
                DecodeFourRows512<TStorage, TDecoder>(ref Unsafe.Add(ref w0, (nint)r * cols), cols, ref x0, y.Slice(r, 4));
            }
        }
        else if (path == VectorPath.Vector256 && Fma.IsSupported)
        {
            for (; r <= rows - 4; r += 4)
            {
                DecodeFourRows256<TStorage, TDecoder>(ref Unsafe.Add(ref w0, (nint)r * cols), cols, 0, ref x0, y.Slice(r, 4));
            }
        }

        for (; r < rows; r++)
        {
            y[r] = DecodeDot<TStorage, TDecoder>(ref Unsafe.Add(ref w0, (nint)r * cols), ref x0, cols, path);
        }
    }

    /// <summary>
    /// Four rows at once on AVX2 + FMA, columns <paramref name="start"/> to the end: each chunk of x is loaded once
    /// for four rows' decoded weights, which halves the loads per weight and keeps eight independent FMA chains in flight.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DecodeFourRows256<TStorage, TDecoder>(ref TStorage w, int cols, int start, ref float x, Span<float> y)
        where TStorage : unmanaged
        where TDecoder : IFormatDecoder<TStorage>
    {
        ref TStorage w1 = ref Unsafe.Add(ref w, cols), w2 = ref Unsafe.Add(ref w, 2 * cols), w3 = ref Unsafe.Add(ref w, 3 * cols);
        Vector256<float> a0 = default, b0 = default, a1 = default, b1 = default, a2 = default, b2 = default, a3 = default, b3 = default;
        int i = start;
        for (; i <= cols - 16; i += 16)
        {
            Vector256<float> xLow = Vector256.LoadUnsafe(ref x, (nuint)i), xHigh = Vector256.LoadUnsafe(ref x, (nuint)i + 8);
            StorageLoad.Load256<TStorage, TDecoder>(ref Unsafe.Add(ref w, i), out Vector256<float> low, out Vector256<float> high);
            a0 = Fma.MultiplyAdd(low, xLow, a0);
            b0 = Fma.MultiplyAdd(high, xHigh, b0);
            StorageLoad.Load256<TStorage, TDecoder>(ref Unsafe.Add(ref w1, i), out low, out high);
            a1 = Fma.MultiplyAdd(low, xLow, a1);
            b1 = Fma.MultiplyAdd(high, xHigh, b1);
            StorageLoad.Load256<TStorage, TDecoder>(ref Unsafe.Add(ref w2, i), out low, out high);
            a2 = Fma.MultiplyAdd(low, xLow, a2);
            b2 = Fma.MultiplyAdd(high, xHigh, b2);
            StorageLoad.Load256<TStorage, TDecoder>(ref Unsafe.Add(ref w3, i), out low, out high);
            a3 = Fma.MultiplyAdd(low, xLow, a3);
            b3 = Fma.MultiplyAdd(high, xHigh, b3);
        }

        float s0 = Vector256.Sum(a0 + b0), s1 = Vector256.Sum(a1 + b1), s2 = Vector256.Sum(a2 + b2), s3 = Vector256.Sum(a3 + b3);
        for (; i < cols; i++)
        {
            float xi = Unsafe.Add(ref x, i);
            s0 += TDecoder.Scalar(Unsafe.Add(ref w, i)) * xi;
            s1 += TDecoder.Scalar(Unsafe.Add(ref w1, i)) * xi;
            s2 += TDecoder.Scalar(Unsafe.Add(ref w2, i)) * xi;
            s3 += TDecoder.Scalar(Unsafe.Add(ref w3, i)) * xi;
        }

        y[0] = s0;
        y[1] = s1;
        y[2] = s2;
        y[3] = s3;
    }

    /// <summary>Four rows at once on AVX-512, as <see cref="DecodeFourRows256"/>: 32 weights of each row per step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DecodeFourRows512<TStorage, TDecoder>(ref TStorage w, int cols, ref float x, Span<float> y)
        where TStorage : unmanaged
        where TDecoder : IFormatDecoder<TStorage>
    {
        ref TStorage w1 = ref Unsafe.Add(ref w, cols), w2 = ref Unsafe.Add(ref w, 2 * cols), w3 = ref Unsafe.Add(ref w, 3 * cols);
        Vector512<float> a0 = default, b0 = default, a1 = default, b1 = default, a2 = default, b2 = default, a3 = default, b3 = default;
        int i = 0;
        for (; i <= cols - 32; i += 32)
        {
            Vector512<float> xLow = Vector512.LoadUnsafe(ref x, (nuint)i), xHigh = Vector512.LoadUnsafe(ref x, (nuint)i + 16);
            StorageLoad.Load512<TStorage, TDecoder>(ref Unsafe.Add(ref w, i), out Vector512<float> low, out Vector512<float> high);
            a0 = Avx512F.FusedMultiplyAdd(low, xLow, a0);
            b0 = Avx512F.FusedMultiplyAdd(high, xHigh, b0);
            StorageLoad.Load512<TStorage, TDecoder>(ref Unsafe.Add(ref w1, i), out low, out high);
            a1 = Avx512F.FusedMultiplyAdd(low, xLow, a1);
            b1 = Avx512F.FusedMultiplyAdd(high, xHigh, b1);
            StorageLoad.Load512<TStorage, TDecoder>(ref Unsafe.Add(ref w2, i), out low, out high);
            a2 = Avx512F.FusedMultiplyAdd(low, xLow, a2);
            b2 = Avx512F.FusedMultiplyAdd(high, xHigh, b2);
            StorageLoad.Load512<TStorage, TDecoder>(ref Unsafe.Add(ref w3, i), out low, out high);
            a3 = Avx512F.FusedMultiplyAdd(low, xLow, a3);
            b3 = Avx512F.FusedMultiplyAdd(high, xHigh, b3);
        }

        // The last 0 to 31 columns through the 256-bit rows and their scalar tail, then this path's sums added.
        DecodeFourRows256<TStorage, TDecoder>(ref w, cols, i, ref x, y);
        y[0] += Vector512.Sum(a0 + b0);
        y[1] += Vector512.Sum(a1 + b1);
        y[2] += Vector512.Sum(a2 + b2);
        y[3] += Vector512.Sum(a3 + b3);
    }

    private static void CheckMatVec(int wLength, long wExpected, ReadOnlySpan<float> x, Span<float> y, int rows, int cols, string wName)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        if (wLength != wExpected)
        {
            throw new ArgumentException($"'{wName}' holds {wLength} elements; a {rows} x {cols} matrix needs {wExpected}.", wName);
        }

        if (x.Length != cols)
        {
            throw new ArgumentException($"'{nameof(x)}' holds {x.Length} elements; expected cols = {cols}.", nameof(x));
        }

        if (y.Length != rows)
        {
            throw new ArgumentException($"'{nameof(y)}' holds {y.Length} elements; expected rows = {rows}.", nameof(y));
        }

        if (x.Overlaps(y))
        {
            throw new ArgumentException($"'{nameof(y)}' overlaps '{nameof(x)}'; the output must not share memory with an input.", nameof(y));
        }
    }
}
