using System.Collections.Generic;

namespace TensorGen.Machine;

/// <summary>The cache leaves older than the deterministic ones: AMD's 0x80000005/0x80000006 and Intel's leaf 2 descriptors.</summary>
internal static partial class Cpuid
{
    /// <summary>
    /// Intel leaf 2 descriptors of data, unified and instruction caches (Intel SDM vol. 2A, CPUID, "Encoding of
    /// Cache and TLB Descriptors"): level, kind, KiB, ways, line bytes. TLB and prefetch descriptors are not listed.
    /// </summary>
    private static readonly Dictionary<byte, (int Level, CacheKind Kind, int KiB, int Ways, int Line)> s_descriptors = new()
    {
        [0x06] = (1, CacheKind.Instruction, 8, 4, 32),
        [0x08] = (1, CacheKind.Instruction, 16, 4, 32),
        [0x09] = (1, CacheKind.Instruction, 32, 4, 64),
        [0x30] = (1, CacheKind.Instruction, 32, 8, 64),
        [0x0A] = (1, CacheKind.Data, 8, 2, 32),
        [0x0C] = (1, CacheKind.Data, 16, 4, 32),
        [0x0D] = (1, CacheKind.Data, 16, 4, 64),
        [0x0E] = (1, CacheKind.Data, 24, 6, 64),
        [0x2C] = (1, CacheKind.Data, 32, 8, 64),
        [0x60] = (1, CacheKind.Data, 16, 8, 64),
        [0x66] = (1, CacheKind.Data, 8, 4, 64),
        [0x67] = (1, CacheKind.Data, 16, 4, 64),
        [0x68] = (1, CacheKind.Data, 32, 4, 64),
        [0x21] = (2, CacheKind.Unified, 256, 8, 64),
        [0x41] = (2, CacheKind.Unified, 128, 4, 32),
        [0x42] = (2, CacheKind.Unified, 256, 4, 32),
        [0x43] = (2, CacheKind.Unified, 512, 4, 32),
        [0x44] = (2, CacheKind.Unified, 1024, 4, 32),
        [0x45] = (2, CacheKind.Unified, 2048, 4, 32),
        [0x48] = (2, CacheKind.Unified, 3072, 12, 64),
        [0x4E] = (2, CacheKind.Unified, 6144, 24, 64),
        [0x78] = (2, CacheKind.Unified, 1024, 4, 64),
        [0x79] = (2, CacheKind.Unified, 128, 8, 64),
        [0x7A] = (2, CacheKind.Unified, 256, 8, 64),
        [0x7B] = (2, CacheKind.Unified, 512, 8, 64),
        [0x7C] = (2, CacheKind.Unified, 1024, 8, 64),
        [0x7D] = (2, CacheKind.Unified, 2048, 8, 64),
        [0x7F] = (2, CacheKind.Unified, 512, 2, 64),
        [0x80] = (2, CacheKind.Unified, 512, 8, 64),
        [0x82] = (2, CacheKind.Unified, 256, 8, 32),
        [0x83] = (2, CacheKind.Unified, 512, 8, 32),
        [0x84] = (2, CacheKind.Unified, 1024, 8, 32),
        [0x85] = (2, CacheKind.Unified, 2048, 8, 32),
        [0x86] = (2, CacheKind.Unified, 512, 4, 64),
        [0x87] = (2, CacheKind.Unified, 1024, 8, 64),
        [0x22] = (3, CacheKind.Unified, 512, 4, 64),
        [0x23] = (3, CacheKind.Unified, 1024, 8, 64),
        [0x25] = (3, CacheKind.Unified, 2048, 8, 64),
        [0x29] = (3, CacheKind.Unified, 4096, 8, 64),
        [0x46] = (3, CacheKind.Unified, 4096, 4, 64),
        [0x47] = (3, CacheKind.Unified, 8192, 8, 64),
        [0x49] = (3, CacheKind.Unified, 4096, 16, 64),
        [0x4A] = (3, CacheKind.Unified, 6144, 12, 64),
        [0x4B] = (3, CacheKind.Unified, 8192, 16, 64),
        [0x4C] = (3, CacheKind.Unified, 12288, 12, 64),
        [0x4D] = (3, CacheKind.Unified, 16384, 16, 64),
        [0xD0] = (3, CacheKind.Unified, 512, 4, 64),
        [0xD1] = (3, CacheKind.Unified, 1024, 4, 64),
        [0xD2] = (3, CacheKind.Unified, 2048, 4, 64),
        [0xD6] = (3, CacheKind.Unified, 1024, 8, 64),
        [0xD7] = (3, CacheKind.Unified, 2048, 8, 64),
        [0xD8] = (3, CacheKind.Unified, 4096, 8, 64),
        [0xDC] = (3, CacheKind.Unified, 1536, 12, 64),
        [0xDD] = (3, CacheKind.Unified, 3072, 12, 64),
        [0xDE] = (3, CacheKind.Unified, 6144, 12, 64),
        [0xE2] = (3, CacheKind.Unified, 2048, 16, 64),
        [0xE3] = (3, CacheKind.Unified, 4096, 16, 64),
        [0xE4] = (3, CacheKind.Unified, 8192, 16, 64),
        [0xEA] = (3, CacheKind.Unified, 12288, 24, 64),
        [0xEB] = (3, CacheKind.Unified, 18432, 24, 64),
        [0xEC] = (3, CacheKind.Unified, 24576, 24, 64),
    };

