using System;
using TensorGen.Numerics;

namespace TensorGen.Precision;

public static partial class PrecisionKernels
{
    /// <summary>
    /// y = W·x for Q4_0 weights repacked by <see cref="PackedQ4_0.Pack"/>, the llama.cpp CPU scheme: x is quantized
    /// to Q8_0 once per call with the reference quantizer (<see cref="BlockQ8_0.Quantize"/>), into buffers kept per
    /// calling thread, so a call allocates nothing after the first on a thread (the multithreaded split itself aside).
    /// <para>
    /// y[i] = Σ_b fl(fl(d_w[i,b]·d_x[b])·s[i,b]) summed in f32 from 0 in increasing block order, s the exact integer
    /// Σ (q₄ − 8)·q₈ of the block (|s| &lt; 2²⁴, so its float is exact): the arithmetic of
    /// <see cref="MatMulQ8(ReadOnlySpan{BlockQ4_0}, ReadOnlySpan{float}, Span{float}, int, int, int)"/>, so y equals the matching column of the batched product bit for bit, on every vector
    /// path (AVX-512 BW <c>vpmaddubsw</c>, AVX-VNNI <c>vpdpbusd</c>, AVX2, SSSE3, ARM <c>sdot</c>, scalar) and for any
    /// thread count. Row groups are split over <see cref="KernelThreads.Current"/> threads; the vector path is the
    /// tuner's <see cref="Machine.KernelChoices.PackedQ4MatVec"/>.
    /// </para>
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="w"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not hold w.Cols values or holds a NaN or infinity,
    /// <paramref name="y"/> does not hold w.Rows values, or <paramref name="y"/> overlaps <paramref name="x"/>.</exception>
    public static void MatVec(PackedQ4_0 w, ReadOnlySpan<float> x, Span<float> y)
    {
        ArgumentNullException.ThrowIfNull(w);
        BlockChecks.Length(x.Length, w.Cols, nameof(x));
        BlockChecks.Length(y.Length, w.Rows, nameof(y));
        if (x.Overlaps(y))
        {
            throw new ArgumentException($"'{nameof(y)}' overlaps '{nameof(x)}'; the output must not share memory with an input.", nameof(y));
        }

        BlockChecks.Finite(x, nameof(x));
        PackedQ4Gemv.Multiply(w, x, y, Machine.KernelChoices.PackedQ4MatVec.Path, KernelThreads.Current);
    }

    /// <summary>
    /// C = W·X for Q4_0 weights repacked by <see cref="PackedQ4_0.Pack"/> and activations quantized to Q8_0, the
    /// llama.cpp scheme for a few tokens at once: <paramref name="b"/> holds X (w.Cols × <paramref name="n"/> f32,
    /// row-major; column j is token j), <paramref name="c"/> receives C (w.Rows × n, row-major, overwritten).
    /// Each column is quantized once per call; then row groups run in parallel on <see cref="KernelThreads.Current"/>
    /// threads, eight tokens per register tile. C[i, j] has exactly the roundings of
    /// <see cref="MatVec(PackedQ4_0, ReadOnlySpan{float}, Span{float})"/> on column j, and of <see cref="MatMulQ8(ReadOnlySpan{BlockQ4_0}, ReadOnlySpan{float}, Span{float}, int, int, int)"/>
    /// on the unpacked weights, on every path and thread count. The vector path is the tuner's
    /// <see cref="Machine.KernelChoices.PackedQ4MatMul"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="w"/> is null.</exception>
    /// <exception cref="ArgumentException">A span's length does not match w and n, <paramref name="c"/> overlaps
    /// <paramref name="b"/>, or X holds a NaN or infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public static unsafe void MatMulQ8(PackedQ4_0 w, ReadOnlySpan<float> b, Span<float> c, int n)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        BlockChecks.Length(b.Length, (long)w.Cols * n, nameof(b));
        BlockChecks.Length(c.Length, (long)w.Rows * n, nameof(c));
        if (b.Overlaps(c))
        {
            throw new ArgumentException($"'{nameof(c)}' overlaps '{nameof(b)}'; the output must not share memory with an input.", nameof(c));
        }

        BlockChecks.Finite(b, nameof(b));
        fixed (float* pb = b, pc = c)
        {
            PackedQ4Gemm.Multiply(w, pb, pc, n, Machine.KernelChoices.PackedQ4MatMul.Path, KernelThreads.Current);
        }
    }
}
