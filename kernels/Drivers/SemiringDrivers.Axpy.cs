using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TensorGen.Kernels;

public static partial class SemiringDrivers
{
    /// <summary>
    /// <c>y[i] = y[i] ⊕ (alpha ⊗ x[i])</c> (or <c>⊕ (x[i] ⊗ alpha)</c> when <paramref name="alphaOnLeft"/> is false) over
    /// contiguous memory: the row update of Closure and of MatVecᵀ. ⊗ need not commute, so the side matters.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AxpyCore<TOp, T>(T alpha, ref T x, ref T y, nuint length, VectorPath path, bool alphaOnLeft)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
    {
        nuint i = 0;
        switch (path)
        {
            case VectorPath.Vector512:
            {
                Vector512<T> scale = Vector512.Create(alpha);
                for (; i + (nuint)Vector512<T>.Count <= length; i += (nuint)Vector512<T>.Count)
                {
                    Vector512<T> row = Vector512.LoadUnsafe(ref x, i);
                    (alphaOnLeft ? TOp.MultiplyAdd(Vector512.LoadUnsafe(ref y, i), scale, row) : TOp.MultiplyAdd(Vector512.LoadUnsafe(ref y, i), row, scale)).StoreUnsafe(ref y, i);
                }

                break;
            }

            case VectorPath.Vector256:
            {
                Vector256<T> scale = Vector256.Create(alpha);
                for (; i + (nuint)Vector256<T>.Count <= length; i += (nuint)Vector256<T>.Count)
                {
                    Vector256<T> row = Vector256.LoadUnsafe(ref x, i);
                    (alphaOnLeft ? TOp.MultiplyAdd(Vector256.LoadUnsafe(ref y, i), scale, row) : TOp.MultiplyAdd(Vector256.LoadUnsafe(ref y, i), row, scale)).StoreUnsafe(ref y, i);
                }

                break;
            }

            case VectorPath.Vector128:
            {
                Vector128<T> scale = Vector128.Create(alpha);
                for (; i + (nuint)Vector128<T>.Count <= length; i += (nuint)Vector128<T>.Count)
                {
                    Vector128<T> row = Vector128.LoadUnsafe(ref x, i);
                    (alphaOnLeft ? TOp.MultiplyAdd(Vector128.LoadUnsafe(ref y, i), scale, row) : TOp.MultiplyAdd(Vector128.LoadUnsafe(ref y, i), row, scale)).StoreUnsafe(ref y, i);
                }

                break;
            }
        }

        for (; i < length; i++)
        {
            T product = alphaOnLeft ? TOp.Multiply(alpha, Unsafe.Add(ref x, i)) : TOp.Multiply(Unsafe.Add(ref x, i), alpha);
            Unsafe.Add(ref y, i) = TOp.Add(Unsafe.Add(ref y, i), product);
        }
    }
}
