using System;
using System.Buffers;
using TensorGen.Numerics;
using TensorGen.Semirings;

namespace TensorGen.Precision;

// GEMM with compressed weights and f32 accumulation: C (m × n) = A (m × k, compressed, row-major) · B (k × n, f32,
// row-major). The weights are decoded a row panel at a time (at most PanelElements floats, never fewer than
// MinPanelRows rows) into pooled f32 scratch, and each panel goes through the f32 BLIS driver of PlusTimesSingle
// (packing, cache blocking, the FMA micro-kernels, the caller's thread count). Decoding costs O(m·k) against the
// O(m·n·k) product, and the full f32 copy of the weights is never materialised.
public static partial class PrecisionKernels
{
    private const int PanelElements = 1 << 18;
    private const int MinPanelRows = 96;

    /// <summary>C = A·B with bfloat16 weights <paramref name="a"/> (m × k, row-major), f32 <paramref name="b"/> (k × n) and <paramref name="c"/> (m × n, overwritten); within γₖ·Σ|a||b| of the exact product of the decoded weights.</summary>
    /// <exception cref="ArgumentException">A span's length does not match m, n and k, or <paramref name="c"/> overlaps <paramref name="b"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">m, n or k is negative.</exception>
    public static void MatMul(ReadOnlySpan<BFloat16> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k) =>
        DecodeMatMul<BFloat16, BFloat16Decoder>(a, b, c, m, n, k);

    /// <summary>C = A·B with half weights <paramref name="a"/> (m × k, row-major), f32 <paramref name="b"/> (k × n) and <paramref name="c"/> (m × n, overwritten); within γₖ·Σ|a||b| of the exact product of the decoded weights.</summary>
    /// <exception cref="ArgumentException">A span's length does not match m, n and k, or <paramref name="c"/> overlaps <paramref name="b"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">m, n or k is negative.</exception>
    public static void MatMul(ReadOnlySpan<Half> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k) =>
        DecodeMatMul<Half, HalfDecoder>(a, b, c, m, n, k);

    /// <summary>C = A·B with posit8 weights <paramref name="a"/> (m × k, row-major), f32 <paramref name="b"/> (k × n) and <paramref name="c"/> (m × n, overwritten); within γₖ·Σ|a||b| of the exact product of the decoded weights.</summary>
    /// <exception cref="ArgumentException">A span's length does not match m, n and k, or <paramref name="c"/> overlaps <paramref name="b"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">m, n or k is negative.</exception>
    public static void MatMul(ReadOnlySpan<Posit8> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k) =>
        DecodeMatMul<Posit8, Posit8Decoder>(a, b, c, m, n, k);

    /// <summary>C = A·B with posit16 weights <paramref name="a"/> (m × k, row-major), f32 <paramref name="b"/> (k × n) and <paramref name="c"/> (m × n, overwritten); within γₖ·Σ|a||b| of the exact product of the decoded weights.</summary>
    /// <exception cref="ArgumentException">A span's length does not match m, n and k, or <paramref name="c"/> overlaps <paramref name="b"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">m, n or k is negative.</exception>
    public static void MatMul(ReadOnlySpan<Posit16> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k) =>
        DecodeMatMul<Posit16, Posit16Decoder>(a, b, c, m, n, k);

    /// <summary>C = A·B with posit16 (es = 2) weights <paramref name="a"/> (m × k, row-major), f32 <paramref name="b"/> (k × n) and <paramref name="c"/> (m × n, overwritten); within γₖ·Σ|a||b| of the exact product of the decoded weights.</summary>
    /// <exception cref="ArgumentException">A span's length does not match m, n and k, or <paramref name="c"/> overlaps <paramref name="b"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">m, n or k is negative.</exception>
    public static void MatMul(ReadOnlySpan<Posit16Es2> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k) =>
        DecodeMatMul<Posit16Es2, Posit16Es2Decoder>(a, b, c, m, n, k);

