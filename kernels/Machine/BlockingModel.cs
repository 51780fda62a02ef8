using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TensorGen.Kernels;

namespace TensorGen.Machine;

/// <summary>
/// The BLIS analytical model (T. M. Low, F. D. Igual, T. M. Smith, E. S. Quintana-Ortí, "Analytical Modeling Is
/// Enough for High-Performance BLIS", ACM TOMS 43(2), 2016, §4.2–4.4): block sizes from cache geometry alone,
/// with no measurement. Each level keeps one way free for the operand that streams through it.
/// <list type="bullet">
/// <item><b>kc</b> (L1, W₁ ways, N₁ sets, lines of C₁ bytes): the mr×kc micro-panel of A gets
/// C_A = ⌊(W₁ − 1) / (1 + nr/mr)⌋ ways and the kc×nr micro-panel of B, which stays resident, the proportional
/// share of the rest; kc = C_A·N₁·C₁ / (mr·S).</item>
/// <item><b>mc</b> (L2): the micro-panel of B takes C_B = ⌈kc·nr·S / (N₂·C₂)⌉ ways, one way is left for C, and
/// the packed mc×kc block of A gets the remaining C_A = W₂ − 1 − C_B; mc = C_A·N₂·C₂ / (kc·S), rounded down to mr.</item>
/// <item><b>nc</b> (L3): the block of A takes ⌈mc·kc·S / (N₃·C₃)⌉ ways, one is left free, the packed kc×nc block
/// of B gets the rest; nc = C_B·N₃·C₃ / (kc·S), rounded down to nr.</item>
/// </list>
/// A level whose geometry is missing or absurd (no ways, no lines, zero or enormous sizes), or whose answer would
/// not hold one tile, leaves that value at <see cref="GemmBlocking.Fixed"/>'s default, stated as the source.
/// Results are capped (<see cref="MaxKc"/>, <see cref="MaxMc"/>, <see cref="MaxNc"/>) so that packing buffers
/// stay bounded whatever a cache claims; a cap only shrinks a panel, so it still fits.
/// </summary>
public static class BlockingModel
{
    /// <summary>Largest kc the model returns.</summary>
    public const int MaxKc = 1024;

    /// <summary>Largest mc the model returns (before rounding down to mr).</summary>
    public const int MaxMc = 4096;

    /// <summary>Largest nc the model returns (before rounding down to nr).</summary>
    public const int MaxNc = 8192;

