using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using TensorGen.Bench.Report;
using TensorGen.Equivariant;
using TensorGen.Machine;
using TensorGen.Numerics;
using TensorGen.Precision;

namespace TensorGen.Bench.Machine;

/// <summary>
/// The half of <c>bench tune</c> that measures the <see cref="KernelChoices"/>: for each family's path choice, its
/// kernels on every accelerated path of this machine (a narrower path is kept only when it is at least 2% faster
/// in geometric mean and nowhere more than 2% slower than the widest, the model's); for each streaming threshold,
/// non-temporal against ordinary stores over a ladder of output sizes (the smallest size from which streaming wins
/// by 2% at that size and every larger one, else never). Candidates are timed interleaved, best of several rounds.
/// </summary>
internal static partial class ChoiceTuner
{
    [TensorProduct("1x0e + 1x1o + 1x2e", "1x0e + 1x1o + 1x2e", "", Kind = TensorProductKind.Full)]
    private static partial void Full2(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch);

    [TensorProduct("1x0e + 1x1o + 1x2e + 1x3o + 1x4e", "1x0e + 1x1o + 1x2e + 1x3o + 1x4e", "", Kind = TensorProductKind.Full)]
    private static partial void Full4(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch);

    [TensorProduct("1x0e + 1x1o + 1x2e", "1x0e + 1x1o + 1x2e", "", Kind = TensorProductKind.Full, Layout = BatchLayout.ComponentMajor)]
    private static partial void Full2Major(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch);

    [TensorProduct("1x0e + 1x1o + 1x2e + 1x3o + 1x4e", "1x0e + 1x1o + 1x2e + 1x3o + 1x4e", "", Kind = TensorProductKind.Full, Layout = BatchLayout.ComponentMajor)]
    private static partial void Full4Major(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch);

    [SphericalHarmonics(6, Normalization = ShNormalization.Component)]
    private static partial void Sh6(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> output);

    [SphericalHarmonics(6, Normalization = ShNormalization.Component, Layout = BatchLayout.ComponentMajor)]
    private static partial void Sh6Major(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> output);

    private delegate void Product(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch);

    private delegate void Harmonics(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> output);

    /// <summary>A timed call: a label for the evidence and the work.</summary>
    private sealed record Workload(string Label, Action Run);

