using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Spectre.Console;
using TensorGen.Kernels;
using TensorGen.Machine;
using TensorGen.Semirings;

namespace TensorGen.Bench.Machine;

/// <summary>
/// <c>bench tune</c>: times f32 max-plus and plus-times GEMM on the path kernels take here, first on both of the
/// path's generated micro-kernel tiles (each with the analytic model's blocking for it), then over a neighbourhood
/// of kc, mc and nc around the model's answer on the chosen tile, and writes the winner to this CPU's profile: one
/// entry per path, whose tile is the one kernels then take (<see cref="GemmTiles"/>). The other tile, or a candidate
/// blocking, replaces the default only if it is at least 2% faster in geometric mean and not more than 2% slower on
/// any timed case (a blocking must also stay so when re-timed head to head); otherwise the defaults are written, so
/// the profile records that they were checked. Then every other <see cref="KernelChoices"/> entry is measured
/// (<see cref="ChoiceTuner"/>). Timings are interleaved round-robin and the best of several runs is kept, which keeps
/// a busy 2-core machine from choosing by accident.
/// </summary>
internal static class TuneCommand
{
    public const string Usage = "bench tune [--quick] [--dry-run]";

    private sealed record Semiring(string Name, Func<VectorPath, TileVariant, MicroTile> Tile, Action<float[], float[], float[], int, int, int> MatMul);

    private sealed record Case(Semiring Semiring, int Size, float[] A, float[] B, float[] C)
    {
        public string Label => string.Create(CultureInfo.InvariantCulture, $"{Semiring.Name} n={Size}");

        public double Flops => 2.0 * Size * Size * (double)Size;

        public void Run() => Semiring.MatMul(A, B, C, Size, Size, Size);
    }

