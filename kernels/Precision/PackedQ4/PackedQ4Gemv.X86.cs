using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TensorGen.Numerics;

namespace TensorGen.Precision;

// The 512- and 256-bit row-group kernels. A chunk's bytes hold unsigned codes 0…15 (masked from the low nibbles,
// or from the high nibbles after a 16-bit shift); the GEMM tile's Exact512 / Exact256 multiply each 32-bit lane's
// four codes with a broadcast group of four Q8 codes and subtract 8·Σq₈, leaving each row's exact Σ (q₄ − 8)·q₈;
// then the block's scale d₄·d₈ is rounded, multiplied and added, lane by lane.
internal static unsafe partial class PackedQ4Gemv
{
    /// <summary>
    /// AVX-512 BW: <c>vpmaddubsw</c> gives 16-bit pair sums (|pair| ≤ 2·15·128); the eight pair vectors of a block are
    /// added in 16 bits (|sum| ≤ 8·3,840 = 30,720, no wrap-around) and widened to 32 bits by one <c>vpmaddwd</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool GroupVector512(byte* group, int blocks, in Activations x, float* y, int prefetch)
    {
        if (!Avx512BW.IsSupported)
        {
            return false;
        }

        Vector512<byte> lowNibbles = Vector512.Create((byte)0x0F);
        Vector512<float> acc = Vector512<float>.Zero;
        for (int b = 0; b < blocks; b++)
        {
            byte* chunks = PackedQ4_0.Chunks(group, b);
            Prefetch(chunks, b, prefetch);
            Vector512<byte> p0 = Vector512.LoadAligned(chunks), p1 = Vector512.LoadAligned(chunks + PackedQ4_0.ChunkBytes);
            Vector512<byte> p2 = Vector512.LoadAligned(chunks + 2 * PackedQ4_0.ChunkBytes), p3 = Vector512.LoadAligned(chunks + 3 * PackedQ4_0.ChunkBytes);
            Vector512<int> exact = PackedQ4Gemm.Exact512(p0 & lowNibbles, (p0.AsUInt16() >>> 4).AsByte() & lowNibbles, p1 & lowNibbles, (p1.AsUInt16() >>> 4).AsByte() & lowNibbles,
                                                         p2 & lowNibbles, (p2.AsUInt16() >>> 4).AsByte() & lowNibbles, p3 & lowNibbles, (p3.AsUInt16() >>> 4).AsByte() & lowNibbles, x, b);
            Vector512<float> scale = HalvesToSingle512(Vector256.Load(PackedQ4_0.Scales(group, b))) * Vector512.Create(x.Scales[b]);
            acc += scale * Vector512.ConvertToSingle(exact);
        }

        acc.Store(y);
        return true;
    }

    /// <summary>
    /// AVX2, two halves of eight rows: with AVX-VNNI each chunk is two <c>vpdpbusd</c>s into a fresh accumulator
    /// (four independent chains per half), otherwise <c>vpmaddubsw</c> pairs added in 16 bits and one <c>vpmaddwd</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool GroupVector256(byte* group, int blocks, in Activations x, float* y, int prefetch)
    {
        if (!Avx2.IsSupported)
        {
            return false;
        }

        Vector256<byte> lowNibbles = Vector256.Create((byte)0x0F);
        Vector256<float> acc0 = Vector256<float>.Zero, acc1 = Vector256<float>.Zero;
        for (int b = 0; b < blocks; b++)
        {
            byte* chunks = PackedQ4_0.Chunks(group, b);
            Prefetch(chunks, b, prefetch);
            Vector256<float> dx = Vector256.Create(x.Scales[b]);
            ushort* scales = PackedQ4_0.Scales(group, b);
            Vector256<int> exact0 = Sums256(chunks, x, b, lowNibbles);
            Vector256<int> exact1 = Sums256(chunks + 32, x, b, lowNibbles);
            acc0 += PrecisionKernels.HalvesToSingle(Vector128.Load(scales)) * dx * Vector256.ConvertToSingle(exact0);
            acc1 += PrecisionKernels.HalvesToSingle(Vector128.Load(scales + 8)) * dx * Vector256.ConvertToSingle(exact1);
        }

        acc0.Store(y);
        acc1.Store(y + 8);
        return true;
    }

    /// <summary>The exact block sums of eight rows (one 32-byte half of each chunk) for one block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Sums256(byte* half, in Activations x, int b, Vector256<byte> lowNibbles)
    {
        Vector256<byte> p0 = Vector256.LoadAligned(half), p1 = Vector256.LoadAligned(half + PackedQ4_0.ChunkBytes);
        Vector256<byte> p2 = Vector256.LoadAligned(half + 2 * PackedQ4_0.ChunkBytes), p3 = Vector256.LoadAligned(half + 3 * PackedQ4_0.ChunkBytes);
        return PackedQ4Gemm.Exact256(p0 & lowNibbles, (p0.AsUInt16() >>> 4).AsByte() & lowNibbles, p1 & lowNibbles, (p1.AsUInt16() >>> 4).AsByte() & lowNibbles,
                                     p2 & lowNibbles, (p2.AsUInt16() >>> 4).AsByte() & lowNibbles, p3 & lowNibbles, (p3.AsUInt16() >>> 4).AsByte() & lowNibbles, x, b);
    }

    /// <summary>
    /// Software prefetch of the block <paramref name="distance"/> bytes ahead in the group's stream (0: none): its four
    /// chunk lines, and on even blocks the pair's scale line. Prefetches past the matrix's end are harmless hints.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch(byte* chunks, int b, int distance)
    {
        if (distance == 0)
        {
            return;
        }

        byte* ahead = chunks + distance;
        Sse.Prefetch0(ahead);
        Sse.Prefetch0(ahead + 64);
        Sse.Prefetch0(ahead + 128);
        Sse.Prefetch0(ahead + 192);
        if ((b & 1) == 0)
        {
            Sse.Prefetch0(ahead + 2 * PackedQ4_0.NibbleBytesPerBlock);
        }
    }

    /// <summary>Sixteen IEEE halves (as bits) to float, exactly as <see cref="HalfBits.ToSingle"/> converts one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> HalvesToSingle512(Vector256<ushort> halves)
    {
        Vector512<uint> bits = Avx512F.ConvertToVector512UInt32(halves);
        Vector512<uint> shifted = (bits & Vector512.Create(0x7FFFu)) << 13;
        Vector512<float> magnitude = shifted.AsSingle() * Vector512.Create(5.192296858534828e33f);
        Vector512<uint> exponentMask = Vector512.Create(0x0F800000u);
        Vector512<uint> special = Vector512.Equals(shifted & exponentMask, exponentMask) & Vector512.Create(0x7F800000u);
        Vector512<uint> sign = (bits & Vector512.Create(0x8000u)) << 16;
        return (magnitude.AsUInt32() | special | sign).AsSingle();
    }
}
