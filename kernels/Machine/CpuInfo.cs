using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace TensorGen.Machine;

/// <summary>
/// What this machine's CPU is and offers: identity, cores, instruction sets (what the runtime will use and what
/// CPUID reports) and caches, each with where it was read. A value: it prints, serializes and compares.
/// <see cref="Current"/> detects once per process, from CPUID, Linux sysfs and <c>/proc/cpuinfo</c> read as
/// files and macOS <c>sysctl</c> (never by spawning a process); each cache level comes from the first source that
/// describes it plausibly, in the order <c>CacheDetection</c> states, and <see cref="DefaultCaches"/> are assumed
/// where none does. <see cref="Detect(CpuSource)"/> runs the same detector on a recorded dump.
/// </summary>
/// <param name="Architecture">The process architecture (<c>X64</c>, <c>Arm64</c>, …).</param>
/// <param name="Vendor">The vendor (<c>AuthenticAMD</c>, <c>GenuineIntel</c>, <c>ARM</c>, …), or <c>unknown</c>.</param>
/// <param name="Brand">The marketing name (CPUID brand string or <c>/proc/cpuinfo</c> model name), or <c>unknown</c>.</param>
/// <param name="Family">Display family (x86) or implementer (ARM); 0 where unknown.</param>
/// <param name="Model">Display model (x86) or part number (ARM); 0 where unknown.</param>
/// <param name="Stepping">Stepping (x86) or variant·16 + revision (ARM); 0 where unknown.</param>
/// <param name="IdentitySource">Where vendor, brand, family, model and stepping were read.</param>
/// <param name="LogicalCores">Logical processors available to this process.</param>
/// <param name="PhysicalCores">Physical cores, or <see cref="LogicalCores"/> where unknown.</param>
/// <param name="CoresSource">Where <see cref="PhysicalCores"/> was read.</param>
/// <param name="RuntimeIsa">The instruction sets the .NET runtime uses here (<see cref="Machine.RuntimeIsa"/>, lower case).</param>
/// <param name="CpuFeatures">Feature flags the hardware reports, including those .NET has no <c>IsSupported</c> for (AVX-512 subsets, AVX-VNNI, AMX, F16C, …).</param>
/// <param name="FeaturesSource">Where <see cref="CpuFeatures"/> was read.</param>
/// <param name="Caches">Caches of one core, by level: L1d, L1i, L2, L3 where known.</param>
/// <param name="CacheNotes">What the detector rejected or could not find, one sentence each (empty when every source agreed).</param>
public sealed record CpuInfo(
    string Architecture,
    string Vendor,
    string Brand,
    int Family,
    int Model,
    int Stepping,
    InfoSource IdentitySource,
    int LogicalCores,
    int PhysicalCores,
    InfoSource CoresSource,
    IReadOnlyList<string> RuntimeIsa,
    IReadOnlyList<string> CpuFeatures,
    InfoSource FeaturesSource,
    IReadOnlyList<CacheLevel> Caches,
    IReadOnlyList<string> CacheNotes)
{
    private static readonly Lazy<CpuInfo> s_current = new(Detect, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>This machine, detected on first use and then remembered for the life of the process.</summary>
    public static CpuInfo Current => s_current.Value;

    /// <summary>
    /// The caches assumed when neither CPUID nor sysfs answers (qemu user mode on some hosts, macOS on ARM, locked-down
    /// containers): 32 KiB 8-way L1d, 512 KiB 8-way L2, 8 MiB 16-way L3, 64-byte lines. Every x86-64 core since
    /// 2011 (Sandy Bridge, Zen) and every Armv8.2 server core (Neoverse N1 and later) has at least this much, so
    /// panels sized for these fit the real caches, if less tightly.
    /// </summary>
    public static IReadOnlyList<CacheLevel> DefaultCaches { get; } =
    [
        new(1, CacheKind.Data, 32 << 10, 64, 8, 1, InfoSource.Default),
        new(1, CacheKind.Instruction, 32 << 10, 64, 8, 1, InfoSource.Default),
        new(2, CacheKind.Unified, 512 << 10, 64, 8, 1, InfoSource.Default),
        new(3, CacheKind.Unified, 8 << 20, 64, 16, 0, InfoSource.Default),
    ];

    /// <summary>
    /// The key a tuning profile is stored under and checked against: vendor, brand, family, model, stepping and
    /// architecture. Core counts and runtime ISA switches are left out: they do not change which blocking is fastest
    /// per core, and the profile is keyed by vector path anyway.
    /// </summary>
    public string Identity => string.Create(CultureInfo.InvariantCulture,
        $"{Vendor}|{Brand}|{Family}-{Model}-{Stepping}|{Architecture}");

    /// <summary>The data (or unified) cache at <paramref name="level"/>, or null.</summary>
    public CacheLevel? DataCache(int level) => Caches.FirstOrDefault(c => c.Level == level && c.HoldsData);

    /// <summary>Whether the runtime uses <paramref name="isa"/> (a <see cref="RuntimeIsa"/> name) or the hardware reports it (a <see cref="CpuFeatures"/> name).</summary>
    public bool Has(string isa) => RuntimeIsa.Contains(isa, StringComparer.OrdinalIgnoreCase) || CpuFeatures.Contains(isa, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The caches CPUID leaf 4 (Intel) or 0x8000001D (AMD) describes, whatever <see cref="Caches"/> chose (sysfs comes
    /// first on Linux): a cross-check. Empty off x86 or where the leaf is absent.
    /// </summary>
    public static IReadOnlyList<CacheLevel> CpuidCaches() => Cpuid.DeterministicCaches(CpuSource.Live);

    /// <summary>Detects this machine now (uncached; use <see cref="Current"/>).</summary>
    public static CpuInfo Detect() => Detect(CpuSource.Live);

    /// <summary>Runs the detector on <paramref name="source"/>: this machine (<see cref="CpuSource.Live"/>) or a recorded dump.</summary>
    public static CpuInfo Detect(CpuSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        string architecture = source.Architecture;
        bool x86 = architecture is "X64" or "X86";
        var (proc, physical) = LinuxCpu.ProcCpuinfo(source.ProcCpuinfo());

        string vendor = "unknown", brand = "unknown";
        int family = 0, model = 0, stepping = 0;
        InfoSource identitySource = InfoSource.Default;
        IReadOnlyList<string> features = [];
        InfoSource featuresSource = InfoSource.Default;
        if (source.HasCpuid)
        {
            vendor = Cpuid.Vendor(source) ?? vendor;
            brand = Cpuid.Brand(source) ?? brand;
            (family, model, stepping) = Cpuid.Signature(source) ?? (0, 0, 0);
            identitySource = InfoSource.Cpuid;
            features = Cpuid.Features(source);
            featuresSource = InfoSource.Cpuid;
        }
        else if (x86 && proc.TryGetValue("vendor_id", out string? procVendor))
        {
            vendor = procVendor;
            brand = proc.GetValueOrDefault("model name", brand);
            family = ParseInt(proc.GetValueOrDefault("cpu family"));
            model = ParseInt(proc.GetValueOrDefault("model"));
            stepping = ParseInt(proc.GetValueOrDefault("stepping"));
            identitySource = InfoSource.ProcCpuinfo;
            features = Flags(proc.GetValueOrDefault("flags"));
            featuresSource = features.Count > 0 ? InfoSource.ProcCpuinfo : InfoSource.Default;
        }
        else if (!x86 && proc.TryGetValue("CPU implementer", out string? implementer))
        {
            family = ParseInt(implementer);
            model = ParseInt(proc.GetValueOrDefault("CPU part"));
            stepping = ParseInt(proc.GetValueOrDefault("CPU variant")) * 16 + ParseInt(proc.GetValueOrDefault("CPU revision"));
            vendor = ArmVendor(family);
            brand = proc.GetValueOrDefault("model name") ?? string.Create(CultureInfo.InvariantCulture, $"{vendor} part 0x{model:x3}");
            identitySource = InfoSource.ProcCpuinfo;
            features = Flags(proc.GetValueOrDefault("Features"));
            featuresSource = features.Count > 0 ? InfoSource.ProcCpuinfo : InfoSource.Default;
        }

        var (caches, notes) = CacheDetection.Detect(source);
        int logical = source.LogicalCores;
        bool physicalKnown = physical > 0;
        return new CpuInfo(
            architecture, vendor, brand, family, model, stepping, identitySource,
            logical, physicalKnown ? physical : logical, physicalKnown ? InfoSource.ProcCpuinfo : InfoSource.Runtime,
            source.RuntimeIsa.ToArray(), features, featuresSource, caches, notes);
    }

    /// <summary>This description as indented JSON (source-generated serializer; trimming- and AOT-safe).</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, MachineJsonContext.Default.CpuInfo);

    /// <inheritdoc/>
    public bool Equals(CpuInfo? other) =>
        other is not null
        && Architecture == other.Architecture && Vendor == other.Vendor && Brand == other.Brand
        && Family == other.Family && Model == other.Model && Stepping == other.Stepping && IdentitySource == other.IdentitySource
        && LogicalCores == other.LogicalCores && PhysicalCores == other.PhysicalCores && CoresSource == other.CoresSource
        && RuntimeIsa.SequenceEqual(other.RuntimeIsa) && CpuFeatures.SequenceEqual(other.CpuFeatures)
        && FeaturesSource == other.FeaturesSource && Caches.SequenceEqual(other.Caches)
        && (CacheNotes ?? []).SequenceEqual(other.CacheNotes ?? []);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Identity, LogicalCores, Caches.Count, RuntimeIsa.Count, CpuFeatures.Count);

    /// <summary>One line: brand, signature, cores and caches.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Brand} ({Vendor} family {Family} model {Model} stepping {Stepping}, {Architecture}), {PhysicalCores} cores / {LogicalCores} threads; {string.Join("; ", Caches.Select(c => c.ToString()))}");

    private static string[] Flags(string? line) =>
        line?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>Decimal or 0x-prefixed hexadecimal, as /proc/cpuinfo writes them; 0 when absent.</summary>
    private static int ParseInt(string? text)
    {
        if (text is null)
        {
            return 0;
        }

        text = text.Trim();
        return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? int.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int hex) ? hex : 0
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : 0;
    }

    /// <summary>Arm's implementer codes (Arm ARM, MIDR_EL1).</summary>
    private static string ArmVendor(int implementer) => implementer switch
    {
        0x41 => "ARM",
        0x42 => "Broadcom",
        0x43 => "Cavium",
        0x46 => "Fujitsu",
        0x48 => "HiSilicon",
        0x4E => "NVIDIA",
        0x51 => "Qualcomm",
        0x61 => "Apple",
        0xC0 => "Ampere",
        _ => string.Create(CultureInfo.InvariantCulture, $"implementer 0x{implementer:x2}"),
    };
}
