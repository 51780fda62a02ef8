using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace TensorGen.Equivariant;

/// <summary>
/// Non-temporal output for the generated sample-major tensor products. A block of samples is computed in lanes, one
/// register per output component; its output, the block's samples one after another, is one contiguous run of the
/// destination. Above <see cref="ThresholdBytes"/> the block is transposed into a staging area in L1 and copied out by
/// <see cref="HarmonicsStreaming.CopyLines{T}"/>: non-temporal stores for every destination line it covers whole,
/// ordinary ones for the part-lines at its ends. Streaming skips the read-for-ownership of each line (the l ≤ 4 full
/// product writes 2,500 bytes per sample). x86 only: elsewhere
/// (Arm, or no SIMD) the output is written in place with ordinary stores. Called by generated code only, with
/// lengths it has checked.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ProductOutput
{
    /// <summary>
    /// Output bytes from which a product's sample-major blocks stream in the current flow: the tuned choice
    /// <see cref="TensorGen.Machine.KernelChoices.ProductStreaming"/> (a known L3 by default, never without one;
    /// <c>bench -- tune</c> measures it).
    /// </summary>
    public static long ThresholdBytes => TensorGen.Machine.KernelChoices.ProductStreaming.Bytes;

    /// <summary>Whether an output of <paramref name="elements"/> values of <typeparamref name="T"/> is written with non-temporal stores.</summary>
    public static bool Streams<T>(long elements) => Sse.IsSupported && elements * Unsafe.SizeOf<T>() >= ThresholdBytes;

    /// <summary>
    /// Writes a block's output, <c>lanes[i * count + j]</c> (component i of sample j), to its <paramref name="count"/>
    /// samples of <paramref name="dim"/> components at <paramref name="samples"/>, through <paramref name="staging"/>
    /// (at least dim × count values) and non-temporal stores. Call <see cref="Fence"/> after the last block.
    /// </summary>
    public static void StreamFromLanes<T>(ref T lanes, int dim, int count, ref T staging, ref T samples)
    {
        // The transposes inlined here (one call per block instead of one per 8 x 8 block: 78 a block at l <= 4) measured
        // 1.04 times as fast streamed at batch 10,000 (best of 7 interleaved rounds; 0.71 to 1.17 round by round on a
        // loaded machine) and 1.035 times in cache.
        EquivariantLanes.FromLanesInline(ref lanes, dim, count, ref staging);
        HarmonicsStreaming.CopyLines(ref staging, ref samples, dim * count);
    }

    /// <summary>Orders the non-temporal stores before whatever the caller does next.</summary>
    public static void Fence() => HarmonicsStreaming.Fence();
}
