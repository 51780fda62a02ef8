using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TensorGen.Permutation;

public static partial class PermutationKernels
{
    /// <summary>Σ source[j]: a sum over a block of the input along its contiguous last index.</summary>
    public static float Sum(ReadOnlySpan<float> source, VectorPath path)
    {
        ref float s0 = ref MemoryMarshal.GetReference(source);
        int length = source.Length, j = 0;
        float sum = 0f;
        switch (path)
        {
            case VectorPath.Vector512 when length >= Vector512<float>.Count:
            {
                Vector512<float> acc = Vector512<float>.Zero;
                for (; j <= length - Vector512<float>.Count; j += Vector512<float>.Count) acc += Vector512.LoadUnsafe(ref s0, (nuint)j);
                sum = Vector512.Sum(acc);
                break;
            }

            case VectorPath.Vector256 when length >= Vector256<float>.Count:
            {
                Vector256<float> acc = Vector256<float>.Zero;
                for (; j <= length - Vector256<float>.Count; j += Vector256<float>.Count) acc += Vector256.LoadUnsafe(ref s0, (nuint)j);
                sum = Vector256.Sum(acc);
                break;
            }

            case VectorPath.Vector128 when length >= Vector128<float>.Count:
            {
                Vector128<float> acc = Vector128<float>.Zero;
                for (; j <= length - Vector128<float>.Count; j += Vector128<float>.Count) acc += Vector128.LoadUnsafe(ref s0, (nuint)j);
                sum = Vector128.Sum(acc);
                break;
            }
        }

        for (; j < length; j++) sum += Unsafe.Add(ref s0, j);
        return sum;
    }

    /// <summary>destination[j] += source[j]: a row of a reduced tensor lands on a row of the output (or the reverse).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Add(ReadOnlySpan<float> source, Span<float> destination, VectorPath path)
    {
        if (source.Length != destination.Length)
        {
            throw new ArgumentException($"'{nameof(destination)}' holds {destination.Length} elements; '{nameof(source)}' holds {source.Length}.", nameof(destination));
        }

        ref float s0 = ref MemoryMarshal.GetReference(source);
        ref float d0 = ref MemoryMarshal.GetReference(destination);
        int length = source.Length, j = 0;
        switch (path)
        {
            case VectorPath.Vector512:
                for (; j <= length - Vector512<float>.Count; j += Vector512<float>.Count)
                    (Vector512.LoadUnsafe(ref d0, (nuint)j) + Vector512.LoadUnsafe(ref s0, (nuint)j)).StoreUnsafe(ref d0, (nuint)j);
                break;
            case VectorPath.Vector256:
                for (; j <= length - Vector256<float>.Count; j += Vector256<float>.Count)
                    (Vector256.LoadUnsafe(ref d0, (nuint)j) + Vector256.LoadUnsafe(ref s0, (nuint)j)).StoreUnsafe(ref d0, (nuint)j);
                break;
            case VectorPath.Vector128:
                for (; j <= length - Vector128<float>.Count; j += Vector128<float>.Count)
                    (Vector128.LoadUnsafe(ref d0, (nuint)j) + Vector128.LoadUnsafe(ref s0, (nuint)j)).StoreUnsafe(ref d0, (nuint)j);
                break;
        }

        for (; j < length; j++) Unsafe.Add(ref d0, j) += Unsafe.Add(ref s0, j);
    }

    /// <summary>destination[j] += value: a broadcast along an output index that no input index reaches.</summary>
    public static void AddScalar(float value, Span<float> destination, VectorPath path)
    {
        ref float d0 = ref MemoryMarshal.GetReference(destination);
        int length = destination.Length, j = 0;
        switch (path)
        {
            case VectorPath.Vector512:
            {
                Vector512<float> broadcast = Vector512.Create(value);
                for (; j <= length - Vector512<float>.Count; j += Vector512<float>.Count)
                    (Vector512.LoadUnsafe(ref d0, (nuint)j) + broadcast).StoreUnsafe(ref d0, (nuint)j);
                break;
            }

            case VectorPath.Vector256:
            {
                Vector256<float> broadcast = Vector256.Create(value);
                for (; j <= length - Vector256<float>.Count; j += Vector256<float>.Count)
                    (Vector256.LoadUnsafe(ref d0, (nuint)j) + broadcast).StoreUnsafe(ref d0, (nuint)j);
                break;
            }

            case VectorPath.Vector128:
            {
                Vector128<float> broadcast = Vector128.Create(value);
                for (; j <= length - Vector128<float>.Count; j += Vector128<float>.Count)
                    (Vector128.LoadUnsafe(ref d0, (nuint)j) + broadcast).StoreUnsafe(ref d0, (nuint)j);
                break;
            }
        }

        for (; j < length; j++) Unsafe.Add(ref d0, j) += value;
    }
}
