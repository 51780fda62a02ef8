using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Threading.Tasks;

namespace TensorGen.Bench.Report;

/// <summary>
/// The memory side of the roofline: a streaming read of a buffer the size of a case's operands (so it is
/// L2, L3 or DRAM bandwidth as the case itself sees it), in GB/s. GEMV and dot products are bound by it.
/// Kernels whose output dwarfs their inputs (spherical harmonics, full tensor products) are bound by the write
/// side instead: <see cref="WriteGigabytesPerSecond"/> fills a buffer of the output's size, with ordinary stores
/// (each line missing the cache is read for ownership first) or with non-temporal ones (whole lines, no read).
/// </summary>
internal static class Bandwidth
{
    /// <summary>
    /// Reads a buffer of <paramref name="bytes"/> in full, split into <paramref name="threads"/> contiguous parts read
    /// at once, and returns the best rate over the policy's runs.
    /// </summary>
    public static double ReadGigabytesPerSecond(long bytes, TimingPolicy policy, int threads = 1)
    {
        int count = (int)Math.Max(Vector<ulong>.Count * 4 * threads, bytes / sizeof(ulong));
        var buffer = new ulong[count];
        buffer.AsSpan().Fill(1);
        var sinks = new ulong[threads];
        double rate = Timing.BestRate(repeats =>
        {
            if (threads == 1)
            {
                for (long r = 0; r < repeats; r++) sinks[0] += Sum(buffer, 0, count);
            }
            else
            {
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, part =>
                {
                    int start = (int)((long)count * part / threads), end = (int)((long)count * (part + 1) / threads);
                    for (long r = 0; r < repeats; r++) sinks[part] += Sum(buffer, start, end - start);
                });
            }

            return (double)repeats * count * sizeof(ulong);
        }, policy.MinRunSeconds, policy.Runs);
        GC.KeepAlive(sinks);
        return rate / 1e9;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static ulong Sum(ulong[] buffer, int start, int length)
    {
        ReadOnlySpan<Vector<ulong>> vectors = MemoryMarshal.Cast<ulong, Vector<ulong>>(buffer.AsSpan(start, length));
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

    /// <summary>
    /// Bytes written per second filling a 64-byte-aligned buffer of <paramref name="bytes"/> bytes with 32-byte vector
    /// stores, ordinary or non-temporal (<paramref name="nonTemporal"/>, fenced after each fill), in GB/s.
    /// </summary>
    public static unsafe double WriteGigabytesPerSecond(long bytes, TimingPolicy policy, bool nonTemporal)
    {
        nint count = (nint)Math.Max(4 * 32, bytes / 128 * 128);
        byte* buffer = (byte*)NativeMemory.AlignedAlloc((nuint)count, 64);
        try
        {
            new Span<byte>(buffer, (int)Math.Min(count, int.MaxValue)).Fill(1);
            float value = 1;
            double rate = Timing.BestRate(repeats =>
            {
                for (long r = 0; r < repeats; r++)
                {
                    if (nonTemporal) FillNonTemporal(buffer, count, Vector256.Create(value));
                    else Fill(buffer, count, Vector256.Create(value));
                    value += 1;
                }

                return (double)repeats * count;
            }, policy.MinRunSeconds, policy.Runs);
            return rate / 1e9;
        }
        finally
        {
            NativeMemory.AlignedFree(buffer);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Fill(byte* buffer, nint count, Vector256<float> value)
    {
        for (nint i = 0; i < count; i += 128)
        {
            value.Store((float*)(buffer + i));
            value.Store((float*)(buffer + i + 32));
            value.Store((float*)(buffer + i + 64));
            value.Store((float*)(buffer + i + 96));
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void FillNonTemporal(byte* buffer, nint count, Vector256<float> value)
    {
        for (nint i = 0; i < count; i += 128)
        {
            value.StoreAlignedNonTemporal((float*)(buffer + i));
            value.StoreAlignedNonTemporal((float*)(buffer + i + 32));
            value.StoreAlignedNonTemporal((float*)(buffer + i + 64));
            value.StoreAlignedNonTemporal((float*)(buffer + i + 96));
        }

        if (Sse.IsSupported) Sse.StoreFence();
    }
}