    /// <summary>Measures every choice, prints a line per choice, and returns the profile's entries.</summary>
    public static IReadOnlyList<TunedChoice> Tune(bool quick, TextWriter output)
    {
        int rounds = quick ? 2 : 3;
        var random = new Random(19);
        var choices = new List<TunedChoice>
        {
            TunePath(KernelChoices.SampleMajorProducts, ProductWorkloads(Full2, Full4, random, quick), rounds),
            TunePath(KernelChoices.ComponentMajorProducts, ProductWorkloads(Full2Major, Full4Major, random, quick), rounds),
            TunePath(KernelChoices.SampleMajorHarmonics, HarmonicsWorkloads(Sh6, random, quick), rounds),
            TunePath(KernelChoices.ComponentMajorHarmonics, HarmonicsWorkloads(Sh6Major, random, quick), rounds),
            TunePath(KernelChoices.DecodeMatVec, DecodeWorkloads(random, quick), rounds),
            TunePath(KernelChoices.PackedQ4MatVec, [PackedQ4Workload(random)], rounds),
            TunePath(KernelChoices.PackedQ4MatMul, [PackedQ4GemmWorkload(4096, 32, 4096, random), PackedQ4GemmWorkload(1024, 256, 1024, random)], rounds),
            TuneThreshold(KernelChoices.HarmonicsStreaming, HarmonicsStreamingWorkload(random, quick), quick, rounds),
            TuneThreshold(KernelChoices.ProductStreaming, ProductStreamingWorkload(random, quick), quick, rounds),
            TunePrefetch(KernelChoices.PackedQ4Prefetch, PackedQ4Workload(random), rounds),
        };

        foreach (TunedChoice choice in choices)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"choice     {choice.Name} = {choice.Value} (model {choice.ModelValue}, {choice.SpeedupOverModel:F3}x): {choice.Evidence}"));
        }

        return choices;
    }

    /// <summary>Times the workloads on every accelerated path and keeps the model's widest path unless a narrower one wins clearly.</summary>
    private static TunedChoice TunePath(PathChoice choice, IReadOnlyList<Workload> workloads, int rounds)
    {
        VectorPath[] candidates = KernelDispatch.All.Where(p => p != VectorPath.Scalar && p <= KernelDispatch.Accelerated).Reverse().ToArray();
        string model = choice.ModelValue;
        if (candidates.Length < 2)
        {
            return new TunedChoice(choice.Name, model, model, 1.0, "one accelerated path: nothing to choose");
        }

        double[][] best = Interleaved(candidates.Length, workloads, rounds, c => KernelDispatch.Override(candidates[c]));
        int chosen = 0;
        for (int c = 1; c < candidates.Length; c++)
        {
            if (ClearlyFaster(best[c], best[chosen]) && ClearlyFaster(best[c], best[0]))
            {
                chosen = c;
            }
        }

        string evidence = string.Join("; ", candidates.Select((p, c) =>
            $"{p} " + string.Join(", ", workloads.Select((w, i) => $"{w.Label} {Milliseconds(best[c][i])}"))));
        return new TunedChoice(choice.Name, candidates[chosen].ToString(), model, Math.Round(Speedup(best[0], best[chosen]), 4), evidence);
    }

    /// <summary>Times streamed against ordinary stores at each rung of a ladder of output sizes; see the class summary.</summary>
    private static TunedChoice TuneThreshold(ThresholdChoice choice, Func<long, Workload> workloadOfBytes, bool quick, int rounds)
    {
        long[] ladder = (quick ? new long[] { 2, 8, 24, 48 } : [1, 2, 4, 8, 16, 24, 32, 48, 64]).Select(m => m << 20).ToArray();
        Workload[] workloads = ladder.Select(workloadOfBytes).ToArray();
        double[][] best = Interleaved(2, workloads, rounds, c => choice.Override(c == 0 ? 0L : null));
        double[] streamed = best[0], ordinary = best[1];

        long? threshold = null;
        for (int rung = ladder.Length - 1; rung >= 0 && ordinary[rung] >= 1.02 * streamed[rung]; rung--)
        {
            threshold = ladder[rung];
        }

        long? model = choice.ModelFor(CpuInfo.Current);
        double[] TimesAt(long? at) => ladder.Select((bytes, i) => at is long t && bytes >= t ? streamed[i] : ordinary[i]).ToArray();
        string evidence = string.Join("; ", ladder.Select((bytes, i) => string.Create(CultureInfo.InvariantCulture,
            $"{bytes >> 20} MiB streamed {Milliseconds(streamed[i])}, ordinary {Milliseconds(ordinary[i])} (x{ordinary[i] / streamed[i]:F2})")));
        return new TunedChoice(choice.Name, ThresholdChoice.Spell(threshold), ThresholdChoice.Spell(model),
                               Math.Round(Speedup(TimesAt(model), TimesAt(threshold)), 4), evidence);
    }

    /// <summary>
    /// Times a streaming kernel with each prefetch distance of a ladder (and none) and keeps the model's distance
    /// unless another is clearly faster than it.
    /// </summary>
    private static TunedChoice TunePrefetch(ThresholdChoice choice, Workload workload, int rounds)
    {
        long?[] ladder = [null, 2048, 4096, 8192, 16384, 32768];
        long? model = choice.ModelFor(CpuInfo.Current);
        if (!ladder.Contains(model))
        {
            ladder = [model, .. ladder];
        }

        double[][] best = Interleaved(ladder.Length, [workload], rounds, c => choice.Override(ladder[c]));
        int incumbent = Array.IndexOf(ladder, model), chosen = incumbent;
        for (int c = 0; c < ladder.Length; c++)
        {
            if (best[c][0] < best[chosen][0] && ClearlyFaster(best[c], best[incumbent]))
            {
                chosen = c;
            }
        }

        string evidence = workload.Label + ": " + string.Join(", ", ladder.Select((d, c) => $"{ThresholdChoice.Spell(d)} {Milliseconds(best[c][0])}"));
        return new TunedChoice(choice.Name, ThresholdChoice.Spell(ladder[chosen]), ThresholdChoice.Spell(model),
                               Math.Round(best[incumbent][0] / best[chosen][0], 4), evidence);
    }

    /// <summary>The packed Q4_0 GEMV of an 8192 × 8192 matrix (37.7 MB, past most caches) on one thread.</summary>
    private static Workload PackedQ4Workload(Random random)
    {
        const int n = 8192;
        PackedQ4_0 packed = RandomPackedQ4(n, n, random);
        float[] x = EquivariantCases.Random(random, n);
        var y = new float[n];
        return new Workload($"q4_0 packed {n}x{n}, 1 thread", () =>
        {
            using (KernelThreads.Override(1)) PrecisionKernels.MatVec(packed, x, y);
        });
    }

    /// <summary>The packed Q4_0 × Q8_0 GEMM of an m × k matrix and n tokens, on one thread.</summary>
    private static Workload PackedQ4GemmWorkload(int m, int n, int k, Random random)
    {
        PackedQ4_0 packed = RandomPackedQ4(m, k, random);
        float[] x = EquivariantCases.Random(random, k * n);
        var c = new float[m * n];
        return new Workload($"q4_0 packed gemm {m}x{n}x{k}, 1 thread", () =>
        {
            using (KernelThreads.Override(1)) PrecisionKernels.MatMulQ8(packed, x, c, n);
        });
    }

    /// <summary>Random nibbles with a small finite scale, packed.</summary>
    private static PackedQ4_0 RandomPackedQ4(int rows, int cols, Random random)
    {
        var blocks = new BlockQ4_0[rows * (cols / BlockQ4_0.BlockSize)];
        random.NextBytes(MemoryMarshal.AsBytes(blocks.AsSpan()));
        for (int i = 0; i < blocks.Length; i++) blocks[i].D = (Half)0.01f;
        return PackedQ4_0.Pack(blocks, rows, cols);
    }

    /// <summary>
    /// The best seconds of each workload under each of <paramref name="candidates"/> settings (a scope
    /// <paramref name="set"/> opens), the candidates taking turns round by round so a busy machine slows them alike.
    /// </summary>
    private static double[][] Interleaved(int candidates, IReadOnlyList<Workload> workloads, int rounds, Func<int, IDisposable> set)
    {
        double[][] best = Enumerable.Range(0, candidates).Select(_ => Enumerable.Repeat(double.MaxValue, workloads.Count).ToArray()).ToArray();
        for (int round = 0; round < rounds; round++)
        {
            for (int c = 0; c < candidates; c++)
            {
                using IDisposable scope = set(c);
                for (int i = 0; i < workloads.Count; i++)
                {
                    best[c][i] = Math.Min(best[c][i], Timing.BestOf(workloads[i].Run, runs: 3, minSeconds: 0.05));
                }
            }
        }

        return best;
    }

    /// <summary>At least 2% faster in geometric mean and nowhere more than 2% slower.</summary>
    private static bool ClearlyFaster(double[] candidate, double[] incumbent) =>
        Speedup(incumbent, candidate) >= 1.02 && candidate.Zip(incumbent).All(p => p.First <= 1.02 * p.Second);

    /// <summary>The geometric mean of <paramref name="baseline"/>[i] / <paramref name="candidate"/>[i].</summary>
    private static double Speedup(double[] baseline, double[] candidate) =>
        Math.Exp(baseline.Zip(candidate, (b, c) => Math.Log(b / c)).Average());

    private static string Milliseconds(double seconds) => (seconds * 1e3).ToString("F3", CultureInfo.InvariantCulture) + " ms";

    private static Workload[] ProductWorkloads(Product l2, Product l4, Random random, bool quick)
    {
        int batch = quick ? 4_000 : 10_000;
        return [ProductWorkload($"l2 b{batch}", l2, 9, batch, random), ProductWorkload($"l4 b{batch / 4}", l4, 25, batch / 4, random)];
    }

    private static Workload ProductWorkload(string label, Product product, int dim, int batch, Random random)
    {
        float[] x1 = EquivariantCases.Random(random, batch * dim), x2 = EquivariantCases.Random(random, batch * dim);
        var output = new float[batch * dim * dim];
        return new Workload(label, () => product(x1, x2, output, batch));
    }

    private static Workload[] HarmonicsWorkloads(Harmonics harmonics, Random random, bool quick)
    {
        int large = quick ? 50_000 : 200_000;
        return [HarmonicsWorkload($"l6 b{large}", harmonics, large, random), HarmonicsWorkload("l6 b2000", harmonics, 2_000, random)];
    }

    private static Workload HarmonicsWorkload(string label, Harmonics harmonics, int vectors, Random random)
    {
        float[] x = EquivariantCases.Random(random, vectors), y = EquivariantCases.Random(random, vectors), z = EquivariantCases.Random(random, vectors);
        var output = new float[vectors * 49];
        return new Workload(label, () => harmonics(x, y, z, output));
    }

    private static Workload[] DecodeWorkloads(Random random, bool quick)
    {
        int large = quick ? 2048 : 4096;
        return [DecodeWorkload(large, random), DecodeWorkload(512, random)];
    }

    private static Workload DecodeWorkload(int n, Random random)
    {
        BFloat16[] w = EquivariantCases.Random(random, n * n).Select(v => (BFloat16)v).ToArray();
        float[] x = EquivariantCases.Random(random, n);
        var y = new float[n];
        return new Workload($"bf16 {n}x{n}", () => PrecisionKernels.MatVec(w, x, y, n, n));
    }

    /// <summary>The sample-major l ≤ 6 harmonics writing a given number of output bytes (196 a vector).</summary>
    private static Func<long, Workload> HarmonicsStreamingWorkload(Random random, bool quick)
    {
        int most = (int)((quick ? 48L << 20 : 64L << 20) / (49 * sizeof(float)));
        float[] x = EquivariantCases.Random(random, most), y = EquivariantCases.Random(random, most), z = EquivariantCases.Random(random, most);
        var output = new float[most * 49];
        return bytes =>
        {
            int vectors = (int)Math.Min(most, bytes / (49 * sizeof(float)));
            return new Workload($"{vectors} vectors", () => Sh6(x.AsSpan(0, vectors), y.AsSpan(0, vectors), z.AsSpan(0, vectors), output.AsSpan(0, vectors * 49)));
        };
    }

    /// <summary>The sample-major l ≤ 4 full product writing a given number of output bytes (2,500 a sample).</summary>
    private static Func<long, Workload> ProductStreamingWorkload(Random random, bool quick)
    {
        int most = (int)((quick ? 48L << 20 : 64L << 20) / (625 * sizeof(float)));
        float[] x1 = EquivariantCases.Random(random, most * 25), x2 = EquivariantCases.Random(random, most * 25);
        var output = new float[most * 625];
        return bytes =>
        {
            int samples = (int)Math.Min(most, bytes / (625 * sizeof(float)));
            return new Workload($"{samples} samples", () => Full4(x1.AsSpan(0, samples * 25), x2.AsSpan(0, samples * 25), output.AsSpan(0, samples * 625), samples));
        };
    }
}
