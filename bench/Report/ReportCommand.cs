using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.IO;
using TensorGen.Bench.Report.Peers;

namespace TensorGen.Bench.Report;

/// <summary>
/// <c>bench report</c>: the machine, then every case's throughput beside the peers and this machine's ceiling,
/// as a table on stdout and as <c>report.json</c>. Exits 1 when a kernel disagreed with the naive loop or failed.
/// </summary>
internal static class ReportCommand
{
    public static int Run(ReportOptions options)
    {
        var total = Stopwatch.StartNew();
        TimingPolicy policy = options.Quick ? TimingPolicy.Quick : TimingPolicy.Full;
        MachineInfo machine = MachineInfo.Detect();
        machine.Print(Console.Out);
        Console.WriteLine($"mode       {(options.Quick ? "quick" : "full")}: best of up to {policy.Runs} runs of >= {policy.MinRunSeconds:F2} s after {policy.WarmupSeconds:F2} s warm-up");
        Console.WriteLine();

        IPeer reference = new NaivePeer();
        IReadOnlyList<IPeer> others = LoadPeers();
        var ceilings = new Ceilings(policy);
        var results = new List<CaseResult>();
        List<KernelCase> cases = Cases.All(options.Quick).Where(c => options.Wants(c.Id)).ToList();
        foreach (KernelCase kernelCase in cases)
        {
            CaseResult result = Run(kernelCase, reference, others, policy);
            _ = ceilings.For(kernelCase);
            results.Add(result);
            Console.Error.WriteLine($"[{results.Count,2}/{cases.Count}] {kernelCase.Id,-42} {result.GigaOps,8:F2} Gop/s{(result.Verdict.Agrees ? "" : "  MISMATCH")}");
        }

        ceilings.Remeasure(cases);
        List<ReportRow> rows = results.Select(r => ToRow(r, ceilings)).ToList();
        if (options.Wants("precision"))
        {
            rows.AddRange(PrecisionRows(options, others.OfType<OpenBlasPeer>().FirstOrDefault()?.Library, policy, ceilings));
        }

        if (options.Wants("algebra.perm"))
        {
            rows.AddRange(PermutationCases.Rows(options.Quick, policy));
        }

        if (options.Wants("equivariant"))
        {
            rows.AddRange(EquivariantCases.Rows(options.Quick, policy));
        }

        if (options.Wants("equivariant.gaunt"))
        {
            rows.AddRange(GauntCases.Rows(options.Quick, policy));
        }

        if (options.Wants("algebra.cl41"))
        {
            rows.AddRange(CliffordCases.Rows(options.Quick, policy));
        }

        Console.WriteLine();
        ReportTable.Write(rows, string.Join(", ", new[] { reference }.Concat(others).Select(p => p.Name)));
        if (options.Paths && PathComparison.Measure(options) is { } narrow)
        {
            rows = PathComparison.Attach(rows, narrow);
        }

        string path = ReportJson.Write(options.OutputDirectory, rows, machine);
        (string? picture, string? problem) = ReportPlot.Write(Path.GetDirectoryName(path) ?? options.OutputDirectory, rows);
        Console.WriteLine(picture is null ? $"picture: {problem}" : $"picture: {picture} (and .svg)");
        int failures = rows.Count(r => !r.Verified);
        Console.WriteLine($"wrote {path}; {rows.Count} cases, {failures} failed checks, {total.Elapsed.TotalSeconds:F0} s");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>
    /// The compact-format GEMV rows (bf16 and Q4_0 weights, f32 activations) with our f32 GEMV and OpenBLAS
    /// <c>cblas_sgemv</c> as peers; the ceiling is the streaming-read bandwidth applied to the compact weights.
    /// A failed check before timing marks the row instead of stopping the report.
    /// </summary>
    private static IEnumerable<ReportRow> PrecisionRows(ReportOptions options, NativePeerLibrary? openBlas, TimingPolicy policy, Ceilings ceilings)
    {
        IReadOnlyList<PrecisionRow> measured;
        try
        {
            measured = PrecisionCases.Run(options.Quick, openBlas, options.Wants);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            Console.Error.WriteLine($"precision cases failed: {e.Message}");
            yield break;
        }

        var bandwidths = new Dictionary<int, double>();
        double fma = ceilings.Compute(Cases.PlusTimesF32.Ceiling);
        foreach (PrecisionRow row in measured)
        {
            double ours = row.GigaOps;
            var peers = row.Peers.ToDictionary(p => p.Peer, p => row.Operations / p.Seconds / 1e9);
            KeyValuePair<string, double> best = peers.MaxBy(p => p.Value);
            if (row.IsStreaming && !bandwidths.ContainsKey(row.Threads))
            {
                bandwidths[row.Threads] = Bandwidth.ReadGigabytesPerSecond(64L << 20, policy, row.Threads);
            }

            double bandwidth = bandwidths.GetValueOrDefault(row.Threads);
            (double ceiling, string kind, string loop) = row.IsStreaming
                ? (row.Operations * bandwidth / row.WeightBytes, "bandwidth", $"streaming read, {bandwidth:F1} GB/s on {row.Threads} thread{(row.Threads == 1 ? "" : "s")}")
                : row.Ceiling is { } own
                    ? (ceilings.Compute(own), "compute", own.Name)
                    : (fma, "compute", Cases.PlusTimesF32.Ceiling.Name);
            string detail = row.Op switch
            {
                "gemv" => $"{row.GigabytesPerSecond:F1} GB/s of weights",
                "dot" => string.Join(", ", peers.Select(p => $"{ours / p.Value:F1}x {p.Key}")),
                _ when peers.Count > 1 => string.Join(", ", peers.Select(p => $"{ours / p.Value:F2}x {p.Key}")),
                _ => $"{ours / best.Value:F2}x our f32 gemm",
            };
            if (row.Ceiling is not null && !row.IsStreaming)
            {
                detail += $"; ceiling {ceiling / fma:F2}x the fma loop's {fma:F1}";
            }

            Console.WriteLine($"{row.Id,-44} {ours,8:F2} {best.Value,9:F2} {ours / best.Value,7:F1}x {ceiling,8:F1}{kind[0]} {ours / ceiling,6:P0}  ok ({detail})");
            string accumulate = row.Format == "int8" && row.Op == "gemm" ? "i32-accumulate" : "f32-accumulate";
            yield return new ReportRow(row.Id, row.Format, accumulate, row.Op, row.N, row.Threads, KernelDispatch.Current.ToString(), ours, ours,
                best.Key, best.Value, ours / best.Value, ceiling, kind, loop, ours / ceiling,
                Verified: true, Mismatch: null, peers);
        }
    }

    /// <summary>The native peers this machine has; each prints where it came from or how to install it.</summary>
    private static IReadOnlyList<IPeer> LoadPeers()
    {
        var peers = new List<IPeer> { new BuiltInPeer() };
        OpenBlasPeer openBlas = OpenBlasPeer.Load();
        Console.WriteLine($"peer       openblas: {openBlas.Library.Status}{(openBlas.Kernel is null ? "" : "; " + openBlas.Kernel)}");
        if (openBlas.Library.IsLoaded) peers.Add(openBlas);
        try
        {
            GraphBlasPeer graphBlas = GraphBlasPeer.Load();
            Console.WriteLine($"peer       graphblas: {graphBlas.Kernel ?? graphBlas.Library.Status}");
            if (graphBlas.Library.IsLoaded) peers.Add(graphBlas);
        }
        catch (Exception e) when (e is InvalidOperationException or EntryPointNotFoundException)
        {
            Console.WriteLine($"peer       graphblas: unusable ({e.Message})");
        }

        return peers;
    }

    private static CaseResult Run(KernelCase kernelCase, IPeer reference, IReadOnlyList<IPeer> others, TimingPolicy policy)
    {
        try
        {
            return kernelCase.Run(reference, others, policy);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new CaseResult(kernelCase, 0, 0, new Verdict(false, $"{e.GetType().Name}: {e.Message}"), []);
        }
    }

    private static ReportRow ToRow(CaseResult result, Ceilings ceilings)
    {
        KernelCase kernelCase = result.Case;
        (double ceiling, string kind, string loop) = ceilings.For(kernelCase);
        PeerResult? best = result.Peers.Where(p => p.Verdict.Agrees).MaxBy(p => p.GigaOps);
        return new ReportRow(
            kernelCase.Id,
            kernelCase.Semiring.Name,
            kernelCase.Semiring.Type,
            kernelCase.OpName,
            kernelCase.N,
            kernelCase.Threads,
            KernelDispatch.Current.ToString(),
            result.GigaOps,
            result.MedianGigaOps,
            best?.Name,
            best?.GigaOps,
            best is null || result.GigaOps == 0 ? null : result.GigaOps / best.GigaOps,
            ceiling * kernelCase.Threads,
            kind,
            kernelCase.Threads == 1 ? loop : $"{loop}, x {kernelCase.Threads} threads",
            result.GigaOps / (ceiling * kernelCase.Threads),
            result.Verdict.Agrees,
            result.Verdict.Detail,
            result.Peers.ToDictionary(p => p.Name, p => p.GigaOps),
            result.Blocking);
    }
}
