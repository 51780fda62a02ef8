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
