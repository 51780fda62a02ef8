using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TensorGen.Clifford;

/// <summary>
/// The driver of every generated batched Clifford operation. Operands and result are in structure-of-arrays
/// layout: component k of multivector m at <c>[k · count + m]</c>. The driver validates the spans once, then
/// packs blocks of 4, 8 or 16 multivectors (the <see cref="KernelDispatch.Current"/> path's lane count) into
/// small contiguous buffers, runs the generated straight-line block and unpacks the result; the last
/// <c>count mod lanes</c> multivectors take the scalar lane kernel.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CliffordBatch
{
    private const int MaxLanes = 16;

    /// <summary>
    /// How far ahead (in multivectors) the vector loops prefetch each component stream: an operand of b blades is b
    /// streams count floats apart, more than the hardware prefetchers follow.
    /// </summary>
    private const int PrefetchAhead = 64;

    /// <summary>Runs <typeparamref name="TKernel"/> over <paramref name="count"/> multivectors.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="ArgumentException">
    /// A span's length is not its type's blade count times <paramref name="count"/>, or the result overlaps an operand.
    /// </exception>
    public static void Run<TKernel>(ReadOnlySpan<float> left, ReadOnlySpan<float> right, Span<float> result, int count,
                                    string leftName, string rightName, string resultName)
        where TKernel : ICliffordBatchKernel
    {
        if (count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"'{nameof(count)}' must be non-negative.");
        }

        CheckLength(left.Length, TKernel.LeftBlades, count, leftName);
        CheckLength(right.Length, TKernel.RightBlades, count, rightName);
        CheckLength(result.Length, TKernel.ResultBlades, count, resultName);
        if (left.Overlaps(result))
        {
            throw new ArgumentException($"'{resultName}' overlaps '{leftName}'; the result must not share memory with an operand.", resultName);
        }

        if (right.Overlaps(result))
        {
            throw new ArgumentException($"'{resultName}' overlaps '{rightName}'; the result must not share memory with an operand.", resultName);
        }

        if (count == 0)
        {
            return;
        }

        Span<float> packedLeft = stackalloc float[TKernel.LeftBlades * MaxLanes];
        Span<float> packedRight = stackalloc float[TKernel.RightBlades * MaxLanes];
        Span<float> packedResult = stackalloc float[TKernel.ResultBlades * MaxLanes];
        Span<float> scratch = stackalloc float[Math.Max(1, TKernel.ScratchBlades * MaxLanes)];
        ref float l = ref MemoryMarshal.GetReference(left);
        ref float r = ref MemoryMarshal.GetReference(right);
        ref float c = ref MemoryMarshal.GetReference(result);
        ref float pl = ref MemoryMarshal.GetReference(packedLeft);
        ref float pr = ref MemoryMarshal.GetReference(packedRight);
        ref float pc = ref MemoryMarshal.GetReference(packedResult);
        ref float ps = ref MemoryMarshal.GetReference(scratch);
        nuint stride = (nuint)count;
        int m = 0;
        switch (KernelDispatch.Current)
        {
            case VectorPath.Vector512:
                for (; m <= count - 16; m += 16)
                {
                    Prefetch(ref l, ref r, m + PrefetchAhead, count, TKernel.LeftBlades, TKernel.RightBlades);
                    Pack512(ref Unsafe.Add(ref l, m), stride, ref pl, TKernel.LeftBlades);
                    Pack512(ref Unsafe.Add(ref r, m), stride, ref pr, TKernel.RightBlades);
                    TKernel.Block512(ref pl, ref pr, ref pc, ref ps);
                    Unpack512(ref pc, ref Unsafe.Add(ref c, m), stride, TKernel.ResultBlades);
                }

                break;
            case VectorPath.Vector256:
                for (; m <= count - 8; m += 8)
                {
                    Prefetch(ref l, ref r, m + PrefetchAhead, count, TKernel.LeftBlades, TKernel.RightBlades);
                    Pack256(ref Unsafe.Add(ref l, m), stride, ref pl, TKernel.LeftBlades);
                    Pack256(ref Unsafe.Add(ref r, m), stride, ref pr, TKernel.RightBlades);
                    TKernel.Block256(ref pl, ref pr, ref pc, ref ps);
                    Unpack256(ref pc, ref Unsafe.Add(ref c, m), stride, TKernel.ResultBlades);
                }

                break;
            case VectorPath.Vector128:
                for (; m <= count - 4; m += 4)
                {
                    Prefetch(ref l, ref r, m + PrefetchAhead, count, TKernel.LeftBlades, TKernel.RightBlades);
                    Pack128(ref Unsafe.Add(ref l, m), stride, ref pl, TKernel.LeftBlades);
                    Pack128(ref Unsafe.Add(ref r, m), stride, ref pr, TKernel.RightBlades);
                    TKernel.Block128(ref pl, ref pr, ref pc, ref ps);
                    Unpack128(ref pc, ref Unsafe.Add(ref c, m), stride, TKernel.ResultBlades);
                }

                break;
        }

        for (; m < count; m++)
        {
            PackLane(ref Unsafe.Add(ref l, m), stride, ref pl, TKernel.LeftBlades);
            PackLane(ref Unsafe.Add(ref r, m), stride, ref pr, TKernel.RightBlades);
            TKernel.Lane(ref pl, ref pr, ref pc);
            UnpackLane(ref pc, ref Unsafe.Add(ref c, m), stride, TKernel.ResultBlades);
        }
    }

    private static void CheckLength(int length, int blades, int count, string name)
    {
        long expected = (long)blades * count;
        if (length != expected)
        {
            throw new ArgumentException(
                $"'{name}' holds {length} floats; {count} multivectors of {blades} components in structure-of-arrays layout need {expected}.", name);
        }
    }

    private static unsafe void Prefetch(ref float left, ref float right, int m, int count, int leftBlades, int rightBlades)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported || m >= count)
        {
            return;
        }

        nuint stride = (nuint)count;
        for (int k = 0; k < leftBlades; k++)
        {
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref left, (nint)((nuint)k * stride) + m)));
        }

        for (int k = 0; k < rightBlades; k++)
        {
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref right, (nint)((nuint)k * stride) + m)));
        }
    }

    private static void Pack512(ref float source, nuint stride, ref float packed, int blades)
    {
        for (int k = 0; k < blades; k++)
        {
            Vector512.LoadUnsafe(ref source, (nuint)k * stride).StoreUnsafe(ref packed, (nuint)(k * 16));
        }
    }

    private static void Unpack512(ref float packed, ref float destination, nuint stride, int blades)
    {
        for (int k = 0; k < blades; k++)
        {
            Vector512.LoadUnsafe(ref packed, (nuint)(k * 16)).StoreUnsafe(ref destination, (nuint)k * stride);
        }
    }

    private static void Pack256(ref float source, nuint stride, ref float packed, int blades)
    {
        for (int k = 0; k < blades; k++)
        {
            Vector256.LoadUnsafe(ref source, (nuint)k * stride).StoreUnsafe(ref packed, (nuint)(k * 8));
        }
    }

    private static void Unpack256(ref float packed, ref float destination, nuint stride, int blades)
    {
        for (int k = 0; k < blades; k++)
        {
            Vector256.LoadUnsafe(ref packed, (nuint)(k * 8)).StoreUnsafe(ref destination, (nuint)k * stride);
        }
    }

    private static void Pack128(ref float source, nuint stride, ref float packed, int blades)
    {
        for (int k = 0; k < blades; k++)
        {
            Vector128.LoadUnsafe(ref source, (nuint)k * stride).StoreUnsafe(ref packed, (nuint)(k * 4));
        }
    }

    private static void Unpack128(ref float packed, ref float destination, nuint stride, int blades)
    {
        for (int k = 0; k < blades; k++)
        {
            Vector128.LoadUnsafe(ref packed, (nuint)(k * 4)).StoreUnsafe(ref destination, (nuint)k * stride);
        }
    }

    private static void PackLane(ref float source, nuint stride, ref float packed, int blades)
    {
        for (int k = 0; k < blades; k++)
        {
            Unsafe.Add(ref packed, k) = Unsafe.Add(ref source, (nint)((nuint)k * stride));
        }
    }

    private static void UnpackLane(ref float packed, ref float destination, nuint stride, int blades)
    {
        for (int k = 0; k < blades; k++)
        {
            Unsafe.Add(ref destination, (nint)((nuint)k * stride)) = Unsafe.Add(ref packed, k);
        }
    }
}
