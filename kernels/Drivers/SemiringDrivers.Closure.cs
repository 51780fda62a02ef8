using System;
using System.Runtime.CompilerServices;

namespace TensorGen.Kernels;

public static partial class SemiringDrivers
{
    /// <summary>Matrices up to this order are closed by plain Floyd–Warshall; larger ones by the blocked form.</summary>
    private const int PlainClosureLimit = 24;

    /// <summary>
    /// In-place Kleene closure of an n x n matrix. The diagonal is first combined with One; then blocked
    /// Floyd–Warshall: for each block of b pivots, (1) close the diagonal block, (2) update its row panel and
    /// (3) its column panel with the vectorized row update <c>row_i ⊕= a_ik ⊗ row_k</c>, and (4) update the rest
    /// of the matrix with one GEMM per quadrant, <c>D[I, J] ⊕= D[I, K] ⊗ D[K, J]</c>, on the packed, threaded
    /// micro-kernels. For an idempotent ⊕ whose cycles do not improve on One this equals plain Floyd–Warshall.
    /// </summary>
    public static unsafe void Closure<TOp, T>(Span<T> a, int n)
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
        if (n == 0)
        {
            return;
        }

        for (int i = 0; i < n; i++)
        {
            a[i * n + i] = TOp.Add(TOp.One, a[i * n + i]);
        }

        VectorPath path = KernelDispatch.Current;
        fixed (T* d = a)
        {
            if (n <= PlainClosureLimit)
            {
                Pivots<TOp, T>(d, n, 0, n, 0, n, 0, n, path);
                return;
            }

            int block = Math.Clamp(n / 8, 8, 128);
            int threads = KernelThreads.Current;
            for (int k0 = 0; k0 < n; k0 += block)
            {
                int k1 = Math.Min(n, k0 + block);
                Pivots<TOp, T>(d, n, k0, k1, k0, k1, k0, k1, path);       // (1) diagonal block
                Pivots<TOp, T>(d, n, k0, k1, k0, k1, 0, k0, path);        // (2) row panel, left
                Pivots<TOp, T>(d, n, k0, k1, k0, k1, k1, n, path);        //     row panel, right
                Pivots<TOp, T>(d, n, k0, k1, 0, k0, k0, k1, path);        // (3) column panel, above
                Pivots<TOp, T>(d, n, k0, k1, k1, n, k0, k1, path);        //     column panel, below
                foreach ((int r0, int r1) in new[] { (0, k0), (k1, n) })   // (4) the four quadrants
                {
                    foreach ((int c0, int c1) in new[] { (0, k0), (k1, n) })
                    {
                        var operands = new Operands<T>(d + (nint)r0 * n + k0, n, false, d + (nint)k0 * n + c0, n, false);
                        MatMulCore<TOp, T>(operands, d + (nint)r0 * n + c0, n, r1 - r0, c1 - c0, k1 - k0, accumulate: true, threads);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Floyd–Warshall pivots [k0, k1) applied to rows [i0, i1) and columns [j0, j1) of the n x n matrix at
    /// <paramref name="d"/>: <c>d[i, j] ⊕= d[i, k] ⊗ d[k, j]</c>, a vectorized row update per (k, i).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Pivots<TOp, T>(T* d, int n, int k0, int k1, int i0, int i1, int j0, int j1, VectorPath path)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
    {
        if (j1 <= j0 || i1 <= i0)
        {
            return;
        }

        for (int k = k0; k < k1; k++)
        {
            T* pivotRow = d + (nint)k * n + j0;
            for (int i = i0; i < i1; i++)
            {
                T* row = d + (nint)i * n;
                AxpyCore<TOp, T>(row[k], ref *pivotRow, ref *(row + j0), (nuint)(j1 - j0), path, alphaOnLeft: true);
            }
        }
    }
}
