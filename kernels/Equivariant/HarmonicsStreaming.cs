using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TensorGen.Equivariant;

/// <summary>
/// Non-temporal output for the generated sample-major spherical-harmonics kernels. A batch whose output is at least
/// <see cref="ThresholdBytes"/> is written in groups of vectors whose harmonics fill a whole number of 64-byte
/// cache lines (16 vectors of 49 f32 harmonics = 3,136 bytes = 49 lines; the generator takes up to 64 vectors): each group is assembled in a staging area in
/// L1, then copied out with non-temporal stores for every destination line the group covers whole, and ordinary
/// stores for the part-lines at its two ends (where the destination is not 64-byte aligned; they are the same
/// offsets in every group, since a group is a whole number of lines). Streaming skips the read-for-ownership of
/// each line and does not evict the caller's working set for an output it cannot hold anyway; an output that fits in
/// the caches is better left there for whoever reads it next. Called by generated code only, with lengths it has
/// checked.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class HarmonicsStreaming
{
    /// <summary>
    /// Output bytes from which a batch is streamed in the current flow: the tuned choice
    /// <see cref="TensorGen.Machine.KernelChoices.HarmonicsStreaming"/> (an eighth of a known L3 by default, never
    /// without one; <c>bench -- tune</c> measures it).
    /// </summary>
    public static long ThresholdBytes => TensorGen.Machine.KernelChoices.HarmonicsStreaming.Bytes;

    /// <summary>Whether an output of <paramref name="elements"/> values of <typeparamref name="T"/> is written with non-temporal stores.</summary>
    public static bool Applies<T>(long elements) =>
        Vector128.IsHardwareAccelerated && elements * Unsafe.SizeOf<T>() >= ThresholdBytes;

    /// <summary>
    /// Copies <paramref name="elements"/> values from <paramref name="staging"/> to <paramref name="destination"/>:
    /// the destination's whole 64-byte lines in the range by non-temporal stores, the part-lines at either end by
    /// ordinary ones. Call <see cref="Fence"/> after the last group.
    /// </summary>
    public static unsafe void CopyLines<T>(ref T staging, ref T destination, int elements)
    {
        nuint bytes = (nuint)elements * (nuint)Unsafe.SizeOf<T>();
        ref byte from = ref Unsafe.As<T, byte>(ref staging);

        // Pinned for the copy: the alignment is taken from the address, and the stores go through it.
        fixed (byte* to = &Unsafe.As<T, byte>(ref destination))
        {
            nuint head = (64 - ((nuint)to & 63)) & 63;
            if (head > bytes) head = bytes;
            nuint lines = (bytes - head) / 64;
            CopyOrdinary(ref from, to, head);
            byte* line = to + head;
            for (nuint i = 0; i < lines; i++) StoreLine(ref Unsafe.Add(ref from, head + i * 64), line + i * 64);

            nuint done = head + lines * 64;
            CopyOrdinary(ref Unsafe.Add(ref from, done), to + done, bytes - done);
        }
    }

    /// <summary>Orders the non-temporal stores before whatever the caller does next (they are weakly ordered on x86).</summary>
    public static void Fence()
    {
        if (Sse.IsSupported) Sse.StoreFence();
    }

    /// <summary>Writes the 64 bytes at <paramref name="from"/> to the whole line at <paramref name="to"/> with non-temporal stores.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreLine(ref byte from, byte* to)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256.LoadUnsafe(ref from).StoreAlignedNonTemporal(to);
            Vector256.LoadUnsafe(ref from, 32).StoreAlignedNonTemporal(to + 32);
        }
        else
        {
            for (nuint part = 0; part < 64; part += 16) Vector128.LoadUnsafe(ref from, part).StoreAlignedNonTemporal(to + part);
        }
    }

    private static unsafe void CopyOrdinary(ref byte from, byte* to, nuint bytes)
    {
        // At most 63 bytes, whole elements of 4 or 8 bytes.
        nuint i = 0;
        for (; i + 8 <= bytes; i += 8) *(ulong*)(to + i) = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref from, i));
        for (; i < bytes; i += 4) *(uint*)(to + i) = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref from, i));
    }
}