    /// <summary>Block sizes for a micro-kernel tile and element size from the caches of <paramref name="cpu"/>.</summary>
    public static BlockingChoice Compute(CpuInfo cpu, MicroTile tile, int elementSize)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        return Compute(cpu.Caches, tile, elementSize);
    }

    /// <summary>Block sizes for a micro-kernel tile and element size from a list of caches.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The tile or element size is not positive.</exception>
    public static BlockingChoice Compute(IReadOnlyList<CacheLevel> caches, MicroTile tile, int elementSize)
    {
        ArgumentNullException.ThrowIfNull(caches);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tile.Rows, nameof(tile));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tile.Columns, nameof(tile));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(elementSize);

        GemmBlocking fixedDefault = GemmBlocking.Fixed(tile, elementSize);
        long mr = tile.Rows, nr = tile.Columns, s = elementSize;
        CacheLevel? l1 = Usable(caches, 1), l2 = Usable(caches, 2), l3 = Usable(caches, 3);

        // kc from L1.
        int kc = fixedDefault.Kc;
        InfoSource kcSource = InfoSource.Default;
        string kcBasis = l1 is null ? "no usable L1 data cache" : "";
        if (l1 is not null)
        {
            long waysA = (l1.Ways - 1) * mr / (mr + nr);

            // A tile much wider than tall (nr > (W - 1) mr) leaves A less than a way: share the W - 1 ways in proportion.
            long candidate = waysA >= 1 ? waysA * l1.WayBytes / (mr * s) : (l1.Ways - 1) * l1.WayBytes / ((mr + nr) * s);
            if (candidate >= 1)
            {
                kc = (int)Math.Min(candidate, MaxKc);
                kcSource = InfoSource.Model;
                kcBasis = waysA >= 1
                    ? string.Create(CultureInfo.InvariantCulture, $"{waysA} of {l1.Ways} ways of {Describe(l1)} for A's micro-panel{Capped(candidate, MaxKc)}")
                    : string.Create(CultureInfo.InvariantCulture, $"{l1.Ways - 1} of {l1.Ways} ways of {Describe(l1)} shared by A's and B's micro-panels{Capped(candidate, MaxKc)}");
            }
            else
            {
                kcBasis = string.Create(CultureInfo.InvariantCulture, $"{Describe(l1)} cannot hold an {mr}x1 and a 1x{nr} micro-panel with a way to spare");
            }
        }

        // mc from L2, given kc.
        int mc = fixedDefault.Mc;
        InfoSource mcSource = InfoSource.Default;
        string mcBasis = l2 is null ? "no usable L2 cache" : "";
        if (l2 is not null)
        {
            long waysB = CeilDiv(kc * nr * s, l2.WayBytes);
            long waysA = l2.Ways - 1 - waysB;
            long candidate = waysA >= 1 ? RoundDown(Math.Min(waysA * l2.WayBytes / (kc * s), MaxMc), mr) : 0;
            if (candidate >= mr)
            {
                mc = (int)candidate;
                mcSource = InfoSource.Model;
                mcBasis = string.Create(CultureInfo.InvariantCulture, $"{waysA} of {l2.Ways} ways of {Describe(l2)} for A's block{Capped(waysA * l2.WayBytes / (kc * s), MaxMc)}");
            }
            else
            {
                mcBasis = string.Create(CultureInfo.InvariantCulture, $"{Describe(l2)} cannot hold {mr} rows of A at kc {kc} beside B's micro-panel");
            }
        }

        // nc from L3, given kc and mc.
        int nc = fixedDefault.Nc;
        InfoSource ncSource = InfoSource.Default;
        string ncBasis = l3 is null ? "no usable L3 cache" : "";
        if (l3 is not null)
        {
            long waysA = CeilDiv(mc * kc * s, l3.WayBytes);
            long waysB = l3.Ways - 1 - waysA;
            long candidate = waysB >= 1 ? RoundDown(Math.Min(waysB * l3.WayBytes / (kc * s), MaxNc), nr) : 0;
            if (candidate >= nr)
            {
                nc = (int)candidate;
                ncSource = InfoSource.Model;
                ncBasis = string.Create(CultureInfo.InvariantCulture, $"{waysB} of {l3.Ways} ways of {Describe(l3)} for B's block{Capped(waysB * l3.WayBytes / (kc * s), MaxNc)}");
            }
            else
            {
                ncBasis = string.Create(CultureInfo.InvariantCulture, $"{Describe(l3)} cannot hold {nr} columns of B at kc {kc} beside A's block");
            }
        }

        return new BlockingChoice(new GemmBlocking(kc, mc, nc), kcSource, mcSource, ncSource, kcBasis, mcBasis, ncBasis);
    }

    /// <summary>The data or unified cache at a level, when its geometry is usable.</summary>
    private static CacheLevel? Usable(IReadOnlyList<CacheLevel> caches, int level) =>
        caches.FirstOrDefault(c => c is not null && c.Level == level && c.HoldsData && c.IsUsable);

    private static string Describe(CacheLevel cache) => string.Create(CultureInfo.InvariantCulture,
        $"{cache.Name} {CacheLevel.FormatBytes(cache.SizeBytes)} ({cache.Source.Describe()})");

    private static string Capped(long value, int cap) =>
        value > cap ? string.Create(CultureInfo.InvariantCulture, $", capped at {cap} (the cache would allow {value})") : "";

    private static long CeilDiv(long value, long divisor) => value / divisor + (value % divisor == 0 ? 0 : 1);

    private static long RoundDown(long value, long multiple) => value / multiple * multiple;
}
