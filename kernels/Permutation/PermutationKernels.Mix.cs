using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TensorGen.Permutation;

public static partial class PermutationKernels
{
    /// <summary>
    /// The channel mix of one basis map: <c>mixed[co, :] += Σ_ci weights[co, ci, basisIndex] · reduced[ci, :]</c>, with
    /// <paramref name="reduced"/> <c>[inChannels][length]</c>, <paramref name="mixed"/> <c>[outChannels][length]</c> and
    /// <paramref name="weights"/> <c>[outChannels][inChannels][basisCount]</c>. Each output row is accumulated in
    /// registers over all input channels, a vector of columns at a time.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative or <paramref name="basisIndex"/> is not below <paramref name="basisCount"/>.</exception>
    /// <exception cref="ArgumentException">A span is shorter than its shape needs.</exception>
    public static void Mix(ReadOnlySpan<float> weights, int basisIndex, int basisCount, ReadOnlySpan<float> reduced, Span<float> mixed,
                           int inChannels, int outChannels, int length, VectorPath path)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inChannels);
        ArgumentOutOfRangeException.ThrowIfNegative(outChannels);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfNegative(basisIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(basisIndex, basisCount);
        if (weights.Length < (long)outChannels * inChannels * basisCount)
        {
            throw new ArgumentException($"'{nameof(weights)}' holds {weights.Length} elements; {outChannels} x {inChannels} x {basisCount} are needed.", nameof(weights));
        }

        if (reduced.Length < (long)inChannels * length)
        {
            throw new ArgumentException($"'{nameof(reduced)}' holds {reduced.Length} elements; {inChannels} x {length} are needed.", nameof(reduced));
        }

        if (mixed.Length < (long)outChannels * length)
        {
            throw new ArgumentException($"'{nameof(mixed)}' holds {mixed.Length} elements; {outChannels} x {length} are needed.", nameof(mixed));
        }

        ref float w0 = ref MemoryMarshal.GetReference(weights);
        ref float r0 = ref MemoryMarshal.GetReference(reduced);
        ref float m0 = ref MemoryMarshal.GetReference(mixed);
        for (int co = 0; co < outChannels; co++)
        {
            ref float row = ref Unsafe.Add(ref m0, (nint)co * length);
            ref float w = ref Unsafe.Add(ref w0, (nint)co * inChannels * basisCount + basisIndex);
            int j = path switch
            {
                VectorPath.Vector512 => MixRow512(ref w, basisCount, ref r0, ref row, inChannels, length),
                VectorPath.Vector256 => MixRow256(ref w, basisCount, ref r0, ref row, inChannels, length),
                VectorPath.Vector128 => MixRow128(ref w, basisCount, ref r0, ref row, inChannels, length),
                _ => 0,
            };
            for (; j < length; j++)
            {
                float sum = Unsafe.Add(ref row, j);
                for (int ci = 0; ci < inChannels; ci++)
                {
                    sum += Unsafe.Add(ref w, (nint)ci * basisCount) * Unsafe.Add(ref r0, (nint)ci * length + j);
                }

                Unsafe.Add(ref row, j) = sum;
            }
        }
    }

    /// <summary>Four vectors of one output row at a time, then one; returns the first column left to the scalar tail.</summary>
    private static int MixRow512(ref float w, int basisCount, ref float r0, ref float row, int inChannels, int length)
    {
        int j = 0;
        for (; j <= length - 4 * Vector512<float>.Count; j += 4 * Vector512<float>.Count)
        {
            Vector512<float> acc0 = Vector512.LoadUnsafe(ref row, (nuint)j);
            Vector512<float> acc1 = Vector512.LoadUnsafe(ref row, (nuint)(j + Vector512<float>.Count));
            Vector512<float> acc2 = Vector512.LoadUnsafe(ref row, (nuint)(j + 2 * Vector512<float>.Count));
            Vector512<float> acc3 = Vector512.LoadUnsafe(ref row, (nuint)(j + 3 * Vector512<float>.Count));
            for (int ci = 0; ci < inChannels; ci++)
            {
                Vector512<float> weight = Vector512.Create(Unsafe.Add(ref w, (nint)ci * basisCount));
                ref float source = ref Unsafe.Add(ref r0, (nint)ci * length + j);
                acc0 += weight * Vector512.LoadUnsafe(ref source);
                acc1 += weight * Vector512.LoadUnsafe(ref source, (nuint)Vector512<float>.Count);
                acc2 += weight * Vector512.LoadUnsafe(ref source, (nuint)(2 * Vector512<float>.Count));
                acc3 += weight * Vector512.LoadUnsafe(ref source, (nuint)(3 * Vector512<float>.Count));
            }

            acc0.StoreUnsafe(ref row, (nuint)j);
            acc1.StoreUnsafe(ref row, (nuint)(j + Vector512<float>.Count));
            acc2.StoreUnsafe(ref row, (nuint)(j + 2 * Vector512<float>.Count));
            acc3.StoreUnsafe(ref row, (nuint)(j + 3 * Vector512<float>.Count));
        }

        for (; j <= length - Vector512<float>.Count; j += Vector512<float>.Count)
        {
            Vector512<float> acc = Vector512.LoadUnsafe(ref row, (nuint)j);
            for (int ci = 0; ci < inChannels; ci++)
            {
                acc += Vector512.Create(Unsafe.Add(ref w, (nint)ci * basisCount)) * Vector512.LoadUnsafe(ref r0, (nuint)((nint)ci * length + j));
            }

            acc.StoreUnsafe(ref row, (nuint)j);
        }

        return j;
    }

    /// <inheritdoc cref="MixRow512"/>
    private static int MixRow256(ref float w, int basisCount, ref float r0, ref float row, int inChannels, int length)
    {
        int j = 0;
        for (; j <= length - 4 * Vector256<float>.Count; j += 4 * Vector256<float>.Count)
        {
            Vector256<float> acc0 = Vector256.LoadUnsafe(ref row, (nuint)j);
            Vector256<float> acc1 = Vector256.LoadUnsafe(ref row, (nuint)(j + Vector256<float>.Count));
            Vector256<float> acc2 = Vector256.LoadUnsafe(ref row, (nuint)(j + 2 * Vector256<float>.Count));
            Vector256<float> acc3 = Vector256.LoadUnsafe(ref row, (nuint)(j + 3 * Vector256<float>.Count));
            for (int ci = 0; ci < inChannels; ci++)
            {
                Vector256<float> weight = Vector256.Create(Unsafe.Add(ref w, (nint)ci * basisCount));
                ref float source = ref Unsafe.Add(ref r0, (nint)ci * length + j);
                acc0 += weight * Vector256.LoadUnsafe(ref source);
                acc1 += weight * Vector256.LoadUnsafe(ref source, (nuint)Vector256<float>.Count);
                acc2 += weight * Vector256.LoadUnsafe(ref source, (nuint)(2 * Vector256<float>.Count));
                acc3 += weight * Vector256.LoadUnsafe(ref source, (nuint)(3 * Vector256<float>.Count));
            }

            acc0.StoreUnsafe(ref row, (nuint)j);
            acc1.StoreUnsafe(ref row, (nuint)(j + Vector256<float>.Count));
            acc2.StoreUnsafe(ref row, (nuint)(j + 2 * Vector256<float>.Count));
            acc3.StoreUnsafe(ref row, (nuint)(j + 3 * Vector256<float>.Count));
        }

        for (; j <= length - Vector256<float>.Count; j += Vector256<float>.Count)
        {
            Vector256<float> acc = Vector256.LoadUnsafe(ref row, (nuint)j);
            for (int ci = 0; ci < inChannels; ci++)
            {
                acc += Vector256.Create(Unsafe.Add(ref w, (nint)ci * basisCount)) * Vector256.LoadUnsafe(ref r0, (nuint)((nint)ci * length + j));
            }

            acc.StoreUnsafe(ref row, (nuint)j);
        }

        return j;
    }

    /// <inheritdoc cref="MixRow512"/>
    private static int MixRow128(ref float w, int basisCount, ref float r0, ref float row, int inChannels, int length)
    {
        int j = 0;
        for (; j <= length - 4 * Vector128<float>.Count; j += 4 * Vector128<float>.Count)
        {
            Vector128<float> acc0 = Vector128.LoadUnsafe(ref row, (nuint)j);
            Vector128<float> acc1 = Vector128.LoadUnsafe(ref row, (nuint)(j + Vector128<float>.Count));
            Vector128<float> acc2 = Vector128.LoadUnsafe(ref row, (nuint)(j + 2 * Vector128<float>.Count));
            Vector128<float> acc3 = Vector128.LoadUnsafe(ref row, (nuint)(j + 3 * Vector128<float>.Count));
            for (int ci = 0; ci < inChannels; ci++)
            {
                Vector128<float> weight = Vector128.Create(Unsafe.Add(ref w, (nint)ci * basisCount));
                ref float source = ref Unsafe.Add(ref r0, (nint)ci * length + j);
                acc0 += weight * Vector128.LoadUnsafe(ref source);
                acc1 += weight * Vector128.LoadUnsafe(ref source, (nuint)Vector128<float>.Count);
                acc2 += weight * Vector128.LoadUnsafe(ref source, (nuint)(2 * Vector128<float>.Count));
                acc3 += weight * Vector128.LoadUnsafe(ref source, (nuint)(3 * Vector128<float>.Count));
            }

            acc0.StoreUnsafe(ref row, (nuint)j);
            acc1.StoreUnsafe(ref row, (nuint)(j + Vector128<float>.Count));
            acc2.StoreUnsafe(ref row, (nuint)(j + 2 * Vector128<float>.Count));
            acc3.StoreUnsafe(ref row, (nuint)(j + 3 * Vector128<float>.Count));
        }

        for (; j <= length - Vector128<float>.Count; j += Vector128<float>.Count)
        {
            Vector128<float> acc = Vector128.LoadUnsafe(ref row, (nuint)j);
            for (int ci = 0; ci < inChannels; ci++)
            {
                acc += Vector128.Create(Unsafe.Add(ref w, (nint)ci * basisCount)) * Vector128.LoadUnsafe(ref r0, (nuint)((nint)ci * length + j));
            }

            acc.StoreUnsafe(ref row, (nuint)j);
        }

        return j;
    }
}
