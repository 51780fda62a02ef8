using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace TensorGen.Machine;

/// <summary>
/// Chooses each cache level from the sources a machine may have, in this order: Linux sysfs; CPUID's
/// deterministic leaf (4, or 0x8000001D on AMD); AMD's 0x80000005/0x80000006; Intel's leaf 2 descriptors; macOS
/// <c>sysctl</c>. For each of L1d, L1i, L2 and L3 the first source that describes it with plausible values wins;
/// a value that is not plausible is rejected with a note and the next source is asked. Where no source describes
/// any data cache, <see cref="CpuInfo.DefaultCaches"/> are assumed.
/// </summary>
internal static class CacheDetection
{
    /// <summary>An L3 larger than this per logical processor sharing it is taken for a hypervisor's invention.</summary>
    public const long MaxL3BytesPerCore = 16L << 20;

    private static readonly (int Level, CacheKind Kind)[] s_slots =
        [(1, CacheKind.Data), (1, CacheKind.Instruction), (2, CacheKind.Unified), (3, CacheKind.Unified)];

    /// <summary>The caches chosen and the notes on what was rejected or missing.</summary>
    public static (IReadOnlyList<CacheLevel> Caches, IReadOnlyList<string> Notes) Detect(CpuSource source)
    {
        IReadOnlyList<CacheLevel>[] candidates =
        [
            LinuxCpu.Caches(source),
            Cpuid.DeterministicCaches(source),
            Cpuid.AmdLegacyCaches(source),
            Cpuid.DescriptorCaches(source),
            SysctlCaches(source),
        ];

        var chosen = new List<CacheLevel>();
        var notes = new List<string>();
        foreach (var (level, kind) in s_slots)
        {
            CacheLevel? pick = null;
            foreach (IReadOnlyList<CacheLevel> list in candidates)
            {
                CacheLevel? cache = list.FirstOrDefault(c => c.Level == level && Matches(c.Kind, kind));
                if (cache is null)
                {
                    continue;
                }

                string? problem = Implausible(cache, chosen, source.LogicalCores);
                if (problem is null)
                {
                    pick = cache;
                    break;
                }

                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{cache.Name} {CacheLevel.FormatBytes(cache.SizeBytes)} from {cache.Source.Describe()} rejected: {problem}"));
            }

            if (pick is not null)
            {
                chosen.Add(pick);
            }
            else if (kind != CacheKind.Instruction)
            {
                notes.Add($"no source describes a plausible {(level == 1 ? "L1d" : "L" + level.ToString(CultureInfo.InvariantCulture))}");
            }
        }

        if (!chosen.Any(c => c.HoldsData))
        {
            notes.Add("no data cache found: the defaults (32 KiB L1d, 512 KiB L2, 8 MiB L3) are assumed");
            return (CpuInfo.DefaultCaches, notes);
        }

        return (chosen, notes);
    }

    /// <summary>Why a cache cannot be real, given the levels below it already chosen; null when it is plausible.</summary>
    public static string? Implausible(CacheLevel cache, IReadOnlyList<CacheLevel> below, int logicalCores)
    {
        if (cache.LineBytes is < 16 or > 1024 || (cache.LineBytes & (cache.LineBytes - 1)) != 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"a {cache.LineBytes}-byte line is not a power of two from 16 to 1024");
        }

        if (cache.Ways < 0 || (cache.Ways > 0 && cache.SizeBytes / cache.LineBytes < cache.Ways))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{cache.Ways} ways do not fit {cache.SizeBytes / cache.LineBytes} lines");
        }

        (long min, long max) = cache.Level switch
        {
            1 => (2L << 10, 4L << 20),
            2 => (32L << 10, 256L << 20),
            _ => (256L << 10, Math.Min(4L << 30, MaxL3BytesPerCore * Math.Max(Math.Max(logicalCores, cache.SharedBy), 1))),
        };

        if (cache.SizeBytes < min || cache.SizeBytes > max)
        {
            string why = cache.Level >= 3 && cache.SizeBytes > max && max < 4L << 30
                ? string.Create(CultureInfo.InvariantCulture,
                    $"more than {CacheLevel.FormatBytes(MaxL3BytesPerCore)} for each of the {Math.Max(Math.Max(logicalCores, cache.SharedBy), 1)} logical processors that could share it (a hypervisor's value)")
                : $"outside {CacheLevel.FormatBytes(min)}–{CacheLevel.FormatBytes(max)}";
            return why;
        }

        CacheLevel? lower = below.LastOrDefault(c => c.HoldsData && c.Level < cache.Level);
        if (cache.HoldsData && lower is not null && cache.SizeBytes <= lower.SizeBytes)
        {
            return $"not larger than the {lower.Name} below it ({CacheLevel.FormatBytes(lower.SizeBytes)})";
        }

        return null;
    }

    /// <summary>
    /// macOS caches from <c>sysctl</c>: the performance cores' L1d and L2 where the system has performance levels
    /// (Apple silicon), else <c>hw.l1dcachesize</c>, <c>hw.l2cachesize</c>, <c>hw.l3cachesize</c>. The line is
    /// <c>hw.cachelinesize</c>; ways are not reported, so the blocking model cannot use these levels.
    /// </summary>
    private static IReadOnlyList<CacheLevel> SysctlCaches(CpuSource source)
    {
        var caches = new List<CacheLevel>();
        int line = (int)(source.Sysctl("hw.cachelinesize") ?? 64);
        long? l1 = source.Sysctl("hw.perflevel0.l1dcachesize") ?? source.Sysctl("hw.l1dcachesize");
        long? l2 = source.Sysctl("hw.perflevel0.l2cachesize") ?? source.Sysctl("hw.l2cachesize");
        int l2Shared = (int)(source.Sysctl("hw.perflevel0.cpusperl2") ?? 0);
        if (l1 is > 0)
        {
            caches.Add(new CacheLevel(1, CacheKind.Data, l1.Value, line, 0, 1, InfoSource.Sysctl));
        }

        if (l2 is > 0)
        {
            caches.Add(new CacheLevel(2, CacheKind.Unified, l2.Value, line, 0, l2Shared, InfoSource.Sysctl));
        }

        if (source.Sysctl("hw.l3cachesize") is long l3 and > 0)
        {
            caches.Add(new CacheLevel(3, CacheKind.Unified, l3, line, 0, 0, InfoSource.Sysctl));
        }

        return caches;
    }

    private static bool Matches(CacheKind actual, CacheKind slot) =>
        slot == CacheKind.Unified ? actual != CacheKind.Instruction : actual == slot || (slot == CacheKind.Data && actual == CacheKind.Unified);
}
