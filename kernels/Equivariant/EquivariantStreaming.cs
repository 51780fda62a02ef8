using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Threading;

namespace TensorGen.Equivariant;

/// <summary>
/// Non-temporal (streaming) stores for the outputs of the generated sample-major equivariant kernels (spherical
/// harmonics and tensor-product forwards). An ordinary store to a line that is not in the cache first reads the line
/// (read for ownership), so an output far larger than the cache costs its size twice in memory traffic; a
/// non-temporal store writes whole lines without reading them, and leaves the cache to the inputs.
/// </summary>
/// <remarks>
/// The choice is made at run time, per call, by the size of the output the call writes: at least
/// <see cref="ThresholdBytes"/> streams, less stores as usual (a small output is usually read again soon, and is
/// cheaper to leave in the cache). Streaming is taken only on x86 with SIMD acceleration; elsewhere the kernels
/// store as usual. The values written are the same either way, bit for bit.
/// </remarks>
public static class EquivariantStreaming
{
    /// <summary>The default of <see cref="ThresholdBytes"/>: 16 MiB, above the L2 and the typical share of L3 a core gets.</summary>
    public const long DefaultThresholdBytes = 16L << 20;

    private static long s_thresholdBytes = DefaultThresholdBytes;

    /// <summary>
    /// The output size, in bytes, from which a generated kernel writes its output with non-temporal stores:
    /// <see cref="DefaultThresholdBytes"/> unless set; 0 streams every output, <see cref="long.MaxValue"/> none.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static long ThresholdBytes
    {
        get => Volatile.Read(ref s_thresholdBytes);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(value));
            Volatile.Write(ref s_thresholdBytes, value);
        }
    }

    /// <summary>Whether a call writing <paramref name="outputBytes"/> bytes streams them: large enough, and the processor has non-temporal vector stores.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static bool Streams(long outputBytes) =>
        outputBytes >= ThresholdBytes && Sse2.IsSupported && Vector128.IsHardwareAccelerated;

    /// <summary>
    /// <see cref="EquivariantLanes.FromLanes{T}"/> with non-temporal stores: transposes the block into
    /// <paramref name="scratch"/> (<paramref name="dim"/> × <paramref name="count"/> values, in the L1 cache), then streams
    /// it to the samples, which are contiguous. Called by generated code only, with lengths it has checked.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void FromLanes<T>(ref T lanes, int dim, int count, ref T samples, ref T scratch)
    {
        EquivariantLanes.FromLanes(ref lanes, dim, count, ref scratch);
        Copy(ref Unsafe.As<T, byte>(ref scratch), ref Unsafe.As<T, byte>(ref samples), (nint)dim * count * Unsafe.SizeOf<T>());
    }

    /// <summary>Makes the streamed stores visible before any later store (an <c>sfence</c>); generated code calls it once, after its last streamed block.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Finish()
    {
        if (Sse.IsSupported) Sse.StoreFence();
    }

    /// <summary>
    /// Copies <paramref name="bytes"/> bytes: ordinary stores up to the first destination address aligned to the vector
    /// width, non-temporal aligned vector stores for the whole vectors after it, ordinary stores for the tail.
    /// </summary>
    private static unsafe void Copy(ref byte source, ref byte destination, nint bytes)
    {
        fixed (byte* target = &destination)
        {
            nint width = Vector256.IsHardwareAccelerated ? 32 : 16;
            nuint mask = (nuint)width - 1;
            nint head = Math.Min(bytes, (nint)(((nuint)width - ((nuint)target & mask)) & mask));
            for (nint i = 0; i < head; i++) target[i] = Unsafe.Add(ref source, i);
            nint offset = head;
            if (width == 32)
            {
                for (; offset + 32 <= bytes; offset += 32)
                    Vector256.LoadUnsafe(ref source, (nuint)offset).StoreAlignedNonTemporal(target + offset);
            }
            else
            {
                for (; offset + 16 <= bytes; offset += 16)
                    Vector128.LoadUnsafe(ref source, (nuint)offset).StoreAlignedNonTemporal(target + offset);
            }

            for (; offset < bytes; offset++) target[offset] = Unsafe.Add(ref source, offset);
        }
    }
}
