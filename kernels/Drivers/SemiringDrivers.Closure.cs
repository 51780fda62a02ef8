using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TensorGen.Kernels;

public static partial class SemiringDrivers
{
    /// <summary>
    /// In-place Kleene closure of an n x n matrix by Floyd–Warshall: the diagonal is first combined with One,
    /// then for each pivot k every row i becomes <c>row_i ⊕ (a_ik ⊗ row_k)</c>, vectorized along the row.
    /// </summary>
    public static void Closure<TOp, T>(Span<T> a, int n)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
    {
        if (!TOp.IsAddIdempotent)
        {
            throw new NotSupportedException(
                "Closure needs an idempotent Add; declare [Semiring(IdempotentAdd = true)] if Add is idempotent but the generator cannot see it.");
        }

        Validate.NonNegative(n, nameof(n));
        Validate.Length(a.Length, (long)n * n, nameof(a));

        VectorPath path = KernelDispatch.Current;
        for (int i = 0; i < n; i++)
        {
            a[i * n + i] = TOp.Add(TOp.One, a[i * n + i]);
        }

        ref T origin = ref MemoryMarshal.GetReference(a);
        for (int k = 0; k < n; k++)
        {
            ref T pivotRow = ref Unsafe.Add(ref origin, (nint)k * n);
            for (int i = 0; i < n; i++)
            {
                ref T row = ref Unsafe.Add(ref origin, (nint)i * n);
                T aik = Unsafe.Add(ref row, k);
                AxpyCore<TOp, T>(aik, ref pivotRow, ref row, (nuint)n, path);
            }
        }
    }
}
