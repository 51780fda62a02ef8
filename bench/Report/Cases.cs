using System;
using System.Collections.Generic;
using TensorGen.Semirings;

namespace TensorGen.Bench.Report;

/// <summary>
/// The report's cases: GEMM for the main semirings at n = 64 … 1024, GEMV and dot products for a few,
/// and the closure (all-pairs shortest paths). Input values are chosen per semiring so that the check is
/// meaningful: non-negative sums for the error bound, integer path weights so that float closures are exact,
/// and a boolean density of 1/√n so that or-and results are neither all false nor all true.
/// </summary>
internal static class Cases
{
    internal static readonly SemiringKind PlusTimesF32 = new("plus-times", "f32", Exactness.SumBound,
        new CeilingLoop<FmaSingleStep, float>("12 x fma f32", i => 1e-3f * (1 + i % 5)));

    private static readonly SemiringKind MaxPlusF32 = new("max-plus", "f32", Exactness.BitExact,
        new CeilingLoop<AddMaxStep<float>, float>("12 x add+max f32", i => i % 9 - 4f));

    private static readonly SemiringKind MinPlusF32 = new("min-plus", "f32", Exactness.BitExact,
        new CeilingLoop<AddMinStep<float>, float>("12 x add+min f32", i => i % 9 - 4f));

    private static readonly SemiringKind MinPlusF64 = new("min-plus", "f64", Exactness.BitExact,
        new CeilingLoop<AddMinStep<double>, double>("12 x add+min f64", i => i % 9 - 4d));

    private static readonly SemiringKind MinPlusI32 = new("min-plus", "i32", Exactness.BitExact,
        new CeilingLoop<AddMinStep<int>, int>("12 x add+min i32", i => i % 9 - 4));

    private static readonly SemiringKind MaxMinF32 = new("max-min", "f32", Exactness.BitExact,
        new CeilingLoop<MinMaxStep<float>, float>("12 x min+max f32", i => i % 9 - 4f));

    private static readonly SemiringKind OrAndBool = new("or-and", "bool", Exactness.BitExact,
        new CeilingLoop<AndOrStep, byte>("12 x and+or u8", i => (byte)(i & 1)));

    private static readonly SemiringKind OrAndBits = new("or-and", "bits", Exactness.BitExact,
        new CeilingLoop<AndOrBitsStep, ulong>("12 x and+or u64 (64 entries per lane)", i => (ulong)i * 0x9E3779B97F4A7C15UL, entriesPerLane: 64));

    private static readonly SemiringKind UserMaxPlusF32 = new(UserSemirings.UserMaxPlusName, "f32", Exactness.BitExact,
        new CeilingLoop<AddMaxStep<float>, float>("12 x add+max f32", i => i % 9 - 4f));

    private static readonly SemiringKind LogSumExpF32 = new("log-sum-exp", "f32", Exactness.LogSumBound,
        new BestCeiling("12 x add+logaddexp f32, or its micro-kernels in L1",
            new CeilingLoop<LogAddExpSingleStep, float>("12 x add+logaddexp f32", i => -0.25f * (i % 5)),
            new MicroKernelCeiling<LogSumExpSingle.Operators, float>("log-sum-exp micro-kernels", i => -0.25f * (i % 5))));

