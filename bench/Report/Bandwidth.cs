using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TensorGen.Bench.Report;

/// <summary>
/// The memory side of the roofline: a streaming read of a buffer the size of a case's operands (so it is
/// L2, L3 or DRAM bandwidth as the case itself sees it), in GB/s. GEMV and dot products are bound by it.
/// </summary>
internal static class Bandwidth
{
    public static double ReadGigabytesPerSecond(long bytes, TimingPolicy policy)
    {
        int count = (int)Math.Max(Vector<ulong>.Count * 4, bytes / sizeof(ulong));
        var buffer = new ulong[count];
        buffer.AsSpan().Fill(1);
        ulong sink = 0;
        double rate = Timing.BestRate(repeats =>
        {
            for (long r = 0; r < repeats; r++)
            {
                sink += Sum(buffer);
            }

            return (double)repeats * count * sizeof(ulong);
        }, policy.MinRunSeconds, policy.Runs);
        GC.KeepAlive(sink);
        return rate / 1e9;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static ulong Sum(ulong[] buffer)
    {
        ReadOnlySpan<Vector<ulong>> vectors = MemoryMarshal.Cast<ulong, Vector<ulong>>(buffer);
        Vector<ulong> s0 = default, s1 = default, s2 = default, s3 = default;
        int i = 0;
        for (; i + 4 <= vectors.Length; i += 4)
        {
            s0 += vectors[i];
            s1 += vectors[i + 1];
            s2 += vectors[i + 2];
            s3 += vectors[i + 3];
        }

        for (; i < vectors.Length; i++)
        {
            s0 += vectors[i];
        }

        return Vector.Sum(s0 + s1 + s2 + s3);
    }
}