    /// <summary>
    /// AMD's L1 (0x80000005: ECX data, EDX instruction; size in KiB in bits 31–24, ways in 23–16 with 0xFF fully
    /// associative, line bytes in 7–0) and L2/L3 (0x80000006: ECX L2 with KiB in 31–16; EDX L3 with 512 KiB units in
    /// 31–18; ways as a 4-bit code in 15–12; line bytes in 7–0). Empty off AMD or where the leaves are absent.
    /// </summary>
    public static IReadOnlyList<CacheLevel> AmdLegacyCaches(CpuSource source)
    {
        var caches = new List<CacheLevel>();
        if (!source.HasCpuid || Vendor(source) is not ("AuthenticAMD" or "HygonGenuine"))
        {
            return caches;
        }

        uint max = MaxExtendedLeaf(source);
        if (max >= 0x8000_0005)
        {
            var (_, _, ecx, edx) = source.Cpuid(0x8000_0005, 0);
            AddL1(caches, ecx, CacheKind.Data);
            AddL1(caches, edx, CacheKind.Instruction);
        }

        if (max >= 0x8000_0006)
        {
            var (_, _, ecx, edx) = source.Cpuid(0x8000_0006, 0);
            long l2 = (long)((uint)ecx >> 16) << 10, l3 = (long)((uint)edx >> 18) * (512 << 10);
            AddLevel(caches, 2, l2, ecx & 0xFF, AmdWays((ecx >> 12) & 0xF, l2, ecx & 0xFF));
            AddLevel(caches, 3, l3, edx & 0xFF, AmdWays((edx >> 12) & 0xF, l3, edx & 0xFF));
        }

        return caches;
    }

    /// <summary>
    /// Intel's leaf 2: one-byte descriptors in EAX (less its low byte), EBX, ECX and EDX, each register valid when
    /// bit 31 is clear. Empty off Intel, where leaf 2 is absent, or where it says "see leaf 4" (0xFF) only.
    /// </summary>
    public static IReadOnlyList<CacheLevel> DescriptorCaches(CpuSource source)
    {
        var caches = new List<CacheLevel>();
        if (!source.HasCpuid || Vendor(source) is "AuthenticAMD" or "HygonGenuine" || MaxLeaf(source) < 2)
        {
            return caches;
        }

        var (eax, ebx, ecx, edx) = source.Cpuid(2, 0);
        var seen = new HashSet<byte>();
        int[] registers = [eax, ebx, ecx, edx];
        for (int r = 0; r < registers.Length; r++)
        {
            if (registers[r] < 0)
            {
                continue; // bit 31 set: this register holds no descriptors
            }

            for (int b = r == 0 ? 1 : 0; b < 4; b++)
            {
                byte descriptor = (byte)(registers[r] >> (8 * b));
                if (seen.Add(descriptor) && s_descriptors.TryGetValue(descriptor, out var d))
                {
                    caches.Add(new CacheLevel(d.Level, d.Kind, (long)d.KiB << 10, d.Line, d.Ways, 0, InfoSource.CpuidLeaf2));
                }
            }
        }

        caches.Sort((a, b) => a.Level != b.Level ? a.Level.CompareTo(b.Level) : a.Kind.CompareTo(b.Kind));
        return caches;
    }

    private static void AddL1(List<CacheLevel> caches, int register, CacheKind kind)
    {
        long size = (long)((uint)register >> 24) << 10;
        int line = register & 0xFF, code = (register >> 16) & 0xFF;
        int ways = code == 0xFF && line > 0 ? (int)(size / line) : code;
        if (size > 0)
        {
            caches.Add(new CacheLevel(1, kind, size, line, ways, 0, InfoSource.CpuidLeaf80000005));
        }
    }

    private static void AddLevel(List<CacheLevel> caches, int level, long size, int line, int ways)
    {
        if (size > 0)
        {
            caches.Add(new CacheLevel(level, CacheKind.Unified, size, line, ways, 0, InfoSource.CpuidLeaf80000006));
        }
    }

    /// <summary>AMD's 4-bit associativity code (APM vol. 3, CPUID Fn8000_0006); 0 (unknown) for "disabled" and "see 0x8000001D".</summary>
    private static int AmdWays(int code, long size, int line) => code switch
    {
        1 => 1,
        2 => 2,
        3 => 3,
        4 => 4,
        5 => 6,
        6 => 8,
        8 => 16,
        0xA => 32,
        0xB => 48,
        0xC => 64,
        0xD => 96,
        0xE => 128,
        0xF when line > 0 => (int)System.Math.Min(int.MaxValue, size / line),
        _ => 0,
    };
}