    public static int Run(string[] args, TextWriter output)
    {
        bool quick = false, dryRun = false;
        foreach (string arg in args)
        {
            switch (arg)
            {
                case "--quick": quick = true; break;
                case "--dry-run": dryRun = true; break;
                case "-h" or "--help": output.WriteLine("usage: " + Usage); return 0;
                default:
                    Console.Error.WriteLine($"bench tune: unknown option '{arg}'; usage: {Usage}");
                    return 2;
            }
        }

        var clock = Stopwatch.StartNew();
        CpuInfo cpu = CpuInfo.Current;
        VectorPath path = KernelDispatch.Accelerated;
        Semiring[] semirings =
        [
            new(nameof(MaxPlusSingle), MaxPlusSingle.Operators.Tile, (a, b, c, m, n, k) => MaxPlusSingle.MatMul(a, b, c, m, n, k)),
            new(nameof(PlusTimesSingle), PlusTimesSingle.Operators.Tile, (a, b, c, m, n, k) => PlusTimesSingle.MatMul(a, b, c, m, n, k)),
        ];
        MicroTile primary = semirings[0].Tile(path, TileVariant.Primary), alternate = semirings[0].Tile(path, TileVariant.Alternate);
        if (semirings.Any(s => s.Tile(path, TileVariant.Primary) != primary || s.Tile(path, TileVariant.Alternate) != alternate))
        {
            Console.Error.WriteLine("bench tune: the f32 semirings have different tiles on this path; the profile keys blocking by tile, so they must agree.");
            return 1;
        }

        output.WriteLine($"cpu        {cpu.Brand}, {cpu.PhysicalCores} cores");
        int[] sizes = quick ? [192, 384] : [256, 512, 1024];
        var random = new Random(4);
        var cases = semirings.SelectMany(s => sizes.Select(n => new Case(s, n, SmallIntegers(random, n * n), SmallIntegers(random, n * n), new float[n * n]))).ToArray();
        int rounds = quick ? 2 : 3;
        double sampleSeconds = quick ? 0.02 : 0.04;

        TileVariant defaultVariant = GemmTiles.Resolve(path, primary, alternate, sizeof(float), null, System.Runtime.Intrinsics.Arm.AdvSimd.Arm64.IsSupported);
        TileVariant variant = defaultVariant;
        if (primary != alternate)
        {
            if (!VerifyTiles(semirings))
            {
                Console.Error.WriteLine("bench tune: the two micro-kernel tiles gave different exact results; not writing a profile (this is a generator bug).");
                return 1;
            }

            variant = ChooseTile(cpu, path, semirings[0].Tile, defaultVariant, cases, rounds + 1, sampleSeconds, output);
        }

        using IDisposable tileScope = GemmTiles.Override(variant);
        MicroTile tile = semirings[0].Tile(path, variant);
        BlockingChoice model = BlockingModel.Compute(cpu, tile, sizeof(float));
        output.WriteLine($"path       {path}, tile {tile.Rows}x{tile.Columns} ({variant.ToString().ToLowerInvariant()}), f32");
        output.WriteLine($"model      {model}");

        GemmBlocking start = model.Blocking;
        var results = new Dictionary<GemmBlocking, double[]>();

        GemmBlocking best = start;
        bool verified = true;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var kcTask = context.AddTask("kc around the model");
                var mcTask = context.AddTask("mc around the model");
                var ncTask = context.AddTask("nc around the model");
                var confirmTask = context.AddTask("confirm against the model");

                // Each kc keeps the packed block of A at the model's size in L2 (mc·kc constant): a deeper kc with the
                // model's mc would overflow L2 and measure the overflow, not the kc.
                var kcCandidates = Neighbourhood(start.Kc, [0.5, 0.75, 1, 1.25, 1.5, 2, 3], 8, 16, BlockingModel.MaxKc)
                    .Select(kc => start with { Kc = kc, Mc = McForKc(start, kc, tile.Rows) }).ToList();
                verified &= Verify(kcCandidates, semirings);
                best = Search(kcCandidates, cases, rounds, sampleSeconds, results, start, kcTask);

                var mcCandidates = Neighbourhood(best.Mc, [0.25, 0.5, 1, 2], tile.Rows, tile.Rows, 4 * BlockingModel.MaxMc)
                    .Select(mc => best with { Mc = mc }).ToList();
                verified &= Verify(mcCandidates, semirings);
                best = Search(mcCandidates, cases, rounds, sampleSeconds, results, start, mcTask);

                var ncCandidates = new[] { start.Nc, 1024, 512 }.Select(nc => (nc + tile.Columns - 1) / tile.Columns * tile.Columns).Distinct()
                    .Select(nc => best with { Nc = nc }).ToList();
                verified &= Verify(ncCandidates, semirings);
                best = Search(ncCandidates, cases, rounds, sampleSeconds, results, start, ncTask);

                if (best != start)
                {
                    var confirmation = new Dictionary<GemmBlocking, double[]>();
                    Search([start, best], cases, rounds + 2, sampleSeconds, confirmation, start, confirmTask);
                    if (!Accept(confirmation[best], confirmation[start]))
                    {
                        best = start;
                    }

                    results[start] = confirmation[start];
                    results[best] = confirmation[best];
                }

                confirmTask.Value = confirmTask.MaxValue;
            });

        if (!verified)
        {
            Console.Error.WriteLine("bench tune: a candidate blocking changed an exact result; not writing a profile (this is a driver bug).");
            return 1;
        }

        double[] modelTimes = results[start], bestTimes = results[best];
        output.WriteLine();
        output.WriteLine("case                      model GFLOP/s   tuned GFLOP/s   tuned/model");
        var timings = new List<TunedTiming>();
        for (int i = 0; i < cases.Length; i++)
        {
            double modelRate = cases[i].Flops / modelTimes[i] / 1e9, tunedRate = cases[i].Flops / bestTimes[i] / 1e9;
            timings.Add(new TunedTiming(cases[i].Semiring.Name, cases[i].Size, Math.Round(modelRate, 3), Math.Round(tunedRate, 3)));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{cases[i].Label,-25} {modelRate,13:F2}   {tunedRate,13:F2}   {tunedRate / modelRate,11:F3}"));
        }

        double speedup = GeometricMean(modelTimes.Zip(bestTimes, (m, b) => m / b));
        output.WriteLine();
        output.WriteLine(best == start
            ? string.Create(CultureInfo.InvariantCulture, $"chosen     the model's kc {start.Kc}, mc {start.Mc}, nc {start.Nc}: no candidate was 2% faster everywhere it counted")
            : string.Create(CultureInfo.InvariantCulture, $"chosen     kc {best.Kc}, mc {best.Mc}, nc {best.Nc}: {speedup:F3}x the model (kc {start.Kc}, mc {start.Mc}, nc {start.Nc}) in geometric mean"));

        var entry = new TunedBlocking(path, sizeof(float), tile.Rows, tile.Columns, best.Kc, best.Mc, best.Nc,
                                      start.Kc, start.Mc, start.Nc, best == start ? 1.0 : Math.Round(speedup, 4), timings);
        output.WriteLine();
        IReadOnlyList<TunedChoice> choices = ChoiceTuner.Tune(quick, output);
        var store = new ProfileStore(ProfileStore.DefaultDirectory(), cpu);
        TuningProfile profile = TuningProfile.Create(cpu, $"bench tune ({(quick ? "quick" : "full")}) {typeof(TuneCommand).Assembly.GetName().Version}",
                                                     MergeEntries(store, entry), choices: MergeChoices(store, choices));
        if (dryRun)
        {
            output.WriteLine("profile    not written (--dry-run)");
        }
        else
        {
            string written = store.Save(profile);
            output.WriteLine($"profile    {written}");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"time       {clock.Elapsed.TotalSeconds:F1} s"));
        return 0;
    }

    /// <summary>Keeps the choices of an existing valid profile that were measured against another model value (under other runtime knobs).</summary>
    private static List<TunedChoice> MergeChoices(ProfileStore store, IReadOnlyList<TunedChoice> tuned)
    {
        var choices = new List<TunedChoice>();
        if (store.Load().Profile is TuningProfile existing)
        {
            choices.AddRange((existing.Choices ?? []).Where(old => !tuned.Any(t => t.Name == old.Name && t.ModelValue == old.ModelValue)));
        }

        choices.AddRange(tuned);
        return choices;
    }

    /// <summary>
    /// Keeps the entries of an existing valid profile for other paths (a run under DOTNET_EnableAVX2=0 adds Vector128 beside
    /// Vector256). An entry for the same path and element size is replaced whatever its tile: the entry's tile is the choice.
    /// </summary>
    private static List<TunedBlocking> MergeEntries(ProfileStore store, TunedBlocking entry)
    {
        var entries = new List<TunedBlocking>();
        if (store.Load().Profile is TuningProfile existing)
        {
            entries.AddRange(existing.Entries.Where(e => !(e.Path == entry.Path && e.ElementSize == entry.ElementSize)));
        }

        entries.Add(entry);
        return entries;
    }

    /// <summary>
    /// Times every candidate (and the model) on every case, round-robin, keeping each one's best time per case; returns
    /// the best-scoring candidate that <see cref="Accept"/>s against the model, else the first (the incumbent).
    /// </summary>
    private static GemmBlocking Search(IReadOnlyList<GemmBlocking> candidates, Case[] cases, int rounds, double sampleSeconds,
                                       Dictionary<GemmBlocking, double[]> results, GemmBlocking model, ProgressTask task)
    {
        var all = candidates.Contains(model) ? candidates : candidates.Prepend(model).ToList();
        task.MaxValue = (double)rounds * cases.Length * all.Count;
        foreach (GemmBlocking candidate in all)
        {
            if (!results.ContainsKey(candidate))
            {
                results[candidate] = Enumerable.Repeat(double.PositiveInfinity, cases.Length).ToArray();
            }
        }

        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < cases.Length; i++)
            {
                foreach (GemmBlocking candidate in all)
                {
                    using (GemmBlocking.Override(candidate))
                    {
                        results[candidate][i] = Math.Min(results[candidate][i], Time(cases[i], sampleSeconds));
                    }

                    task.Increment(1);
                }
            }
        }

        // The incumbent (the previous stage's choice, first in the list) stays unless a candidate beats the model acceptably.
        GemmBlocking best = candidates[0];
        double bestScore = GeometricMean(results[model].Zip(results[best], (m, c) => m / c));
        foreach (GemmBlocking candidate in candidates.Skip(1))
        {
            double score = GeometricMean(results[model].Zip(results[candidate], (m, c) => m / c));
            if (score > bestScore && Accept(results[candidate], results[model]))
            {
                (best, bestScore) = (candidate, score);
            }
        }

        return best;
    }

    /// <summary>
    /// Times both tiles, each with the model's blocking for it, round-robin over the cases, and returns the other tile only
    /// when it is accepted against the default one (<see cref="Accept"/>).
    /// </summary>
    private static TileVariant ChooseTile(CpuInfo cpu, VectorPath path, Func<VectorPath, TileVariant, MicroTile> tiles, TileVariant defaultVariant,
                                          Case[] cases, int rounds, double sampleSeconds, TextWriter output)
    {
        TileVariant other = defaultVariant == TileVariant.Primary ? TileVariant.Alternate : TileVariant.Primary;
        var times = new Dictionary<TileVariant, double[]>
        {
            [defaultVariant] = Enumerable.Repeat(double.PositiveInfinity, cases.Length).ToArray(),
            [other] = Enumerable.Repeat(double.PositiveInfinity, cases.Length).ToArray(),
        };
        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < cases.Length; i++)
            {
                foreach (TileVariant variant in times.Keys)
                {
                    GemmBlocking blocking = BlockingModel.Compute(cpu, tiles(path, variant), sizeof(float)).Blocking;
                    using (GemmTiles.Override(variant))
                    using (GemmBlocking.Override(blocking))
                    {
                        times[variant][i] = Math.Min(times[variant][i], Time(cases[i], sampleSeconds));
                    }
                }
            }
        }

        string Rate(TileVariant variant) => string.Create(CultureInfo.InvariantCulture,
            $"{tiles(path, variant).Rows}x{tiles(path, variant).Columns} {GeometricMean(cases.Select((c, i) => c.Flops / times[variant][i] / 1e9)):F2}");
        bool switchTile = Accept(times[other], times[defaultVariant]);
        output.WriteLine($"tiles      GFLOP/s in geometric mean with the model's blocking: {Rate(defaultVariant)} (default), {Rate(other)}; "
                         + (switchTile ? "taking the other tile" : "keeping the default"));
        return switchTile ? other : defaultVariant;
    }

    /// <summary>Exact semirings give identical bits on either micro-kernel tile: checked on an odd shape with edge tiles on both.</summary>
    private static bool VerifyTiles(Semiring[] semirings)
    {
        const int m = 97, n = 131, k = 301;
        var random = new Random(11);
        float[] a = SmallIntegers(random, m * k), b = SmallIntegers(random, k * n);
        foreach (Semiring semiring in semirings)
        {
            float[] primary = new float[m * n], alternate = new float[m * n];
            using (GemmTiles.Override(TileVariant.Primary))
            {
                semiring.MatMul(a, b, primary, m, n, k);
            }

            using (GemmTiles.Override(TileVariant.Alternate))
            {
                semiring.MatMul(a, b, alternate, m, n, k);
            }

            if (!primary.AsSpan().SequenceEqual(alternate))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>At least 2% faster in geometric mean and never more than 2% slower on one case.</summary>
    private static bool Accept(double[] candidate, double[] model) =>
        GeometricMean(model.Zip(candidate, (m, c) => m / c)) >= 1.02 && model.Zip(candidate, (m, c) => m / c).All(r => r >= 0.98);

    /// <summary>Seconds per call: repeats calls until a sample lasts <paramref name="sampleSeconds"/> (one call for slow cases).</summary>
    private static double Time(Case c, double sampleSeconds)
    {
        c.Run(); // warm: packing buffers grown, caches filled
        int calls = 0;
        long start = Stopwatch.GetTimestamp();
        double elapsed;
        do
        {
            c.Run();
            calls++;
            elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        while (elapsed < sampleSeconds);

        return elapsed / calls;
    }

    /// <summary>Exact semirings give identical bits under every blocking: checked on an odd shape that splits every block.</summary>
    private static bool Verify(IEnumerable<GemmBlocking> candidates, Semiring[] semirings)
    {
        const int m = 97, n = 131, k = 301;
        var random = new Random(7);
        float[] a = SmallIntegers(random, m * k), b = SmallIntegers(random, k * n);
        foreach (Semiring semiring in semirings)
        {
            float[] reference = new float[m * n];
            using (GemmBlocking.Override(new GemmBlocking(k, m, n)))
            {
                semiring.MatMul(a, b, reference, m, n, k);
            }

            foreach (GemmBlocking candidate in candidates)
            {
                float[] actual = new float[m * n];
                using (GemmBlocking.Override(candidate))
                {
                    semiring.MatMul(a, b, actual, m, n, k);
                }

                if (!actual.AsSpan().SequenceEqual(reference))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Integers in [-8, 8]: plus-times sums of up to 1024 such products stay exact in f32, so it is exact here too.</summary>
    private static float[] SmallIntegers(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.Next(-8, 9);
        }

        return values;
    }

    /// <summary>The mc that keeps the model's mc·kc bytes of packed A at another kc, in whole tiles of mr rows.</summary>
    private static int McForKc(GemmBlocking model, int kc, int mr) =>
        (int)Math.Clamp((long)model.Mc * model.Kc / kc / mr * mr, mr, 4L * BlockingModel.MaxMc / mr * mr);

    private static IEnumerable<int> Neighbourhood(int center, double[] factors, int multiple, int min, int max) =>
        factors.Select(f => Math.Clamp(Math.Max(multiple, (int)Math.Round(center * f / multiple) * multiple), min, max))
               .Prepend(center).Distinct();

    private static double GeometricMean(IEnumerable<double> values)
    {
        double sum = 0;
        int count = 0;
        foreach (double v in values)
        {
            sum += Math.Log(v);
            count++;
        }

        return count == 0 ? 1 : Math.Exp(sum / count);
    }
}
