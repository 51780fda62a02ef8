using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace TensorGen.Machine;

/// <summary>
/// What Linux says, through a <see cref="CpuSource"/>: <c>/sys/devices/system/cpu/cpu0/cache/index*</c> for caches
/// and <c>/proc/cpuinfo</c> for identity and physical cores. Every reader answers nothing for what is absent.
/// </summary>
internal static class LinuxCpu
{
    /// <summary>The caches of cpu0 from sysfs, in index order; empty where sysfs has none (macOS, Windows, some containers).</summary>
    public static IReadOnlyList<CacheLevel> Caches(CpuSource source)
    {
        var caches = new List<CacheLevel>();
        foreach (string index in source.SysfsCacheIndices())
        {
            string? level = source.SysfsCacheFile(index, "level"), type = source.SysfsCacheFile(index, "type"), size = source.SysfsCacheFile(index, "size");
            if (level is null || type is null || size is null
                || !int.TryParse(level, NumberStyles.None, CultureInfo.InvariantCulture, out int lvl)
                || ParseSize(size) is not long bytes)
            {
                continue;
            }

            CacheKind kind = type switch { "Data" => CacheKind.Data, "Instruction" => CacheKind.Instruction, _ => CacheKind.Unified };
            int line = ParseInt(source.SysfsCacheFile(index, "coherency_line_size"));
            int ways = ParseInt(source.SysfsCacheFile(index, "ways_of_associativity"));
            int sharedBy = CountCpuList(source.SysfsCacheFile(index, "shared_cpu_list"));
            caches.Add(new CacheLevel(lvl, kind, bytes, line, ways, sharedBy, InfoSource.Sysfs));
        }

        return caches;
    }

    /// <summary>The <c>key: value</c> pairs of the first processor block of <c>/proc/cpuinfo</c>, and the count of distinct (physical id, core id) pairs.</summary>
    public static (Dictionary<string, string> First, int PhysicalCores) ProcCpuinfo(IReadOnlyList<string> lines)
    {
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        var cores = new HashSet<(string, string)>();
        int block = 0;
        string physical = "0";
        foreach (string line in lines)
        {
            if (line.Length == 0)
            {
                block++;
                continue;
            }

            int colon = line.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }

            string key = line[..colon].Trim(), value = line[(colon + 1)..].Trim();
            if (block == 0)
            {
                first.TryAdd(key, value);
            }

            if (key == "physical id")
            {
                physical = value;
            }
            else if (key == "core id")
            {
                cores.Add((physical, value));
            }
        }

        return (first, cores.Count);
    }

    /// <summary>Parses sysfs sizes: <c>32K</c>, <c>1024K</c>, <c>32M</c>, or plain bytes.</summary>
    public static long? ParseSize(string text)
    {
        text = text.Trim();
        long multiplier = 1;
        if (text.Length > 0 && char.ToUpperInvariant(text[^1]) is 'K' or 'M' or 'G')
        {
            multiplier = char.ToUpperInvariant(text[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, _ => 1L << 30 };
            text = text[..^1];
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value <= long.MaxValue / multiplier
            ? value * multiplier
            : null;
    }

    /// <summary>Counts the CPUs of a sysfs list such as <c>0-3,8,10-11</c>; 0 when absent or unreadable.</summary>
    public static int CountCpuList(string? list)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            return 0;
        }

        int count = 0;
        foreach (string part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int dash = part.IndexOf('-');
            if (dash < 0)
            {
                count += int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? 1 : 0;
            }
            else if (int.TryParse(part.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out int lo)
                     && int.TryParse(part.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int hi) && hi >= lo)
            {
                count += hi - lo + 1;
            }
        }

        return count;
    }

    private static int ParseInt(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : 0;
}
