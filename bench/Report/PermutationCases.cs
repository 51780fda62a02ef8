using System;
using System.Collections.Generic;
using System.Linq;
using TensorGen.Permutation;
using TensorGen.Semirings;

namespace TensorGen.Bench.Report;

/// <summary>The layer the report times: (ℝ⁶⁴)^⊗2 → (ℝ⁶⁴)^⊗2, 16 → 16 channels, generated as a user would declare it.</summary>
internal static partial class PermutationLayers
{
    [PermutationEquivariant(2, 2, InChannels = 16, OutChannels = 16)]
    internal static partial void K2L2C16(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output, int n);
}

/// <summary>
/// The permutation-equivariant row of the per-machine report, <c>algebra.perm.k2l2.n64.c16.t1</c>: the generated
/// k = l = 2 layer (15 basis maps in factored form) against the same layer applied through dense matrices in the same
/// run, single thread. The dense peer mixes channels per basis map (z_b = Σ_ci w[·, ci, b] x[ci]) and then applies
/// the 15 dense n² × n² partition matrices with our f32 GEMM, Y += Z_b · D_bᵀ: 15 · cout · n⁴ multiply-adds, about
/// the cin · cout · n⁴ of one dense matrix per channel pair (which at 16 × 16 × 64 MB would not fit in memory).
/// The matrices are built from the partitions' definition (entry 1 when each block's indices agree), and both results
/// are compared (|Δ| ≤ 1e-4 · max |y|) before anything is timed; a mismatch marks the row. Throughputs are stated in
/// dense-equivalent G ops/s (2 · 15 · cout · n⁴ per layer), so the ratio is the dense time over ours.
/// </summary>
internal static class PermutationCases
{
    private const int N = 64, Channels = 16, Basis = 15;

    public static IEnumerable<ReportRow> Rows(bool quick, TimingPolicy policy)
    {
        ReportRow row;
        try
        {
            row = Measure(quick, policy);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or OutOfMemoryException)
        {
            Console.Error.WriteLine($"permutation case failed: {e.Message}");
            yield break;
        }

        yield return row;
    }

    private static ReportRow Measure(bool quick, TimingPolicy policy)
    {
        const string id = "algebra.perm.k2l2.n64.c16.t1";
        int size = N * N;
        var rng = new Random(6);
        float[] x = Enumerable.Range(0, Channels * size).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        float[] w = Enumerable.Range(0, Channels * Channels * Basis).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var ours = new float[Channels * size];
        var dense = new float[Channels * size];
        float[][] transposed = PermutationBasis.Describe(2, 2).Select(DenseTransposed).ToArray();
        var mixed = new float[Channels * size];

        void Dense()
        {
            Array.Clear(dense);
            for (int b = 0; b < Basis; b++)
            {
                Array.Clear(mixed);
                for (int co = 0; co < Channels; co++)
                {
                    Span<float> z = mixed.AsSpan(co * size, size);
                    for (int ci = 0; ci < Channels; ci++)
                    {
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(x.AsSpan(ci * size, size), w[(co * Channels + ci) * Basis + b], z, z);
                    }
                }

                PlusTimesSingle.MatMulAdd(mixed, transposed[b], dense, Channels, size, size);
            }
        }

        void Ours() => PermutationLayers.K2L2C16(x, w, ours, N);

        using IDisposable oneThread = KernelThreads.Override(1);
        Ours();
        Dense();
        double worst = 0, scale = 0;
        for (int i = 0; i < ours.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(ours[i] - dense[i]));
            scale = Math.Max(scale, Math.Abs(dense[i]));
        }

        bool verified = worst <= 1e-4 * scale;
        string? mismatch = verified ? null : $"max |ours - dense| = {worst:G3} > 1e-4 x {scale:G3}";
        double oursSeconds = Best(Ours, quick ? 20 : 100);
        double denseSeconds = Best(Dense, quick ? 2 : 3);

        double ops = 2.0 * Basis * Channels * Math.Pow(N, 4);
        double oursRate = ops / oursSeconds / 1e9, denseRate = ops / denseSeconds / 1e9;
        long bytes = sizeof(float) * (2L * Channels * size + w.Length);
        double bandwidth = Bandwidth.ReadGigabytesPerSecond(bytes, policy);
        double ceiling = ops / (bytes / (bandwidth * 1e9)) / 1e9;
        Console.WriteLine($"{id,-44} ours {oursSeconds * 1e3,8:F3} ms, dense {denseSeconds * 1e3,9:F1} ms: {denseSeconds / oursSeconds,7:F0}x  {(verified ? "ok" : mismatch)}");
        return new ReportRow(id, "permutation", "f32", "k2l2", N, 1, KernelDispatch.Current.ToString(), oursRate, oursRate,
            "dense basis matrices (f32 GEMM)", denseRate, oursRate / denseRate, ceiling, "bandwidth",
            $"input, output and weights read once at {bandwidth:F1} GB/s", oursRate / ceiling, verified, mismatch,
            new Dictionary<string, double> { ["dense basis matrices (f32 GEMM)"] = denseRate });
    }

    /// <summary>D_bᵀ (n² × n², row = input index, column = output index) of a partition named like "{o1, i2} {o2, i1}".</summary>
    private static float[] DenseTransposed(string partition)
    {
        int[][] blocks = partition.Split('}', StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Trim(' ', '{').Split(", ").Select(Point).ToArray())
            .ToArray();
        // Each point after the first of a block must take the value of the block's first point.
        (int Point, int Anchor)[] constraints = blocks.SelectMany(block => block.Skip(1).Select(p => (p, block[0]))).ToArray();
        var matrix = new float[N * N * N * N];
        var value = new int[4];
        for (int i = 0; i < N * N; i++)
        {
            for (int o = 0; o < N * N; o++)
            {
                (value[0], value[1], value[2], value[3]) = (o / N, o % N, i / N, i % N);
                bool joined = true;
                foreach ((int point, int anchor) in constraints)
                {
                    joined &= value[point] == value[anchor];
                }

                if (joined)
                {
                    matrix[(long)i * N * N + o] = 1f;
                }
            }
        }

        return matrix;

        // o1, o2, i1, i2 are points 0 … 3: output indices first.
        static int Point(string name) => (name[0] == 'o' ? 0 : 2) + (name[1] - '1');
    }

    private static double Best(Action action, int runs) => Timing.BestOf(action, runs);
}
