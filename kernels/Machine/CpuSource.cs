using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using X86Base = System.Runtime.Intrinsics.X86.X86Base;

namespace TensorGen.Machine;

/// <summary>
/// Everything the CPU detector reads, behind one seam: CPUID answers, the Linux sysfs cache files of cpu0,
/// <c>/proc/cpuinfo</c>, macOS <c>sysctl</c> values, the logical core count and the runtime's instruction sets.
/// <see cref="Live"/> reads this machine; <see cref="ParseDump"/> reads a recorded dump (what
/// <c>bench -- info --dump</c> prints), so the detector can be run on machines other than the one at hand.
/// </summary>
public abstract class CpuSource
{
    /// <summary>The first line of every dump.</summary>
    public const string DumpHeader = "# tensorgen cpu dump 1";

    /// <summary>The sysfs files of one cache index that the detector reads.</summary>
    public static IReadOnlyList<string> SysfsCacheFiles { get; } =
        ["level", "type", "size", "coherency_line_size", "ways_of_associativity", "shared_cpu_list"];

    /// <summary>The <c>sysctl</c> names the detector reads on macOS.</summary>
    public static IReadOnlyList<string> SysctlNames { get; } =
        ["hw.perflevel0.l1dcachesize", "hw.perflevel0.l2cachesize", "hw.perflevel0.cpusperl2",
         "hw.l1dcachesize", "hw.l2cachesize", "hw.l3cachesize", "hw.cachelinesize"];

    /// <summary>This machine, read live.</summary>
    public static CpuSource Live { get; } = new LiveCpuSource();

    /// <summary>What the dump or machine is called, for messages.</summary>
    public abstract string Name { get; }

    /// <summary>The process architecture (<c>X64</c>, <c>Arm64</c>, …).</summary>
    public abstract string Architecture { get; }

    /// <summary>Logical processors available to the process.</summary>
    public abstract int LogicalCores { get; }

    /// <summary>The runtime instruction sets in use (<see cref="Machine.RuntimeIsa"/> names).</summary>
    public abstract IReadOnlyList<string> RuntimeIsa { get; }

    /// <summary>Whether CPUID can be executed (x86 only).</summary>
    public abstract bool HasCpuid { get; }

    /// <summary>One CPUID query; zeros where the leaf is absent.</summary>
    public abstract (int Eax, int Ebx, int Ecx, int Edx) Cpuid(uint leaf, int subleaf);

    /// <summary>The sysfs cache index folders of cpu0 (<c>index0</c>, <c>index1</c>, …), in index order; empty where there are none.</summary>
    public abstract IReadOnlyList<string> SysfsCacheIndices();

    /// <summary>One sysfs cache file of one index, trimmed, or null where absent.</summary>
    public abstract string? SysfsCacheFile(string index, string file);

    /// <summary>The lines of <c>/proc/cpuinfo</c>; empty where absent.</summary>
    public abstract IReadOnlyList<string> ProcCpuinfo();

    /// <summary>A numeric <c>sysctl</c> value (macOS), or null where absent.</summary>
    public abstract long? Sysctl(string name);

