using System;
using System.Globalization;

namespace TensorGen.Machine;

/// <summary>One cache as seen from one core: its level, kind, capacity, line size, associativity and sharing.</summary>
/// <param name="Level">1 for L1, 2 for L2, …</param>
/// <param name="Kind">Data, instruction or unified.</param>
/// <param name="SizeBytes">Capacity in bytes.</param>
/// <param name="LineBytes">Line (coherency granule) size in bytes.</param>
/// <param name="Ways">Associativity; 0 where unknown.</param>
/// <param name="SharedBy">Logical processors that share this cache; 0 where unknown.</param>
/// <param name="Source">Where these values were read.</param>
public sealed record CacheLevel(int Level, CacheKind Kind, long SizeBytes, int LineBytes, int Ways, int SharedBy, InfoSource Source)
{
    /// <summary>Sets, <c>size / (ways · line)</c>; 0 when the geometry is unknown or makes no sense.</summary>
    public long Sets => IsUsable ? SizeBytes / ((long)Ways * LineBytes) : 0;

    /// <summary>Bytes per way, <c>sets · line</c>; 0 when the geometry is unknown or makes no sense.</summary>
    public long WayBytes => Sets * LineBytes;

    /// <summary>Whether size, line and ways are positive and at least one full set fits: the only caches the blocking model uses.</summary>
    public bool IsUsable => SizeBytes > 0 && LineBytes > 0 && Ways > 0 && SizeBytes / LineBytes >= Ways;

    /// <summary>Whether this cache holds data (a data or unified cache).</summary>
    public bool HoldsData => Kind != CacheKind.Instruction;

    /// <summary>A short name: <c>L1d</c>, <c>L1i</c>, <c>L2</c>, …</summary>
    public string Name => "L" + Level.ToString(CultureInfo.InvariantCulture) + Kind switch
    {
        CacheKind.Data => "d",
        CacheKind.Instruction => "i",
        _ => "",
    };

    /// <summary>For example <c>L1d 32 KiB, 8-way, 64 sets, 64 B lines, shared by 1 (sysfs)</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Name} {FormatBytes(SizeBytes)}, {(Ways > 0 ? Ways + "-way" : "ways unknown")}, {Sets} sets, {LineBytes} B lines, shared by {(SharedBy > 0 ? SharedBy.ToString(CultureInfo.InvariantCulture) : "?")} ({Source.Describe()})");

    /// <summary>Bytes as <c>512 B</c>, <c>32 KiB</c>, <c>1.5 MiB</c>.</summary>
    public static string FormatBytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        double value = bytes;
        int unit = 0;
        while (Math.Abs(value) >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.##} {units[unit]}");
    }
}
