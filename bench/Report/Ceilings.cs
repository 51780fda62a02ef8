using System;
using System.Collections.Generic;

namespace TensorGen.Bench.Report;

/// <summary>
/// The ceilings of one run, each measured once and reused: the compute ceiling of a semiring step and, for
/// streaming cases (GEMV, dot), the bandwidth ceiling of reading their operands: the lower one is the roofline.
/// </summary>
internal sealed class Ceilings(TimingPolicy policy)
{
    private readonly Dictionary<string, double> _compute = [];
    private readonly Dictionary<long, double> _bandwidth = [];

    /// <summary>The in-register ceiling of one loop, measured once per run.</summary>
    public double Compute(CeilingLoop loop)
    {
        if (!_compute.TryGetValue(loop.Name, out double compute))
        {
            compute = loop.Measure(policy);
            _compute[loop.Name] = compute;
        }

        return compute;
    }

    public (double GigaOps, string Kind, string Loop) For(KernelCase kernelCase)
    {
        CeilingLoop loop = kernelCase.Semiring.Ceiling;
        double compute = Compute(loop);

        if (!kernelCase.IsStreaming)
        {
            return (compute, "compute", loop.Name);
        }

        long bytes = kernelCase.OperandBytes;
        if (!_bandwidth.TryGetValue(bytes, out double gigabytes))
        {
            gigabytes = Bandwidth.ReadGigabytesPerSecond(bytes, policy);
            _bandwidth[bytes] = gigabytes;
        }

        double memory = gigabytes * kernelCase.Ops / bytes;
        return memory < compute
            ? (memory, "bandwidth", $"stream read {FormatBytes(bytes)} at {gigabytes:F1} GB/s")
            : (compute, "compute", loop.Name);
    }

    /// <summary>
    /// Measures every ceiling used so far once more and keeps the better figure: on a shared, noisy machine a
    /// ceiling taken while something else ran would otherwise understate the machine.
    /// </summary>
    public void Remeasure(System.Collections.Generic.IEnumerable<KernelCase> cases)
    {
        var loops = new Dictionary<string, CeilingLoop>();
        foreach (KernelCase c in cases)
        {
            loops[c.Semiring.Ceiling.Name] = c.Semiring.Ceiling;
        }

        foreach ((string name, CeilingLoop loop) in loops)
        {
            _compute[name] = Math.Max(_compute.GetValueOrDefault(name), loop.Measure(policy));
        }

        foreach (long bytes in new List<long>(_bandwidth.Keys))
        {
            _bandwidth[bytes] = Math.Max(_bandwidth[bytes], Bandwidth.ReadGigabytesPerSecond(bytes, policy));
        }
    }

    private static string FormatBytes(long bytes) => bytes switch
    {
        >= 1 << 20 => $"{bytes / (double)(1 << 20):F0} MiB",
        >= 1 << 10 => $"{bytes / (double)(1 << 10):F0} KiB",
        _ => $"{bytes} B",
    };
}
