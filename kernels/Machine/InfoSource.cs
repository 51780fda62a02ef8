namespace TensorGen.Machine;

/// <summary>Where a detected or chosen value came from, so that a person reading <c>bench -- info</c> can tell a measurement from a guess.</summary>
public enum InfoSource
{
    /// <summary>A built-in default: nothing on this machine answered, or what answered made no sense.</summary>
    Default = 0,

    /// <summary>The x86 <c>CPUID</c> instruction (through <c>X86Base.CpuId</c>).</summary>
    Cpuid,

    /// <summary>Linux sysfs, <c>/sys/devices/system/cpu</c>.</summary>
    Sysfs,

    /// <summary>Linux <c>/proc/cpuinfo</c>, read as a file.</summary>
    ProcCpuinfo,

    /// <summary>The .NET runtime (<c>IsSupported</c>, <c>Environment.ProcessorCount</c>, <c>RuntimeInformation</c>).</summary>
    Runtime,

    /// <summary>The BLIS analytical model (Low et al., 2016) applied to the detected caches.</summary>
    Model,

    /// <summary>A tuning profile written by <c>bench -- tune</c> for this CPU.</summary>
    Profile,

    /// <summary>A process-wide override (the tuner's candidate blocking).</summary>
    Override,

    /// <summary>CPUID leaf 4, deterministic cache parameters (Intel and most non-AMD x86).</summary>
    CpuidLeaf4,

    /// <summary>CPUID leaf 0x8000001D, AMD's deterministic cache parameters (needs topology extensions).</summary>
    CpuidLeaf8000001D,

    /// <summary>CPUID leaf 0x80000005, AMD's L1 cache description.</summary>
    CpuidLeaf80000005,

    /// <summary>CPUID leaf 0x80000006, AMD's L2 and L3 cache description.</summary>
    CpuidLeaf80000006,

    /// <summary>CPUID leaf 2, Intel's one-byte cache descriptors (older CPUs and hypervisors without leaf 4).</summary>
    CpuidLeaf2,

    /// <summary>macOS <c>sysctl</c> (<c>hw.perflevel0.l1dcachesize</c>, <c>hw.l2cachesize</c>, …).</summary>
    Sysctl,
}

/// <summary>Short names of <see cref="InfoSource"/> values as <c>bench -- info</c> prints them.</summary>
public static class InfoSourceNames
{
    /// <summary>For example <c>sysfs</c>, <c>cpuid 0x80000006</c>, <c>model</c>.</summary>
    public static string Describe(this InfoSource source) => source switch
    {
        InfoSource.ProcCpuinfo => "/proc/cpuinfo",
        InfoSource.CpuidLeaf4 => "cpuid 4",
        InfoSource.CpuidLeaf8000001D => "cpuid 0x8000001d",
        InfoSource.CpuidLeaf80000005 => "cpuid 0x80000005",
        InfoSource.CpuidLeaf80000006 => "cpuid 0x80000006",
        InfoSource.CpuidLeaf2 => "cpuid 2",
        _ => source.ToString().ToLowerInvariant(),
    };
}

/// <summary>What a cache level holds.</summary>
public enum CacheKind
{
    /// <summary>Data only.</summary>
    Data,

    /// <summary>Instructions only.</summary>
    Instruction,

    /// <summary>Data and instructions.</summary>
    Unified,
}
