using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TensorGen.Kernels;

public static partial class SemiringDrivers
{
    /// <summary><c>y[i] = y[i] ⊕ (alpha ⊗ x[i])</c> over contiguous memory: the row update of MatVecᵀ and Closure.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AxpyCore<TOp, T>(T alpha, ref T x, ref T y, nuint length, VectorPath path)
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
                    TOp.MultiplyAdd(Vector512.LoadUnsafe(ref y, i), scale, Vector512.LoadUnsafe(ref x, i)).StoreUnsafe(ref y, i);
                }

                break;
            }

            case VectorPath.Vector256:
            {
                Vector256<T> scale = Vector256.Create(alpha);
                for (; i + (nuint)Vector256<T>.Count <= length; i += (nuint)Vector256<T>.Count)
                {
                    TOp.MultiplyAdd(Vector256.LoadUnsafe(ref y, i), scale, Vector256.LoadUnsafe(ref x, i)).StoreUnsafe(ref y, i);
                }

                break;
            }

            case VectorPath.Vector128:
            {
                Vector128<T> scale = Vector128.Create(alpha);
                for (; i + (nuint)Vector128<T>.Count <= length; i += (nuint)Vector128<T>.Count)
                {
                    TOp.MultiplyAdd(Vector128.LoadUnsafe(ref y, i), scale, Vector128.LoadUnsafe(ref x, i)).StoreUnsafe(ref y, i);
                }

                break;
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref y, i) = TOp.Add(Unsafe.Add(ref y, i), TOp.Multiply(alpha, Unsafe.Add(ref x, i)));
        }
    }
}
