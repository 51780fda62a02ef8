using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TensorGen.Kernels;

/// <summary>
/// The hand-written drivers every generated semiring calls: validation, loops, packing, blocking and
/// tails. The generated operator struct (type argument <c>TOp</c>) supplies ⊕, ⊗ and the micro-kernels.
/// </summary>
public static partial class SemiringDrivers
{
    /// <summary>The contiguous product: <c>C (m x n) = A (m x k) ⊗ B (k x n)</c>, or <c>C ⊕= …</c>; span lengths must be exact.</summary>
    public static void MatMul<TOp, T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k, bool accumulate)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
    {
        Validate.NonNegative(m, nameof(m));
        Validate.NonNegative(n, nameof(n));
        Validate.NonNegative(k, nameof(k));
        Validate.Length(a.Length, (long)m * k, nameof(a));
        Validate.Length(b.Length, (long)k * n, nameof(b));
        Validate.Length(c.Length, (long)m * n, nameof(c));
        MatMul<TOp, T>(a, Math.Max(1, k), Transpose.None, b, Math.Max(1, n), Transpose.None, c, Math.Max(1, n), m, n, k, accumulate);
    }

    /// <summary>
    /// <c>C = op(A) ⊗ op(B)</c>, or <c>C = C ⊕ op(A) ⊗ op(B)</c> when <paramref name="accumulate"/> is set,
    /// by the BLIS loop nest: B packed in kc x nc blocks, A in mc x kc blocks, a register-tiled micro-kernel
    /// per tile; edge tiles run the same kernel on a padded scratch tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void MatMul<TOp, T>(ReadOnlySpan<T> a, int lda, Transpose transposeA,
                                             ReadOnlySpan<T> b, int ldb, Transpose transposeB,
                                             Span<T> c, int ldc, int m, int n, int k, bool accumulate)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
    {
        Validate.NonNegative(m, nameof(m));
        Validate.NonNegative(n, nameof(n));
        Validate.NonNegative(k, nameof(k));
        Validate.Transpose(transposeA, nameof(transposeA));
        Validate.Transpose(transposeB, nameof(transposeB));
        bool transA = transposeA == Transpose.Transposed;
        bool transB = transposeB == Transpose.Transposed;
        Validate.Matrix(a.Length, transA ? k : m, transA ? m : k, lda, nameof(a), nameof(lda));
        Validate.Matrix(b.Length, transB ? n : k, transB ? k : n, ldb, nameof(b), nameof(ldb));
        Validate.Matrix(c.Length, m, n, ldc, nameof(c), nameof(ldc));
        Validate.NoOverlap(a, c, nameof(a), nameof(c));
        Validate.NoOverlap(b, c, nameof(b), nameof(c));

        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                for (int i = 0; i < m; i++)
                {
                    c.Slice(i * ldc, n).Fill(TOp.Zero);
                }
            }

            return;
        }

        VectorPath path = KernelDispatch.Current;
        MicroTile tile = TOp.Tile(path);
        GemmBlocking blocking = GemmBlocking.Default(tile, Unsafe.SizeOf<T>());
        var operands = new Operands<T>(a, lda, transA, b, ldb, transB);

        int kcMax = Math.Min(blocking.Kc, k);
        int mcMax = Math.Min(blocking.Mc, GemmBlocking.RoundUp(m, tile.Rows));
        int ncMax = Math.Min(blocking.Nc, GemmBlocking.RoundUp(n, tile.Columns));
        PackBuffers<T> buffers = PackBuffers<T>.Rent(mcMax * kcMax, kcMax * ncMax, tile.Rows * tile.Columns);

        fixed (T* cOrigin = c)
        {
            for (int jc = 0; jc < n; jc += blocking.Nc)
            {
                int nb = Math.Min(blocking.Nc, n - jc);
                for (int pc = 0; pc < k; pc += blocking.Kc)
                {
                    int kb = Math.Min(blocking.Kc, k - pc);
                    bool combine = accumulate || pc > 0;
                    PackB<TOp, T>(operands, buffers.B, pc, kb, jc, nb, tile.Columns);
                    for (int ic = 0; ic < m; ic += blocking.Mc)
                    {
                        int mb = Math.Min(blocking.Mc, m - ic);
                        PackA<TOp, T>(operands, buffers.A, ic, mb, pc, kb, tile.Rows);
                        for (int jr = 0; jr < nb; jr += tile.Columns)
                        {
                            int cols = Math.Min(tile.Columns, nb - jr);
                            T* panelB = buffers.B + (nint)jr * kb;
                            for (int ir = 0; ir < mb; ir += tile.Rows)
                            {
                                int rows = Math.Min(tile.Rows, mb - ir);
                                T* panelA = buffers.A + (nint)ir * kb;
                                T* cTile = cOrigin + (nint)(ic + ir) * ldc + jc + jr;
                                if (rows == tile.Rows && cols == tile.Columns)
                                {
                                    RunTile<TOp, T>(path, kb, panelA, panelB, cTile, ldc, combine);
                                }
                                else
                                {
                                    RunEdgeTile<TOp, T>(path, tile, kb, panelA, panelB, cTile, ldc, rows, cols, combine, buffers.Scratch);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void RunTile<TOp, T>(VectorPath path, int kc, T* a, T* b, T* c, nint ldc, bool accumulate)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
    {
        switch (path)
        {
            case VectorPath.Vector512: TOp.MicroKernel512(kc, ref *a, ref *b, ref *c, ldc, accumulate); break;
            case VectorPath.Vector256: TOp.MicroKernel256(kc, ref *a, ref *b, ref *c, ldc, accumulate); break;
            case VectorPath.Vector128: TOp.MicroKernel128(kc, ref *a, ref *b, ref *c, ldc, accumulate); break;
            default: TOp.MicroKernelScalar(kc, ref *a, ref *b, ref *c, ldc, accumulate); break;
        }
    }

    /// <summary>A partial tile: the full-size kernel writes a scratch tile, whose valid part is copied out.</summary>
    private static unsafe void RunEdgeTile<TOp, T>(VectorPath path, MicroTile tile, int kc, T* a, T* b, T* c, nint ldc,
                                                   int rows, int cols, bool accumulate, T* scratch)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
    {
        if (accumulate)
        {
            for (int r = 0; r < rows; r++)
            {
                new ReadOnlySpan<T>(c + r * ldc, cols).CopyTo(new Span<T>(scratch + r * tile.Columns, cols));
            }
        }

        RunTile<TOp, T>(path, kc, a, b, scratch, tile.Columns, accumulate);
        for (int r = 0; r < rows; r++)
        {
            new ReadOnlySpan<T>(scratch + r * tile.Columns, cols).CopyTo(new Span<T>(c + r * ldc, cols));
        }
    }
}
