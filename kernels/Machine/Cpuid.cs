using System;
using System.Collections.Generic;
using System.Text;

namespace TensorGen.Machine;

/// <summary>
/// Reads the x86 <c>CPUID</c> instruction: vendor, brand, family/model/stepping, feature bits (including ones .NET
/// exposes no <c>IsSupported</c> for) and the deterministic cache parameters of leaf 4 (Intel) or 0x8000001D (AMD).
/// Every method answers nothing (null or empty) off x86 or where the runtime forbids <c>X86Base</c>.
/// </summary>
internal static partial class Cpuid
{
    private enum Register { Eax, Ebx, Ecx, Edx }

    /// <summary>Feature bits by name: leaf, subleaf, register, bit (Intel SDM vol. 2A, CPUID; AMD APM vol. 3, appendix E).</summary>
    private static readonly (string Name, uint Leaf, int Subleaf, Register Register, int Bit)[] s_features =
    [
        ("sse3", 1, 0, Register.Ecx, 0),
        ("pclmulqdq", 1, 0, Register.Ecx, 1),
        ("ssse3", 1, 0, Register.Ecx, 9),
        ("fma", 1, 0, Register.Ecx, 12),
        ("sse4.1", 1, 0, Register.Ecx, 19),
        ("sse4.2", 1, 0, Register.Ecx, 20),
        ("movbe", 1, 0, Register.Ecx, 22),
        ("popcnt", 1, 0, Register.Ecx, 23),
        ("aes", 1, 0, Register.Ecx, 25),
        ("osxsave", 1, 0, Register.Ecx, 27),
        ("avx", 1, 0, Register.Ecx, 28),
        ("f16c", 1, 0, Register.Ecx, 29),
        ("rdrand", 1, 0, Register.Ecx, 30),
        ("hypervisor", 1, 0, Register.Ecx, 31),
        ("sse", 1, 0, Register.Edx, 25),
        ("sse2", 1, 0, Register.Edx, 26),
        ("ht", 1, 0, Register.Edx, 28),
        ("bmi1", 7, 0, Register.Ebx, 3),
        ("avx2", 7, 0, Register.Ebx, 5),
        ("bmi2", 7, 0, Register.Ebx, 8),
        ("erms", 7, 0, Register.Ebx, 9),
        ("avx512f", 7, 0, Register.Ebx, 16),
        ("avx512dq", 7, 0, Register.Ebx, 17),
        ("rdseed", 7, 0, Register.Ebx, 18),
        ("adx", 7, 0, Register.Ebx, 19),
        ("avx512ifma", 7, 0, Register.Ebx, 21),
        ("clflushopt", 7, 0, Register.Ebx, 23),
        ("clwb", 7, 0, Register.Ebx, 24),
        ("avx512pf", 7, 0, Register.Ebx, 26),
        ("avx512er", 7, 0, Register.Ebx, 27),
        ("avx512cd", 7, 0, Register.Ebx, 28),
        ("sha", 7, 0, Register.Ebx, 29),
        ("avx512bw", 7, 0, Register.Ebx, 30),
        ("avx512vl", 7, 0, Register.Ebx, 31),
        ("avx512vbmi", 7, 0, Register.Ecx, 1),
        ("avx512vbmi2", 7, 0, Register.Ecx, 6),
        ("gfni", 7, 0, Register.Ecx, 8),
        ("vaes", 7, 0, Register.Ecx, 9),
        ("vpclmulqdq", 7, 0, Register.Ecx, 10),
        ("avx512vnni", 7, 0, Register.Ecx, 11),
        ("avx512bitalg", 7, 0, Register.Ecx, 12),
        ("avx512vpopcntdq", 7, 0, Register.Ecx, 14),
        ("avx512vp2intersect", 7, 0, Register.Edx, 8),
        ("serialize", 7, 0, Register.Edx, 14),
        ("amx-bf16", 7, 0, Register.Edx, 22),
        ("avx512fp16", 7, 0, Register.Edx, 23),
        ("amx-tile", 7, 0, Register.Edx, 24),
        ("amx-int8", 7, 0, Register.Edx, 25),
        ("avx-vnni", 7, 1, Register.Eax, 4),
        ("avx512bf16", 7, 1, Register.Eax, 5),
        ("amx-fp16", 7, 1, Register.Eax, 21),
        ("avx-ifma", 7, 1, Register.Eax, 23),
        ("avx-vnni-int8", 7, 1, Register.Edx, 4),
        ("avx-ne-convert", 7, 1, Register.Edx, 5),
        ("avx-vnni-int16", 7, 1, Register.Edx, 10),
        ("avx10", 7, 1, Register.Edx, 19),
        ("lzcnt", 0x8000_0001, 0, Register.Ecx, 5),
        ("sse4a", 0x8000_0001, 0, Register.Ecx, 6),
        ("fma4", 0x8000_0001, 0, Register.Ecx, 16),
        ("topoext", 0x8000_0001, 0, Register.Ecx, 22),
    ];

    private static uint MaxLeaf(CpuSource source) => (uint)source.Cpuid(0, 0).Eax;

    private static uint MaxExtendedLeaf(CpuSource source)
    {
        uint max = (uint)source.Cpuid(0x8000_0000, 0).Eax;
        return max >= 0x8000_0000 ? max : 0;
    }

