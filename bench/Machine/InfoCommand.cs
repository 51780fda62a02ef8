using System;
using System.Globalization;
using System.IO;
using System.Linq;
using TensorGen.Kernels;
using TensorGen.Machine;

namespace TensorGen.Bench.Machine;

/// <summary>
/// <c>bench info</c>: the detected machine (identity, cores, instruction sets, caches, each with its source), the
/// tuning profile in use, and for every element type and vector path the micro-kernel tile and kc/mc/nc with the
/// source of each value. <c>--json</c> prints the <see cref="CpuInfo"/> as JSON instead; <c>--dump</c> prints what the
/// detector reads (<see cref="CpuSource.ToDump"/>), which <see cref="CpuInfo.Detect(CpuSource)"/> reads back.
/// </summary>
internal static class InfoCommand
{
    public const string Usage = "bench info [--json | --dump]";

    public static int Run(string[] args, TextWriter output)
    {
        bool json = false;
        foreach (string arg in args)
        {
            switch (arg)
            {
                case "--json": json = true; break;
                case "--dump": output.Write(CpuSource.Live.ToDump()); return 0;
                case "-h" or "--help": output.WriteLine("usage: " + Usage); return 0;
                default:
                    Console.Error.WriteLine($"bench info: unknown option '{arg}'; usage: {Usage}");
                    return 2;
            }
        }

        CpuInfo cpu = CpuInfo.Current;
        if (json)
        {
            output.WriteLine(cpu.ToJson());
            return 0;
        }

        Print(cpu, ProfileStore.Default, output);
        return 0;
    }

    public static void Print(CpuInfo cpu, ProfileStore store, TextWriter output)
    {
        static string Src(InfoSource source) => "[" + source.ToString().ToLowerInvariant() + "]";
        output.WriteLine($"cpu        {cpu.Brand} {Src(cpu.IdentitySource)}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"           {cpu.Vendor}, family {cpu.Family} (0x{cpu.Family:x}), model {cpu.Model} (0x{cpu.Model:x}), stepping {cpu.Stepping}, {cpu.Architecture}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cores      {cpu.PhysicalCores} physical [{cpu.CoresSource.Describe()}], {cpu.LogicalCores} logical [runtime]"));
        Wrap(output, "isa .NET  ", string.Join(' ', cpu.RuntimeIsa) + " [runtime IsSupported]");
        string[] cpuidOnly = cpu.CpuFeatures.Where(f => !cpu.RuntimeIsa.Contains(Normalize(f))).ToArray();
        Wrap(output, "isa cpu   ", string.Join(' ', cpu.CpuFeatures) + " " + Src(cpu.FeaturesSource));
        Wrap(output, "  not used", (cpuidOnly.Length == 0 ? "(none)" : string.Join(' ', cpuidOnly))
                                     + " (reported by the CPU, no .NET IsSupported or switched off for this process)");
        string[] watch = ["avx512f", "avx512bw", "avx512vl", "avx512vnni", "avx512bf16", "avx512fp16", "avx-vnni", "amx-tile", "amx-int8", "amx-bf16", "f16c", "fma", "avx2"];
        output.WriteLine("  notable  " + string.Join(", ", watch.Select(f => f + (cpu.CpuFeatures.Contains(f) ? " yes" : " no"))));
        bool first = true;
        foreach (CacheLevel cache in cpu.Caches)
        {
            output.WriteLine((first ? "caches     " : "           ") + cache);
            first = false;
        }

        foreach (string note in cpu.CacheNotes)
        {
            output.WriteLine("  note     " + note);
        }

        output.WriteLine("           sources asked in order: sysfs, cpuid 4 / 0x8000001d, cpuid 0x80000005-6 (AMD), cpuid 2 (Intel), sysctl;");
        output.WriteLine("           `bench info --dump` records them all for a report about a machine detected wrongly");

        output.WriteLine($"kernels    take {KernelDispatch.Accelerated} (the widest path the runtime allows) [runtime]");
        if (RuntimeIsa.NarrowerThanHardware(cpu) is string narrower)
        {
            output.WriteLine("  warning  " + narrower);
        }

        output.WriteLine("           GEMM tiles (vectors): Vector512 8x2 / 14x2, Vector256 6x2 / 4x3, Vector128 4x2 / 8x3, scalar 4x4; the profile's entry picks,");
        output.WriteLine("           else 8x3 on ARM64, 4x3 on Vector256 for floating-point plus-times and the first tile elsewhere");

        TuningProfile? profile = store.Active;
        string profileLine = store.ProfilePath is null
            ? "disabled: no cache folder (set " + ProfileStore.DirectoryVariable + ")"
            : profile is not null
                ? $"{store.ProfilePath} (tuned {profile.CreatedUtc:yyyy-MM-dd HH:mm}Z by {profile.Tool}, {profile.Entries.Count} entries)"
                : $"{store.ProfilePath}: " + (store.Warnings.Count > 0 ? "ignored" : "none yet (run `bench tune`)");
        output.WriteLine("profile    " + profileLine);
        foreach (string warning in store.Warnings)
        {
            output.WriteLine("  warning  " + warning);
        }

        output.WriteLine();
        output.WriteLine("blocking   type  path       tile           kc                 mc                 nc");
        foreach (ElementKind kind in ElementKind.All)
        {
            foreach (VectorPath path in KernelDispatch.All)
            {
                (MicroTile chosen, _) = kind.Chosen(path);
                TileVariant[] variants = path == VectorPath.Scalar ? [TileVariant.Primary] : [TileVariant.Primary, TileVariant.Alternate];
                foreach (TileVariant variant in variants)
                {
                    MicroTile tile = kind.Tile(path, variant);
                    BlockingChoice choice = GemmBlocking.Resolve(path, tile, kind.Size, cpu, profile);
                    string marker = path == KernelDispatch.Accelerated && tile == chosen ? "*" : " ";
                    string shape = tile.Rows + "x" + tile.Columns + (tile == chosen ? "" : " (other)");
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"          {marker}{kind.Name,-5} {path,-10} {shape,-14} {Value(choice.Blocking.Kc, choice.KcSource),-18} {Value(choice.Blocking.Mc, choice.McSource),-18} {Value(choice.Blocking.Nc, choice.NcSource)}"));
                }
            }
        }

