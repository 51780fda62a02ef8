using System;
using System.Collections.Generic;
using TensorGen.Numerics;
using TensorGen.Precision;
using TensorGen.Semirings;

namespace TensorGen.Bench.Report;

/// <summary>
/// The batched Q4_0 × Q8_0 GEMM rows: the packed GEMM (<see cref="PackedQ4_0"/>) at m = n = k = 1024 (512 with
/// --quick) and at a llama-like shape, a 4096 × 4096 weight matrix times 32 tokens, on one thread and two
/// (<c>precision.q4_0q8_0.gemm.1024.t1</c>, <c>precision.q4_0q8_0.gemm.4096x32x4096.t2</c>), against the row-major
/// GEMM on the same blocks, the Q4_0 weights decoded to f32 panels and multiplied by our f32 GEMM
/// (<c>PrecisionKernels.MatMul</c>) and our f32 GEMM on f32 weights (<see cref="PlusTimesSingle.MatMul(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int)"/>).
/// Before timing, sampled entries are checked against the decoded-weight product within 2% of Σ|w·x| (the
/// activations' Q8_0 rounding), and a failed check throws.
/// </summary>
internal static class Q8GemmCases
{
    public static IEnumerable<PrecisionRow> Run(bool quick, Random rng)
    {
        int square = quick ? 512 : 1024;
        foreach (PrecisionRow row in Rows($"precision.q4_0q8_0.gemm.{square}", square, square, square, rng)) yield return row;
        foreach (PrecisionRow row in Rows("precision.q4_0q8_0.gemm.4096x32x4096", 4096, 32, 4096, rng)) yield return row;
    }

    /// <summary>
    /// The packed GEMM on one thread (against the row-major GEMM on the same blocks, the decode + f32 route and f32)
    /// and on two (against itself on one). Packed and row-major must agree bit for bit, on both thread counts.
    /// </summary>
    private static IEnumerable<PrecisionRow> Rows(string id, int m, int n, int k, Random rng)
    {
        var w = new float[m * k];
        var x = new float[k * n];
        for (int i = 0; i < w.Length; i++) w[i] = (float)(rng.NextDouble() * 2 - 1);
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        var q4 = new BlockQ4_0[w.Length / BlockQ4_0.BlockSize];
        BlockQ4_0.Quantize(w, q4);
        PackedQ4_0 packed = PackedQ4_0.Pack(q4, m, k);
        var c = new float[m * n];
        var reference = new float[m * n];
        PrecisionKernels.MatMulQ8(q4, x, reference, m, n, k);
        Check(id, q4, x, reference, m, n, k);
        double operations = 2.0 * m * n * k;
        double oneThread;
        using (KernelThreads.Override(1))
        {
            Same(id, packed, x, c, n, reference);
            var scratch = new float[m * n];
            var peers = new List<(string, double)>
            {
                ("q4_0 row-major (ours)", Best(() => PrecisionKernels.MatMulQ8(q4, x, scratch, m, n, k))),
                ("q4_0 decode + f32 gemm", Best(() => PrecisionKernels.MatMul(q4, x, scratch, m, n, k))),
                ("f32 gemm (ours)", Best(() => PlusTimesSingle.MatMul(w, x, scratch, m, n, k))),
            };
            oneThread = Best(() => PrecisionKernels.MatMulQ8(packed, x, c, n));
            yield return new PrecisionRow(id + ".t1", "q4_0q8_0", "gemm", m, operations, oneThread, packed.PackedBytes, peers);
        }

        using (KernelThreads.Override(2))
        {
            Same(id, packed, x, c, n, reference);
            double twoThreads = Best(() => PrecisionKernels.MatMulQ8(packed, x, c, n));
            yield return new PrecisionRow(id + ".t2", "q4_0q8_0", "gemm", m, operations, twoThreads, packed.PackedBytes,
                [("q4_0 packed, 1 thread (ours)", oneThread)], Threads: 2);
        }
    }

    private static void Same(string id, PackedQ4_0 packed, float[] x, float[] c, int n, float[] reference)
    {
        c.AsSpan().Fill(float.NaN);
        PrecisionKernels.MatMulQ8(packed, x, c, n);
        int i = 0;
        while (i < c.Length && BitConverter.SingleToInt32Bits(c[i]) == BitConverter.SingleToInt32Bits(reference[i])) i++;
        if (i < c.Length)
        {
            throw new InvalidOperationException($"{id}: packed C[{i / n},{i % n}] = {c[i]}, row-major {reference[i]} ({KernelThreads.Current} threads).");
        }
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
