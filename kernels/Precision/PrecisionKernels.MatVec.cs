using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
        VectorPath path = KernelDispatch.Current;
        ref TStorage w0 = ref MemoryMarshal.GetReference(w);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        for (int r = 0; r < rows; r++)
        {
            y[r] = DecodeDot<TStorage, TDecoder>(ref Unsafe.Add(ref w0, (nint)r * cols), ref x0, cols, path);
        }
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