    /// <summary>
    /// C = A·B with Q4_0 weights <paramref name="a"/> (m rows of k/32 blocks, as a GGUF tensor), f32 <paramref name="b"/>
    /// (k × n) and <paramref name="c"/> (m × n, overwritten): the blocks are dequantized as ggml's
    /// <c>dequantize_row_q4_0</c> does and multiplied in f32 (activations are not requantized, unlike
    /// <see cref="MatVec(ReadOnlySpan{BlockQ4_0}, ReadOnlySpan{float}, Span{float}, int, int)"/>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="k"/> is not a multiple of 32, a span's length does not match, or <paramref name="c"/> overlaps <paramref name="b"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">m, n or k is negative.</exception>
    public static void MatMul(ReadOnlySpan<BlockQ4_0> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (k % BlockQ4_0.BlockSize != 0)
        {
            throw new ArgumentException($"'{nameof(k)}' = {k} is not a whole number of {BlockQ4_0.BlockSize}-value Q4_0 blocks.", nameof(k));
        }

        CheckMatMulShape(a.Length, (long)m * (k / BlockQ4_0.BlockSize), "blocks", b, c, m, n, k);
        int blocksPerRow = k / BlockQ4_0.BlockSize;
        float[] scratch = RentPanel(m, k, out int panelRows);
        try
        {
            for (int r0 = 0; r0 < m; r0 += panelRows)
            {
                int rows = Math.Min(panelRows, m - r0);
                Span<float> panel = scratch.AsSpan(0, rows * k);
                BlockQ4_0.Dequantize(a.Slice(r0 * blocksPerRow, rows * blocksPerRow), panel);
                PlusTimesSingle.MatMul(panel, b, c.Slice(r0 * n, rows * n), rows, n, k);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// C = A·B with int8 weights <paramref name="a"/> (m × k) quantized per row with <paramref name="scales"/> (as
    /// <see cref="Int8Quantization.QuantizePerRow"/> writes them), f32 <paramref name="b"/> and <paramref name="c"/> (overwritten):
    /// row r of A is decoded to q·scales[r] and the product taken in f32.
    /// </summary>
    /// <exception cref="ArgumentException">A span's length does not match m, n and k, or <paramref name="c"/> overlaps <paramref name="b"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">m, n or k is negative.</exception>
    public static void MatMul(ReadOnlySpan<sbyte> a, ReadOnlySpan<float> scales, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k)
    {
        CheckMatMulShape(a.Length, (long)m * k, "elements", b, c, m, n, k);
        if (scales.Length != m)
        {
            throw new ArgumentException($"'{nameof(scales)}' holds {scales.Length} elements; expected m = {m} (one per row).", nameof(scales));
        }

        float[] scratch = RentPanel(m, k, out int panelRows);
        try
        {
            for (int r0 = 0; r0 < m; r0 += panelRows)
            {
                int rows = Math.Min(panelRows, m - r0);
                Span<float> panel = scratch.AsSpan(0, rows * k);
                for (int r = 0; r < rows; r++)
                {
                    Int8Quantization.Dequantize(a.Slice((r0 + r) * k, k), scales[r0 + r], panel.Slice(r * k, k));
                }

                PlusTimesSingle.MatMul(panel, b, c.Slice(r0 * n, rows * n), rows, n, k);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    private static void DecodeMatMul<TStorage, TDecoder>(ReadOnlySpan<TStorage> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k)
        where TStorage : unmanaged
        where TDecoder : IFormatDecoder<TStorage>
    {
        CheckMatMulShape(a.Length, (long)m * k, "elements", b, c, m, n, k);
        float[] scratch = RentPanel(m, k, out int panelRows);
        try
        {
            for (int r0 = 0; r0 < m; r0 += panelRows)
            {
                int rows = Math.Min(panelRows, m - r0);
                Span<float> panel = scratch.AsSpan(0, rows * k);
                NumericConvert.Decode<TStorage, TDecoder>(a.Slice(r0 * k, rows * k), panel);
                PlusTimesSingle.MatMul(panel, b, c.Slice(r0 * n, rows * n), rows, n, k);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>Pooled f32 scratch for one decoded row panel of an m × k weight matrix, and the panel's row count.</summary>
    private static float[] RentPanel(int m, int k, out int panelRows)
    {
        panelRows = Math.Max(1, Math.Min(m, Math.Max(MinPanelRows, PanelElements / Math.Max(k, 1))));
        return ArrayPool<float>.Shared.Rent(panelRows * k);
    }

    private static void CheckMatMulShape(int aLength, long aExpected, string unit, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (aLength != aExpected)
        {
            throw new ArgumentException($"'a' holds {aLength} {unit}; an {m} x {k} matrix needs {aExpected}.", "a");
        }

        if (b.Length != (long)k * n)
        {
            throw new ArgumentException($"'{nameof(b)}' holds {b.Length} elements; a {k} x {n} matrix needs {(long)k * n}.", nameof(b));
        }

        if (c.Length != (long)m * n)
        {
            throw new ArgumentException($"'{nameof(c)}' holds {c.Length} elements; an {m} x {n} matrix needs {(long)m * n}.", nameof(c));
        }

        if (b.Overlaps(c))
        {
            throw new ArgumentException($"'{nameof(c)}' overlaps '{nameof(b)}'; the output must not share memory with an input.", nameof(c));
        }
    }
}
