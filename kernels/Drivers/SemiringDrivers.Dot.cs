using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TensorGen.Kernels;

public static partial class SemiringDrivers
{
    /// <summary>⊕ over i of x[i] ⊗ y[i]; Zero for empty spans.</summary>
    public static T Dot<TOp, T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
    {
        Validate.Length(y.Length, x.Length, nameof(y));
        return DotCore<TOp, T>(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), (nuint)x.Length, KernelDispatch.Current);
    }

    /// <summary>The dot product over contiguous memory, two vector accumulators, lanes folded with scalar ⊕.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static T DotCore<TOp, T>(ref T x, ref T y, nuint length, VectorPath path)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
    {
        T result = TOp.Zero;
        nuint i = 0;
        switch (path)
        {
            case VectorPath.Vector512 when length >= (nuint)Vector512<T>.Count:
            {
                nuint width = (nuint)Vector512<T>.Count;
                Vector512<T> acc0 = Vector512.Create(TOp.Zero), acc1 = acc0;
                for (; i + 2 * width <= length; i += 2 * width)
                {
                    acc0 = TOp.MultiplyAdd(acc0, Vector512.LoadUnsafe(ref x, i), Vector512.LoadUnsafe(ref y, i));
                    acc1 = TOp.MultiplyAdd(acc1, Vector512.LoadUnsafe(ref x, i + width), Vector512.LoadUnsafe(ref y, i + width));
                }

                for (; i + width <= length; i += width)
                {
                    acc0 = TOp.MultiplyAdd(acc0, Vector512.LoadUnsafe(ref x, i), Vector512.LoadUnsafe(ref y, i));
                }

                result = FoldLanes<TOp, T>(TOp.Add(acc0, acc1));
                break;
            }

            case VectorPath.Vector256 when length >= (nuint)Vector256<T>.Count:
            {
                nuint width = (nuint)Vector256<T>.Count;
                Vector256<T> acc0 = Vector256.Create(TOp.Zero), acc1 = acc0;
                for (; i + 2 * width <= length; i += 2 * width)
                {
                    acc0 = TOp.MultiplyAdd(acc0, Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref y, i));
                    acc1 = TOp.MultiplyAdd(acc1, Vector256.LoadUnsafe(ref x, i + width), Vector256.LoadUnsafe(ref y, i + width));
                }

                for (; i + width <= length; i += width)
                {
                    acc0 = TOp.MultiplyAdd(acc0, Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref y, i));
                }

                result = FoldLanes<TOp, T>(TOp.Add(acc0, acc1));
                break;
            }

            case VectorPath.Vector128 when length >= (nuint)Vector128<T>.Count:
            {
                nuint width = (nuint)Vector128<T>.Count;
                Vector128<T> acc0 = Vector128.Create(TOp.Zero), acc1 = acc0;
                for (; i + 2 * width <= length; i += 2 * width)
                {
                    acc0 = TOp.MultiplyAdd(acc0, Vector128.LoadUnsafe(ref x, i), Vector128.LoadUnsafe(ref y, i));
                    acc1 = TOp.MultiplyAdd(acc1, Vector128.LoadUnsafe(ref x, i + width), Vector128.LoadUnsafe(ref y, i + width));
                }

                for (; i + width <= length; i += width)
                {
                    acc0 = TOp.MultiplyAdd(acc0, Vector128.LoadUnsafe(ref x, i), Vector128.LoadUnsafe(ref y, i));
                }

                result = FoldLanes<TOp, T>(TOp.Add(acc0, acc1));
                break;
            }
        }

        for (; i < length; i++)
        {
            result = TOp.Add(result, TOp.Multiply(Unsafe.Add(ref x, i), Unsafe.Add(ref y, i)));
        }

        return result;
    }

    private static T FoldLanes<TOp, T>(Vector128<T> v)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
    {
        T result = v.GetElement(0);
        for (int lane = 1; lane < Vector128<T>.Count; lane++)
        {
            result = TOp.Add(result, v.GetElement(lane));
        }

        return result;
    }

    private static T FoldLanes<TOp, T>(Vector256<T> v)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
        => FoldLanes<TOp, T>(TOp.Add(v.GetLower(), v.GetUpper()));

    private static T FoldLanes<TOp, T>(Vector512<T> v)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
        => FoldLanes<TOp, T>(TOp.Add(v.GetLower(), v.GetUpper()));
}
