using System;
using System.Collections.Generic;
using TensorGen.Numerics;
using TensorGen.Precision;
using TensorGen.Semirings;

namespace TensorGen.Bench.Report;

/// <summary>
/// The batched Q4_0 × Q8_0 GEMM rows (single thread): <see cref="PrecisionKernels.MatMulQ8"/> at m = n = k = 1024
/// (512 with --quick) and at a llama-like shape, a 4096 × 4096 weight matrix times 32 tokens
/// (<c>precision.q4_0q8_0.gemm.1024.t1</c>, <c>precision.q4_0q8_0.gemm.4096x32x4096.t1</c>), against the same
/// Q4_0 weights decoded to f32 panels and multiplied by our f32 GEMM (<c>PrecisionKernels.MatMul</c>) and against
/// our f32 GEMM on f32 weights (<see cref="PlusTimesSingle.MatMul(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int)"/>).
/// Before timing, sampled entries are checked against the decoded-weight product within 2% of Σ|w·x| (the
/// activations' Q8_0 rounding), and a failed check throws.
/// </summary>
internal static class Q8GemmCases
{
    public static IEnumerable<PrecisionRow> Run(bool quick, Random rng)
    {
        int square = quick ? 512 : 1024;
        yield return Row($"precision.q4_0q8_0.gemm.{square}.t1", square, square, square, rng);
        yield return Row("precision.q4_0q8_0.gemm.4096x32x4096.t1", 4096, 32, 4096, rng);
    }

    private static PrecisionRow Row(string id, int m, int n, int k, Random rng)
    {
        var w = new float[m * k];
        var x = new float[k * n];
        for (int i = 0; i < w.Length; i++) w[i] = (float)(rng.NextDouble() * 2 - 1);
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        var q4 = new BlockQ4_0[w.Length / BlockQ4_0.BlockSize];
        BlockQ4_0.Quantize(w, q4);
        var c = new float[m * n];
        var reference = new float[m * n];
        PrecisionKernels.MatMul(q4, x, reference, m, n, k);
        PrecisionKernels.MatMulQ8(q4, x, c, m, n, k);
        Check(id, q4, x, c, m, n, k);

        var peers = new List<(string, double)>
        {
            ("q4_0 decode + f32 gemm", Best(() => PrecisionKernels.MatMul(q4, x, reference, m, n, k))),
            ("f32 gemm (ours)", Best(() => PlusTimesSingle.MatMul(w, x, reference, m, n, k))),
        };
        double seconds = Best(() => PrecisionKernels.MatMulQ8(q4, x, c, m, n, k));
        return new PrecisionRow(id, "q4_0q8_0", "gemm", m, 2.0 * m * n * k, seconds, 18.0 * q4.Length, peers);
    }

    /// <summary>Sampled entries against Σ decoded(w)·x in double: |error| ≤ 0.02·Σ|w·x| (Q8_0 rounds x by up to amax/254).</summary>
    private static void Check(string id, BlockQ4_0[] q4, float[] x, float[] c, int m, int n, int k)
    {
        var row = new float[k];
        int blocks = k / BlockQ4_0.BlockSize;
        for (int r = 0; r < m; r += Math.Max(1, m / 16))
        {
            BlockQ4_0.Dequantize(q4.AsSpan(r * blocks, blocks), row);
            for (int j = 0; j < n; j += Math.Max(1, n / 8))
            {
                double exact = 0, magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    exact += (double)row[p] * x[p * n + j];
                    magnitude += Math.Abs((double)row[p] * x[p * n + j]);
                }

                if (Math.Abs(c[r * n + j] - exact) > 0.02 * magnitude)
                {
                    throw new InvalidOperationException($"{id}: C[{r},{j}] = {c[r * n + j]}, decoded product {exact:G6} (Σ|wx| = {magnitude:G3}).");
                }
            }
        }
    }

    private static double Best(Action action) => Timing.BestOf(action, runs: 5);
}