    public static IEnumerable<KernelCase> All(bool quick)
    {
        int[] sizes = quick ? [64, 256, 512] : [64, 256, 512, 1024];
        foreach (int n in sizes)
        {
            yield return new KernelCase<PlusTimesSingle, float>(PlusTimesF32, KernelOp.Gemm, n, Unit);
        }

        foreach (int n in sizes)
        {
            yield return new KernelCase<MaxPlusSingle, float>(MaxPlusF32, KernelOp.Gemm, n, Signed);
        }

        foreach (int n in sizes)
        {
            yield return new KernelCase<MinPlusSingle, float>(MinPlusF32, KernelOp.Gemm, n, Distance);
        }

        foreach (int n in sizes)
        {
            yield return new KernelCase<MinPlusDouble, double>(MinPlusF64, KernelOp.Gemm, n, r => r.NextDouble() * 100);
        }

        foreach (int n in sizes)
        {
            yield return new KernelCase<MinPlusInt32, int>(MinPlusI32, KernelOp.Gemm, n, r => r.Next(0, 1000));
        }

        foreach (int n in sizes)
        {
            yield return new KernelCase<MaxMinSingle, float>(MaxMinF32, KernelOp.Gemm, n, Unit);
        }

        foreach (int n in sizes)
        {
            double density = 1 / Math.Sqrt(n);
            yield return new KernelCase<OrAnd, bool>(OrAndBool, KernelOp.Gemm, n, r => r.NextDouble() < density);
        }

        foreach (int n in sizes)
        {
            yield return new KernelCase<LogSumExpSingle, float>(LogSumExpF32, KernelOp.Gemm, n, r => -4 * r.NextSingle());
        }

        foreach (int n in quick ? [1024] : (int[])[1024, 4096])
        {
            yield return new KernelCase<PlusTimesSingle, float>(PlusTimesF32, KernelOp.Gemv, n, Unit);
            yield return new KernelCase<MaxPlusSingle, float>(MaxPlusF32, KernelOp.Gemv, n, Signed);
            yield return new KernelCase<MinPlusInt32, int>(MinPlusI32, KernelOp.Gemv, n, r => r.Next(0, 1000));
        }

        foreach (int n in quick ? [4096] : (int[])[4096, 1 << 20])
        {
            yield return new KernelCase<PlusTimesSingle, float>(PlusTimesF32, KernelOp.Dot, n, Unit);
            yield return new KernelCase<MaxPlusSingle, float>(MaxPlusF32, KernelOp.Dot, n, Signed);
            yield return new KernelCase<MinPlusInt32, int>(MinPlusI32, KernelOp.Dot, n, r => r.Next(0, 1000));
        }

        foreach (int n in quick ? [256, 512] : (int[])[256, 512, 1024, 2048])
        {
            yield return new KernelCase<MinPlusSingle, float>(MinPlusF32, KernelOp.Closure, n, SparseRoads(n));
        }

        foreach (int n in quick ? [512] : (int[])[512, 1024])
        {
            double density = 1 / Math.Sqrt(n);
            yield return new KernelCase<OrAnd, bool>(OrAndBits, KernelOp.Gemm, n, r => r.NextDouble() < density, ours: BitPacked);
        }

        // Odd sizes against the neighbouring multiples of the tile, and a user's own declaration against the built-in.
        foreach (int n in quick ? [257] : (int[])[257, 1023, 1025])
        {
            yield return new KernelCase<MaxPlusSingle, float>(MaxPlusF32, KernelOp.Gemm, n, Signed);
        }

        yield return new KernelCase<UserMaxPlus, float>(UserMaxPlusF32, KernelOp.Gemm, quick ? 512 : 1024, Signed);

        // Threads against one at n = 2048 (full runs only: each product is 17 G ops): 1, 2, then doubling up to the
        // machine's logical processors, which closes the list when it is not a power of two.
        if (!quick)
        {
            foreach (int threads in ThreadCounts(Environment.ProcessorCount))
            {
                yield return new KernelCase<PlusTimesSingle, float>(PlusTimesF32, KernelOp.Gemm, 2048, Unit, threads);
                yield return new KernelCase<MaxPlusSingle, float>(MaxPlusF32, KernelOp.Gemm, 2048, Signed, threads);
            }
        }
    }

    /// <summary>1 and 2, then doubling while below <paramref name="processors"/>, then <paramref name="processors"/> itself (at least 1, 2).</summary>
    internal static IEnumerable<int> ThreadCounts(int processors)
    {
        yield return 1;
        int threads = 2;
        for (; threads < processors; threads *= 2)
        {
            yield return threads;
        }

        yield return Math.Max(2, processors);
    }

    /// <summary>The or-and product on bit-packed inputs (packed once, outside the timing); the result is unpacked after.</summary>
    private static (Action Run, Action? Finish) BitPacked(Workload<bool> workload, bool[] output)
    {
        int n = workload.N;
        BitMatrix a = BitMatrix.Pack(workload.A, n, n), b = BitMatrix.Pack(workload.B, n, n), c = new(n, n);
        return (() => OrAnd.MatMul(a, b, c), () => c.Unpack(output));
    }

    private static float Unit(Random random) => random.NextSingle();

    private static float Signed(Random random) => 2 * random.NextSingle() - 1;

    private static float Distance(Random random) => 100 * random.NextSingle();

    /// <summary>About eight out-edges per node with integer weights 1..100 (sums of them are exact in f32); no edge is +∞.</summary>
    private static Func<Random, float> SparseRoads(int n)
    {
        double density = Math.Min(1.0, 8.0 / n);
        return random => random.NextDouble() < density ? random.Next(1, 101) : float.PositiveInfinity;
    }
}
