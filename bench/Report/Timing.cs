using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace TensorGen.Bench.Report;

/// <summary>How long to measure: warm-up, then <see cref="Runs"/> runs of at least <see cref="MinRunSeconds"/>, within <see cref="MaxSeconds"/>.</summary>
internal sealed record TimingPolicy(double WarmupSeconds, double MinRunSeconds, int Runs, double MaxSeconds)
{
    public static TimingPolicy Quick { get; } = new(0.03, 0.04, 3, 0.5);

    public static TimingPolicy Full { get; } = new(0.1, 0.2, 5, 2.5);
}

/// <summary>Seconds per call: the best and the median of the runs.</summary>
internal readonly record struct Measurement(double BestSeconds, double MedianSeconds, int Runs, long Calls);

/// <summary>Stopwatch timing of one action that does a whole case's work per call.</summary>
internal static class Timing
{
    /// <summary>Times one call, for a first result to verify before the rest is measured.</summary>
    public static double TimeOnce(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>
    /// One warm-up call, then the fastest of at least <paramref name="runs"/> single calls, in seconds, for cases whose
    /// one call is long enough to time alone; with <paramref name="minSeconds"/>, calls go on until that much time has
    /// passed (at most 10,000), so that a kernel of a fraction of a millisecond is not timed before the core is at speed.
    /// </summary>
    public static double BestOf(Action action, int runs, double minSeconds = 0)
    {
        action();
        double best = double.MaxValue;
        long begin = Stopwatch.GetTimestamp();
        for (int r = 0; r < runs || (r < 10_000 && Stopwatch.GetElapsedTime(begin).TotalSeconds < minSeconds); r++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return best;
    }

    /// <summary>
    /// Warms <paramref name="action"/> up, then takes runs of repeated calls. A call that alone outlasts the
    /// budget (a naive loop at n = 1024) is measured by <paramref name="firstCallSeconds"/> and one more call at most.
    /// </summary>
    public static Measurement Measure(Action action, double firstCallSeconds, TimingPolicy policy)
    {
        var samples = new List<double>();
        long calls = 0;
        var total = Stopwatch.StartNew();
        if (firstCallSeconds >= policy.MaxSeconds)
        {
            // The first call also paid for JIT compilation and one-time setup (CPU detection, the profile): time a
            // second before deciding that one call alone outlasts the budget.
            double second = TimeOnce(action);
            if (second >= policy.MaxSeconds)
            {
                return new Measurement(Math.Min(firstCallSeconds, second), Math.Max(firstCallSeconds, second), 2, 2);
            }
        }

        while (total.Elapsed.TotalSeconds < policy.WarmupSeconds)
        {
            action();
        }

        while (samples.Count < policy.Runs && (samples.Count == 0 || total.Elapsed.TotalSeconds < policy.MaxSeconds))
        {
            int runCalls = 0;
            long start = Stopwatch.GetTimestamp();
            double elapsed;
            do
            {
                action();
                runCalls++;
                elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
            while (elapsed < policy.MinRunSeconds);

            samples.Add(elapsed / runCalls);
            calls += runCalls;
        }

        samples.Sort();
        return new Measurement(Math.Min(samples[0], firstCallSeconds), samples[samples.Count / 2], samples.Count, calls + 1);
    }

    /// <summary>Best of a few timed blocks of a loop that reports its own operation count (the ceiling loops).</summary>
    public static double BestRate(Func<long, double> runOps, double minRunSeconds, int runs)
    {
        long repeats = 1;
        while (true)
        {
            long start = Stopwatch.GetTimestamp();
            _ = runOps(repeats);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (seconds >= minRunSeconds / 4)
            {
                repeats = Math.Max(1, (long)(repeats * minRunSeconds / seconds));
                break;
            }

            repeats *= 2;
        }

        return Enumerable.Range(0, runs).Select(_ =>
        {
            long start = Stopwatch.GetTimestamp();
            double ops = runOps(repeats);
            return ops / Stopwatch.GetElapsedTime(start).TotalSeconds;
        }).Max();
    }
}
