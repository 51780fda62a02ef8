using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Arm = System.Runtime.Intrinsics.Arm;
using X86 = System.Runtime.Intrinsics.X86;

namespace TensorGen.Machine;

/// <summary>
/// The instruction sets the .NET runtime will use in this process: every <c>IsSupported</c> it exposes. These
/// honour <c>DOTNET_EnableAVX2=0</c> and friends, so they can be narrower than what CPUID reports.
/// </summary>
public static class RuntimeIsa
{
    /// <summary>Each ISA class .NET exposes, by its lower-case class name (<c>avx2</c>, <c>avx512f</c>, <c>advsimd</c>, …), and whether it is supported.</summary>
    public static IReadOnlyList<KeyValuePair<string, bool>> All { get; } =
    [
        new("x86base", X86.X86Base.IsSupported),
        new("sse", X86.Sse.IsSupported),
        new("sse2", X86.Sse2.IsSupported),
        new("sse3", X86.Sse3.IsSupported),
        new("ssse3", X86.Ssse3.IsSupported),
        new("sse41", X86.Sse41.IsSupported),
        new("sse42", X86.Sse42.IsSupported),
        new("popcnt", X86.Popcnt.IsSupported),
        new("lzcnt", X86.Lzcnt.IsSupported),
        new("bmi1", X86.Bmi1.IsSupported),
        new("bmi2", X86.Bmi2.IsSupported),
        new("aes", X86.Aes.IsSupported),
        new("pclmulqdq", X86.Pclmulqdq.IsSupported),
        new("gfni", X86.Gfni.IsSupported),
        new("avx", X86.Avx.IsSupported),
        new("avx2", X86.Avx2.IsSupported),
        new("fma", X86.Fma.IsSupported),
        new("avxvnni", X86.AvxVnni.IsSupported),
        new("avxvnniint8", X86.AvxVnniInt8.IsSupported),
        new("avxvnniint16", X86.AvxVnniInt16.IsSupported),
        new("avx512f", X86.Avx512F.IsSupported),
        new("avx512f.vl", X86.Avx512F.VL.IsSupported),
        new("avx512bw", X86.Avx512BW.IsSupported),
        new("avx512cd", X86.Avx512CD.IsSupported),
        new("avx512dq", X86.Avx512DQ.IsSupported),
        new("avx512vbmi", X86.Avx512Vbmi.IsSupported),
        new("avx512vbmi2", X86.Avx512Vbmi2.IsSupported),
        new("avx10v1", X86.Avx10v1.IsSupported),
        new("avx10v2", X86.Avx10v2.IsSupported),
        new("x86serialize", X86.X86Serialize.IsSupported),
        new("armbase", Arm.ArmBase.IsSupported),
        new("advsimd", Arm.AdvSimd.IsSupported),
        new("advsimd.arm64", Arm.AdvSimd.Arm64.IsSupported),
        new("arm.aes", Arm.Aes.IsSupported),
        new("crc32", Arm.Crc32.IsSupported),
        new("dp", Arm.Dp.IsSupported),
        new("rdm", Arm.Rdm.IsSupported),
        new("sha1", Arm.Sha1.IsSupported),
        new("sha256", Arm.Sha256.IsSupported),
        new("vector128", Vector128.IsHardwareAccelerated),
        new("vector256", Vector256.IsHardwareAccelerated),
        new("vector512", Vector512.IsHardwareAccelerated),
    ];

    /// <summary>
    /// The widest vector path whose generated kernels the hardware and runtime both allow: Vector512 needs
    /// AVX-512F (with BW, so that byte and word lanes are native too), Vector256 needs AVX2 on x86 (the 256-bit
    /// micro-kernels are written for AVX2 + FMA machines; an AVX-only CPU or <c>DOTNET_EnableAVX2=0</c> gets
    /// Vector128), Vector128 needs SSE4.1 on x86 or AdvSimd on ARM; otherwise scalar.
    /// </summary>
    public static VectorPath WidestPath { get; } = ComputeWidestPath();

    /// <summary>
    /// The widest path the CPU itself offers by its feature flags (<see cref="CpuInfo.CpuFeatures"/>), whatever the
    /// runtime allows: Vector512 with AVX-512 F and BW, Vector256 with AVX2, Vector128 with SSE4.1 or NEON.
    /// </summary>
    public static VectorPath HardwarePath(CpuInfo cpu)
    {
        System.ArgumentNullException.ThrowIfNull(cpu);
        bool Has(string feature) => cpu.CpuFeatures.Contains(feature);
        if (Has("avx512f") && Has("avx512bw")) return VectorPath.Vector512;
        if (Has("avx2")) return VectorPath.Vector256;
        if (Has("sse4.1") || Has("asimd") || Arm.AdvSimd.IsSupported) return VectorPath.Vector128;
        return WidestPath;
    }

    /// <summary>
    /// Why kernels in this process take a narrower path than the CPU offers, and what to set, or null when they take
    /// the CPU's widest. A NativeAOT build compiles for the instruction sets it was published with (by default none
    /// past SSE4.2 on x64); the <c>DOTNET_Enable…</c> switches narrow a JIT process.
    /// </summary>
    public static string? NarrowerThanHardware(CpuInfo cpu)
    {
        VectorPath hardware = HardwarePath(cpu);
        if (WidestPath >= hardware) return null;
        string instructionSet = hardware switch
        {
            VectorPath.Vector512 => "x86-64-v4",
            VectorPath.Vector256 => "x86-64-v3",
            _ => "native",
        };
        return RuntimeFeature.IsDynamicCodeSupported
            ? $"kernels take {WidestPath} though this CPU offers {hardware}: a DOTNET_Enable… switch (DOTNET_EnableAVX512=0, DOTNET_EnableAVX2=0, DOTNET_EnableHWIntrinsic=0) narrows this process"
            : $"kernels take {WidestPath} though this CPU offers {hardware}: this NativeAOT build was compiled without those instructions; "
              + $"publish with <IlcInstructionSet>{instructionSet}</IlcInstructionSet> (or 'native' for the build machine's CPU)";
    }

    private static VectorPath ComputeWidestPath()
    {
        bool x86 = X86.X86Base.IsSupported;
        bool arm = Arm.ArmBase.IsSupported;
        if (Vector512.IsHardwareAccelerated && X86.Avx512F.IsSupported && X86.Avx512BW.IsSupported)
        {
            return VectorPath.Vector512;
        }

        if (Vector256.IsHardwareAccelerated && (!x86 || X86.Avx2.IsSupported))
        {
            return VectorPath.Vector256;
        }

        if (Vector128.IsHardwareAccelerated && (x86 ? X86.Sse41.IsSupported : !arm || Arm.AdvSimd.IsSupported))
        {
            return VectorPath.Vector128;
        }

        return VectorPath.Scalar;
    }
}