    /// <summary>The vendor string, e.g. <c>GenuineIntel</c>, <c>AuthenticAMD</c>.</summary>
    public static string? Vendor(CpuSource source)
    {
        if (!source.HasCpuid)
        {
            return null;
        }

        var (_, ebx, ecx, edx) = source.Cpuid(0, 0);
        return Ascii([ebx, edx, ecx]);
    }

    /// <summary>The brand string of leaves 0x80000002–4, trimmed.</summary>
    public static string? Brand(CpuSource source)
    {
        if (!source.HasCpuid || MaxExtendedLeaf(source) < 0x8000_0004)
        {
            return null;
        }

        var registers = new List<int>();
        for (uint leaf = 0x8000_0002; leaf <= 0x8000_0004; leaf++)
        {
            var (eax, ebx, ecx, edx) = source.Cpuid(leaf, 0);
            registers.AddRange([eax, ebx, ecx, edx]);
        }

        string brand = Ascii(registers.ToArray()).Trim();
        return brand.Length == 0 ? null : brand;
    }

    /// <summary>Display family, model and stepping of leaf 1 (extended family and model folded in as the SDM says).</summary>
    public static (int Family, int Model, int Stepping)? Signature(CpuSource source)
    {
        if (!source.HasCpuid || MaxLeaf(source) < 1)
        {
            return null;
        }

        int eax = source.Cpuid(1, 0).Eax;
        int baseFamily = (eax >> 8) & 0xF, baseModel = (eax >> 4) & 0xF;
        int family = baseFamily == 0xF ? baseFamily + ((eax >> 20) & 0xFF) : baseFamily;
        int model = baseFamily is 0x6 or 0xF ? baseModel + (((eax >> 16) & 0xF) << 4) : baseModel;
        return (family, model, eax & 0xF);
    }

    /// <summary>Names of the feature bits set, in the table's order.</summary>
    public static IReadOnlyList<string> Features(CpuSource source)
    {
        if (!source.HasCpuid)
        {
            return [];
        }

        uint maxLeaf = MaxLeaf(source), maxExtended = MaxExtendedLeaf(source);
        int maxSubleaf7 = maxLeaf >= 7 ? source.Cpuid(7, 0).Eax : -1;
        var names = new List<string>();
        foreach (var (name, leaf, subleaf, register, bit) in s_features)
        {
            bool present = leaf >= 0x8000_0000 ? leaf <= maxExtended : leaf <= maxLeaf && (leaf != 7 || subleaf <= maxSubleaf7);
            if (!present)
            {
                continue;
            }

            var r = source.Cpuid(leaf, subleaf);
            int value = register switch { Register.Eax => r.Eax, Register.Ebx => r.Ebx, Register.Ecx => r.Ecx, _ => r.Edx };
            if (((value >> bit) & 1) != 0)
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>
    /// Cache parameters from leaf 4 (Intel and others) or 0x8000001D (AMD with topology extensions): each level's
    /// size is ways · partitions · line · sets. Empty where neither leaf answers (older AMD, hypervisors that hide it).
    /// </summary>
    public static IReadOnlyList<CacheLevel> DeterministicCaches(CpuSource source)
    {
        if (!source.HasCpuid)
        {
            return [];
        }

        string vendor = Vendor(source) ?? "";
        uint leaf;
        if (vendor is "AuthenticAMD" or "HygonGenuine")
        {
            bool topoext = MaxExtendedLeaf(source) >= 0x8000_001D && ((source.Cpuid(0x8000_0001, 0).Ecx >> 22) & 1) != 0;
            if (!topoext)
            {
                return [];
            }

            leaf = 0x8000_001D;
        }
        else
        {
            if (MaxLeaf(source) < 4)
            {
                return [];
            }

            leaf = 4;
        }

        var caches = new List<CacheLevel>();
        for (int index = 0; index < 16; index++)
        {
            var (eax, ebx, ecx, _) = source.Cpuid(leaf, index);
            int type = eax & 0x1F;
            if (type == 0)
            {
                break;
            }

            CacheKind kind = type switch { 1 => CacheKind.Data, 2 => CacheKind.Instruction, _ => CacheKind.Unified };
            int level = (eax >> 5) & 0x7;
            bool fullyAssociative = ((eax >> 9) & 1) != 0;
            int sharedBy = ((eax >> 14) & 0xFFF) + 1;
            int line = (ebx & 0xFFF) + 1;
            int partitions = ((ebx >> 12) & 0x3FF) + 1;
            int ways = ((ebx >> 22) & 0x3FF) + 1;
            long sets = (long)(uint)ecx + 1;
            long size = (long)ways * partitions * line * sets;
            if (fullyAssociative)
            {
                ways = (int)Math.Min(int.MaxValue, size / line);
            }

            caches.Add(new CacheLevel(level, kind, size, line, ways, sharedBy, leaf == 4 ? InfoSource.CpuidLeaf4 : InfoSource.CpuidLeaf8000001D));
        }

        return caches;
    }

    private static string Ascii(int[] registers)
    {
        var bytes = new byte[registers.Length * 4];
        for (int i = 0; i < registers.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), registers[i]);
        }

        return Encoding.ASCII.GetString(bytes).TrimEnd('\0');
    }
}