        output.WriteLine("           * the path and tile kernels take here; (other): the path's other tile, taken when a profile or");
        output.WriteLine("             GemmTiles.Override chooses it");
        output.WriteLine();
        BlockingChoice example = GemmBlocking.Resolve(KernelDispatch.Accelerated, ElementKind.All[0].Chosen(KernelDispatch.Accelerated).Tile, 4, cpu, profile);
        output.WriteLine($"why (f32, {KernelDispatch.Accelerated})");
        output.WriteLine($"  kc       {example.KcSource.ToString().ToLowerInvariant()}: {example.KcBasis}");
        output.WriteLine($"  mc       {example.McSource.ToString().ToLowerInvariant()}: {example.McBasis}");
        output.WriteLine($"  nc       {example.NcSource.ToString().ToLowerInvariant()}: {example.NcBasis}");
        output.WriteLine();
        PrintChoices(output);
    }

    /// <summary>A choice's value for people: a threshold's bytes as KiB or MiB, anything else as spelled.</summary>
    private static string Readable(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long bytes) ? CacheLevel.FormatBytes(bytes) : value;

    /// <summary>Every <see cref="KernelChoices"/> entry: the value kernels take here, where it came from and the model's.</summary>
    private static void PrintChoices(TextWriter output)
    {
        output.WriteLine("choices    name                                        value       from      model");
        foreach (KernelChoice choice in KernelChoices.All)
        {
            output.WriteLine($"           {choice.Name,-43} {Readable(choice.Value),-11} {choice.Source.ToString().ToLowerInvariant(),-9} {Readable(choice.ModelValue)}");
        }

        output.WriteLine("           paths: the widest path a family takes (never wider than the machine's); streaming: output bytes");
        output.WriteLine("           from which non-temporal stores are used. `bench tune` measures each; the model takes the widest");
        output.WriteLine("           path and streams past a detected L3 (never without one).");
    }

    private static string Value(int value, InfoSource source) =>
        string.Create(CultureInfo.InvariantCulture, $"{value} [{source.ToString().ToLowerInvariant()}]");

    /// <summary>Maps a CPUID feature name onto the runtime's ISA name where they differ (sse4.1 → sse41).</summary>
    private static string Normalize(string feature) => feature switch
    {
        "sse4.1" => "sse41",
        "sse4.2" => "sse42",
        "avx-vnni" => "avxvnni",
        "avx-vnni-int8" => "avxvnniint8",
        "avx-vnni-int16" => "avxvnniint16",
        "avx512vl" => "avx512f.vl",
        _ => feature,
    };

    private static void Wrap(TextWriter output, string label, string text, int width = 110)
    {
        string prefix = label.PadRight(11);
        var line = new System.Text.StringBuilder(prefix);
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length + word.Length + 1 > width && line.Length > 11)
            {
                output.WriteLine(line.ToString().TrimEnd());
                line.Clear().Append(' ', 11);
            }

            line.Append(word).Append(' ');
        }

        output.WriteLine(line.ToString().TrimEnd());
    }
}
