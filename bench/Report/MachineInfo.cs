using System;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ArmBase = System.Runtime.Intrinsics.Arm.AdvSimd;
using ArmDp = System.Runtime.Intrinsics.Arm.Dp;
using X86Avx2 = System.Runtime.Intrinsics.X86.Avx2;
using X86Avx512F = System.Runtime.Intrinsics.X86.Avx512F;
using X86Fma = System.Runtime.Intrinsics.X86.Fma;

namespace TensorGen.Bench.Report;

/// <summary>What the report says about the machine it ran on. Read once, without spawning processes.</summary>
internal sealed record MachineInfo(
    string Os,
    string Architecture,
    string Processor,
    int ProcessorCount,
    string Runtime,
    string Accelerated,
    int VectorBits,
    bool Avx2,
    bool Fma,
    bool Avx512F,
    bool AdvSimd,
    bool ArmDotProduct)
{
    public static MachineInfo Detect() => new(
        RuntimeInformation.OSDescription,
        RuntimeInformation.OSArchitecture.ToString(),
        ProcessorName(),
        Environment.ProcessorCount,
        RuntimeInformation.FrameworkDescription,
        KernelDispatch.Accelerated.ToString(),
        Vector<byte>.Count * 8,
        X86Avx2.IsSupported,
        X86Fma.IsSupported,
        X86Avx512F.IsSupported,
        ArmBase.IsSupported,
        ArmDp.IsSupported);

    public void Print(TextWriter output)
    {
        output.WriteLine($"machine    {Processor}, {ProcessorCount} logical processors, {Architecture}");
        output.WriteLine($"os         {Os}");
        output.WriteLine($"runtime    {Runtime}");
        output.WriteLine($"vectors    kernels take {Accelerated} (Vector<T> is {VectorBits}-bit); "
                         + $"Avx2 {YesNo(Avx2)}, Fma {YesNo(Fma)}, Avx512F {YesNo(Avx512F)}, AdvSimd {YesNo(AdvSimd)}, Dp {YesNo(ArmDotProduct)}");
        output.WriteLine($"threads    each row runs on the threads its id ends with (t1, t2), and so do OpenBLAS, GraphBLAS and the built-in peer; KernelThreads.Default here is {KernelThreads.Default}");
    }

    private static string YesNo(bool value) => value ? "yes" : "no";

    /// <summary>The model name from <c>/proc/cpuinfo</c> where there is one; otherwise the architecture.</summary>
    private static string ProcessorName()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                string? line = File.ReadLines("/proc/cpuinfo")
                    .FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null && line.IndexOf(':') is int colon and >= 0)
                {
                    return line[(colon + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return $"unknown {RuntimeInformation.ProcessArchitecture} processor";
    }
}
