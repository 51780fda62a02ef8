using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TensorGen.Kernels;

public static partial class SemiringDrivers
{
    /// <summary>The contiguous product <c>y (m) = A (m x n) ⊗ x (n)</c>; span lengths must be exact.</summary>
    public static void MatVec<TOp, T>(ReadOnlySpan<T> a, ReadOnlySpan<T> x, Span<T> y, int m, int n)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
    {
        Validate.NonNegative(m, nameof(m));
        Validate.NonNegative(n, nameof(n));
        Validate.Length(a.Length, (long)m * n, nameof(a));
        MatVec<TOp, T>(a, Math.Max(1, n), Transpose.None, x, y, m, n, accumulate: false);
    }

    /// <summary>
    /// <c>y = op(A) ⊗ x</c> (or <c>y ⊕= op(A) ⊗ x</c>) with op(A) m x n. Untransposed A runs a dot
    /// product per row; transposed A runs a row-by-row ⊕-axpy over y.
    /// </summary>
    public static void MatVec<TOp, T>(ReadOnlySpan<T> a, int lda, Transpose transposeA,
                                      ReadOnlySpan<T> x, Span<T> y, int m, int n, bool accumulate)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
    {
        Validate.NonNegative(m, nameof(m));
        Validate.NonNegative(n, nameof(n));
        Validate.Transpose(transposeA, nameof(transposeA));
        bool transposed = transposeA == Transpose.Transposed;
        Validate.Matrix(a.Length, transposed ? n : m, transposed ? m : n, lda, nameof(a), nameof(lda));
        Validate.Length(x.Length, n, nameof(x));
        Validate.Length(y.Length, m, nameof(y));
        Validate.NoOverlap(a, y, nameof(a), nameof(y));
        Validate.NoOverlap(x, y, nameof(x), nameof(y));

        VectorPath path = KernelDispatch.Current;
        ref T ar = ref MemoryMarshal.GetReference(a);
        ref T xr = ref MemoryMarshal.GetReference(x);
        if (!transposed)
        {
            for (int i = 0; i < m; i++)
            {
                T value = DotCore<TOp, T>(ref Unsafe.Add(ref ar, (nint)i * lda), ref xr, (nuint)n, path);
                y[i] = accumulate ? TOp.Add(y[i], value) : value;
            }

            return;
        }

        if (!accumulate)
        {
            y.Fill(TOp.Zero);
        }

        for (int j = 0; j < n; j++)
        {
            AxpyCore<TOp, T>(x[j], ref Unsafe.Add(ref ar, (nint)j * lda), ref MemoryMarshal.GetReference(y), (nuint)m, path, alphaOnLeft: false);
        }
    }
}
