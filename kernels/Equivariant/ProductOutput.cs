using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TensorGen.Equivariant;

/// <summary>
/// Non-temporal output for the generated sample-major tensor products. A block of samples is computed in lanes, one
/// register per output component; its output, the block's samples one after another, is one contiguous run of the
/// destination. Above <see cref="ThresholdBytes"/> the block is transposed into a staging area in L1 and copied out by
/// <see cref="HarmonicsStreaming.CopyLines{T}"/>: non-temporal stores for every destination line it covers whole,
/// ordinary ones for the part-lines at its ends. Streaming skips the read-for-ownership of each line, which held an
/// ordinary-store output to 3–4 GB/s (the l ≤ 4 full product writes 2,500 bytes per sample). x86 only: elsewhere
/// (Arm, or no SIMD) the output is written in place with ordinary stores. Called by generated code only, with
/// lengths it has checked.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ProductOutput
{
    /// <summary>
    /// The output size from which products stream by default: a quarter of this machine's last-level data cache (8 MiB
    /// on the report machine, a Zen 3 slice with 32 MiB of L3), a quarter of the harmonics' threshold: a product
    /// computes far longer per byte it writes, so its ordinary-store output is evicted from the cache before it is read
    /// again at smaller sizes. Measured there, l ≤ 4 f32 sample-major, streamed against ordinary stores interleaved in
    /// one run (5 rounds each, the report's product rows repeat it): 1.25 MB of output 0.73 to 0.81 times as fast
    /// streamed, 5 MB 1.01 to 1.04 times, 12.5 MB 1.23 to 1.31 times, 25 MB 1.15 to 1.19 times (two runs on a machine
    /// loaded by other builds); the l ≤ 2 product, 3.2 MB, 0.71 times.
    /// </summary>
    public static long DefaultThresholdBytes { get; } = HarmonicsStreaming.DefaultThresholdBytes / 4;

    /// <summary>Output bytes from which a product's sample-major blocks stream; tests and the report lower or raise it to take either path.</summary>
    public static long ThresholdBytes { get; internal set; } = DefaultThresholdBytes;

    /// <summary>Whether an output of <paramref name="elements"/> values of <typeparamref name="T"/> is written with non-temporal stores.</summary>
    public static bool Streams<T>(long elements) => Sse.IsSupported && elements * Unsafe.SizeOf<T>() >= ThresholdBytes;

    /// <summary>
    /// Writes a block's output, <c>lanes[i * count + j]</c> (component i of sample j), to its <paramref name="count"/>
    /// samples of <paramref name="dim"/> components at <paramref name="samples"/>, through <paramref name="staging"/>
    /// (at least dim × count values) and non-temporal stores. Call <see cref="Fence"/> after the last block.
    /// </summary>
    public static void StreamFromLanes<T>(ref T lanes, int dim, int count, ref T staging, ref T samples)
    {
        if (typeof(T) == typeof(float) && count == 8 && Avx.IsSupported)
            FromLanes8(ref Unsafe.As<T, float>(ref lanes), dim, ref Unsafe.As<T, float>(ref staging));
        else
            EquivariantLanes.FromLanes(ref lanes, dim, count, ref staging);
        HarmonicsStreaming.CopyLines(ref staging, ref samples, dim * count);
    }

    /// <summary>
    /// 8 samples' lanes to samples, the 8 × 8 blocks transposed in registers and inlined (<see cref="EquivariantLanes.FromLanes{T}"/>
    /// calls one method per block, 78 per block of the l ≤ 4 product): measured 1.04 times as fast streamed (best of 7
    /// interleaved rounds at batch 10,000; 0.71 to 1.17 round by round on a loaded machine), 1.035 times in cache.
    /// </summary>
    private static void FromLanes8(ref float lanes, int dim, ref float samples)
    {
        int i0 = 0;
        for (; i0 + 8 <= dim; i0 += 8) Transpose8x8(ref Unsafe.Add(ref lanes, i0 * 8), ref Unsafe.Add(ref samples, i0), (nuint)dim);
        for (; i0 < dim; i0++)
        {
            for (int j = 0; j < 8; j++) Unsafe.Add(ref samples, j * dim + i0) = Unsafe.Add(ref lanes, i0 * 8 + j);
        }
    }

    /// <summary>Writes the transpose of the 8 × 8 block of rows 8 apart at <paramref name="source"/> to rows <paramref name="stride"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(ref float source, ref float destination, nuint stride)
    {
        Vector256<float> r0 = Vector256.LoadUnsafe(ref source), r1 = Vector256.LoadUnsafe(ref source, 8);
        Vector256<float> r2 = Vector256.LoadUnsafe(ref source, 16), r3 = Vector256.LoadUnsafe(ref source, 24);
        Vector256<float> r4 = Vector256.LoadUnsafe(ref source, 32), r5 = Vector256.LoadUnsafe(ref source, 40);
        Vector256<float> r6 = Vector256.LoadUnsafe(ref source, 48), r7 = Vector256.LoadUnsafe(ref source, 56);
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE), u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        ref float d1 = ref Unsafe.Add(ref destination, stride);
        ref float d2 = ref Unsafe.Add(ref d1, stride);
        ref float d3 = ref Unsafe.Add(ref d2, stride);
        ref float d4 = ref Unsafe.Add(ref d3, stride);
        ref float d5 = ref Unsafe.Add(ref d4, stride);
        ref float d6 = ref Unsafe.Add(ref d5, stride);
        ref float d7 = ref Unsafe.Add(ref d6, stride);
        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref destination);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref d1);
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref d2);
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref d3);
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref d4);
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref d5);
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref d6);
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref d7);
    }

    /// <summary>Orders the non-temporal stores before whatever the caller does next.</summary>
    public static void Fence() => HarmonicsStreaming.Fence();
}