    /// <summary>
    /// Everything the detector would read from this source, as a dump <see cref="ParseDump"/> reads back: CPUID
    /// leaves 0–0x20 and 0x80000000–0x80000026 with their subleaves, sysfs cache files, <c>/proc/cpuinfo</c>'s first
    /// processor block (of the others, the lines that count cores) and the <c>sysctl</c> values. Attach it to a report about a machine the detector gets wrong.
    /// </summary>
    public string ToDump()
    {
        var text = new StringBuilder();
        text.AppendLine(DumpHeader);
        text.AppendLine("architecture " + Architecture);
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"logical-cores {LogicalCores}"));
        text.AppendLine("runtime-isa " + string.Join(' ', RuntimeIsa));
        if (HasCpuid)
        {
            foreach (var (leaf, subleaf, r) in CpuidLeaves())
            {
                text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"cpuid {leaf:x8} {subleaf} {r.Eax:x8} {r.Ebx:x8} {r.Ecx:x8} {r.Edx:x8}"));
            }
        }

        foreach (string index in SysfsCacheIndices())
        {
            foreach (string file in SysfsCacheFiles)
            {
                if (SysfsCacheFile(index, file) is string value)
                {
                    text.AppendLine($"sysfs {index}/{file} {value}");
                }
            }
        }

        // /proc/cpuinfo: the first processor block whole, the others only as far as core counting reads them.
        bool firstBlock = true;
        foreach (string line in ProcCpuinfo())
        {
            firstBlock &= line.Length > 0;
            if (firstBlock || line.Length == 0 || line.StartsWith("processor", StringComparison.Ordinal)
                || line.StartsWith("physical id", StringComparison.Ordinal) || line.StartsWith("core id", StringComparison.Ordinal))
            {
                text.AppendLine(line.Length == 0 ? "cpuinfo" : "cpuinfo " + line);
            }
        }

        foreach (string name in SysctlNames)
        {
            if (Sysctl(name) is long value)
            {
                text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"sysctl {name} {value}"));
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Reads a dump written by <see cref="ToDump"/> (lines <c>architecture</c>, <c>logical-cores</c>,
    /// <c>runtime-isa</c>, <c>cpuid LEAF SUBLEAF EAX EBX ECX EDX</c> in hexadecimal, <c>sysfs INDEX/FILE VALUE</c>,
    /// <c>cpuinfo LINE</c>, <c>sysctl NAME VALUE</c>; <c>#</c> starts a comment).
    /// </summary>
    /// <exception cref="FormatException">A line is not one of these, naming the line number.</exception>
    public static CpuSource ParseDump(string text, string name)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(name);
        var dump = new RecordedCpuSource(name);
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            int space = line.IndexOf(' ');
            string key = space < 0 ? line : line[..space], rest = space < 0 ? "" : line[(space + 1)..];
            if (!dump.Add(key, rest))
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                    $"{name}, line {i + 1}: '{(line.Length > 80 ? line[..80] + "…" : line)}' is not a cpu dump line (architecture, logical-cores, runtime-isa, cpuid, sysfs, cpuinfo or sysctl)."));
            }
        }

        return dump;
    }

    private IEnumerable<(uint Leaf, int Subleaf, (int Eax, int Ebx, int Ecx, int Edx) Registers)> CpuidLeaves()
    {
        foreach (uint start in (uint[])[0, 0x8000_0000])
        {
            uint max = Math.Min((uint)Cpuid(start, 0).Eax, start + 0x26);
            if (max < start)
            {
                continue;
            }

            for (uint leaf = start; leaf <= max; leaf++)
            {
                int subleaves = leaf is 4 or 0x8000_001D ? 16 : leaf is 7 or 0xB or 0xD or 0xF or 0x10 or 0x14 or 0x18 or 0x1F ? 4 : 1;
                for (int subleaf = 0; subleaf < subleaves; subleaf++)
                {
                    var r = Cpuid(leaf, subleaf);
                    if (subleaf > 0 && r == (0, 0, 0, 0))
                    {
                        break;
                    }

                    yield return (leaf, subleaf, r);
                }
            }
        }
    }

    private sealed class LiveCpuSource : CpuSource
    {
        private const string CacheRoot = "/sys/devices/system/cpu/cpu0/cache";

        public override string Name => "this machine";

        public override string Architecture => RuntimeInformation.ProcessArchitecture.ToString();

        public override int LogicalCores => Environment.ProcessorCount;

        public override IReadOnlyList<string> RuntimeIsa { get; } =
            Machine.RuntimeIsa.All.Where(p => p.Value).Select(p => p.Key).ToArray();

        public override bool HasCpuid => X86Base.IsSupported;

        public override (int Eax, int Ebx, int Ecx, int Edx) Cpuid(uint leaf, int subleaf) =>
            HasCpuid ? X86Base.CpuId(unchecked((int)leaf), subleaf) : (0, 0, 0, 0);

        public override IReadOnlyList<string> SysfsCacheIndices()
        {
            try
            {
                return Directory.Exists(CacheRoot)
                    ? Directory.GetDirectories(CacheRoot, "index*").Select(Path.GetFileName).OfType<string>()
                        .OrderBy(d => int.TryParse(d.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : int.MaxValue)
                        .ToArray()
                    : [];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return [];
            }
        }

        public override string? SysfsCacheFile(string index, string file) => ReadFile(Path.Combine(CacheRoot, index, file));

        public override IReadOnlyList<string> ProcCpuinfo()
        {
            try
            {
                return File.Exists("/proc/cpuinfo") ? File.ReadAllLines("/proc/cpuinfo") : [];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return [];
            }
        }

        public override long? Sysctl(string name)
        {
            if (!OperatingSystem.IsMacOS())
            {
                return null;
            }

            try
            {
                long value = 0;
                nint size = sizeof(long);
                return SysctlByName(name, ref value, ref size, 0, 0) == 0 && size is 4 or 8 ? (size == 4 ? (int)value : value) : null;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return null;
            }
        }

        [DllImport("libc", EntryPoint = "sysctlbyname")]
        private static extern int SysctlByName([MarshalAs(UnmanagedType.LPStr)] string name, ref long value, ref nint size, nint newValue, nint newSize);

        private static string? ReadFile(string path)
        {
            try
            {
                return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
    }

    private sealed class RecordedCpuSource(string name) : CpuSource
    {
        private readonly Dictionary<(uint, int), (int, int, int, int)> _cpuid = [];
        private readonly Dictionary<string, Dictionary<string, string>> _sysfs = new(StringComparer.Ordinal);
        private readonly List<string> _cpuinfo = [];
        private readonly Dictionary<string, long> _sysctl = new(StringComparer.Ordinal);
        private string _architecture = "X64";
        private int _logicalCores = 1;
        private string[] _runtimeIsa = [];

        public override string Name => name;

        public override string Architecture => _architecture;

        public override int LogicalCores => _logicalCores;

        public override IReadOnlyList<string> RuntimeIsa => _runtimeIsa;

        public override bool HasCpuid => _cpuid.Count > 0;

        public override (int Eax, int Ebx, int Ecx, int Edx) Cpuid(uint leaf, int subleaf) =>
            _cpuid.GetValueOrDefault((leaf, subleaf));

        public override IReadOnlyList<string> SysfsCacheIndices() => _sysfs.Keys
            .OrderBy(d => d.Length > 5 && int.TryParse(d.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : int.MaxValue)
            .ToArray();

        public override string? SysfsCacheFile(string index, string file) =>
            _sysfs.TryGetValue(index, out var files) ? files.GetValueOrDefault(file) : null;

        public override IReadOnlyList<string> ProcCpuinfo() => _cpuinfo;

        public override long? Sysctl(string name) => _sysctl.TryGetValue(name, out long value) ? value : null;

        public bool Add(string key, string rest)
        {
            switch (key)
            {
                case "architecture" when rest.Length > 0:
                    _architecture = rest.Trim();
                    return true;
                case "logical-cores":
                    return int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out _logicalCores) && _logicalCores > 0;
                case "runtime-isa":
                    _runtimeIsa = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return true;
                case "cpuid":
                    return AddCpuid(rest.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                case "sysfs":
                    return AddSysfs(rest);
                case "cpuinfo":
                    _cpuinfo.Add(rest);
                    return true;
                case "sysctl":
                    string[] parts = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long value))
                    {
                        _sysctl[parts[0]] = value;
                        return true;
                    }

                    return false;
                default:
                    return false;
            }
        }

        private bool AddCpuid(string[] parts)
        {
            if (parts.Length != 6
                || !uint.TryParse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint leaf)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int subleaf))
            {
                return false;
            }

            var registers = new int[4];
            for (int r = 0; r < 4; r++)
            {
                if (!uint.TryParse(parts[2 + r], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint value))
                {
                    return false;
                }

                registers[r] = unchecked((int)value);
            }

            _cpuid[(leaf, subleaf)] = (registers[0], registers[1], registers[2], registers[3]);
            return true;
        }

        private bool AddSysfs(string rest)
        {
            int slash = rest.IndexOf('/'), space = rest.IndexOf(' ');
            if (slash <= 0 || space < slash)
            {
                return false;
            }

            string index = rest[..slash], file = rest[(slash + 1)..space];
            if (!index.StartsWith("index", StringComparison.Ordinal) || !SysfsCacheFiles.Contains(file))
            {
                return false;
            }

            if (!_sysfs.TryGetValue(index, out var files))
            {
                _sysfs[index] = files = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            files[file] = rest[(space + 1)..].Trim();
            return true;
        }
    }
}
