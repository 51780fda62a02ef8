using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace TensorGen.Machine;

/// <summary>
/// Linux sources read as files, never by spawning a process: <c>/sys/devices/system/cpu/cpu0/cache/index*</c>
/// for caches and <c>/proc/cpuinfo</c> for identity and physical cores. Every reader answers nothing on error.
/// </summary>
internal static class LinuxCpu
{
    public const string CacheRoot = "/sys/devices/system/cpu/cpu0/cache";

    /// <summary>The caches of cpu0 from sysfs, in index order; empty where sysfs has none (macOS, Windows, some containers).</summary>
    public static IReadOnlyList<CacheLevel> Caches(string root = CacheRoot)
    {
        var caches = new List<CacheLevel>();
        try
        {
            if (!Directory.Exists(root))
            {
                return caches;
            }

            var indices = Directory.GetDirectories(root, "index*")
                .Select(d => (Path: d, Index: int.TryParse(Path.GetFileName(d).AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : int.MaxValue))
                .OrderBy(d => d.Index);
            foreach (var (dir, _) in indices)
            {
                string? level = Read(dir, "level"), type = Read(dir, "type"), size = Read(dir, "size");
                if (level is null || type is null || size is null
                    || !int.TryParse(level, NumberStyles.None, CultureInfo.InvariantCulture, out int lvl)
                    || ParseSize(size) is not long bytes)
                {
                    continue;
                }

                CacheKind kind = type switch { "Data" => CacheKind.Data, "Instruction" => CacheKind.Instruction, _ => CacheKind.Unified };
                int line = ParseInt(Read(dir, "coherency_line_size"));
                int ways = ParseInt(Read(dir, "ways_of_associativity"));
                int sharedBy = CountCpuList(Read(dir, "shared_cpu_list"));
                caches.Add(new CacheLevel(lvl, kind, bytes, line, ways, sharedBy, InfoSource.Sysfs));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return caches;
    }

    /// <summary>The <c>key: value</c> pairs of the first processor block of <c>/proc/cpuinfo</c>, and the count of distinct (physical id, core id) pairs.</summary>
    public static (Dictionary<string, string> First, int PhysicalCores) ProcCpuinfo(string path = "/proc/cpuinfo")
    {
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        var cores = new HashSet<(string, string)>();
        try
        {
            if (!File.Exists(path))
            {
                return (first, 0);
            }

            int block = 0;
            string physical = "0";
            foreach (string line in File.ReadLines(path))
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
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
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

    private static string? Read(string dir, string name)
    {
        try
        {
            string path = Path.Combine(dir, name);
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
