using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using System.Threading.Tasks;

namespace TensorGen.Kernels;

/// <summary>
/// The hand-written drivers every generated semiring calls: validation, loops, packing, blocking, threads and
/// tails. The generated operator struct (type argument <c>TOp</c>) supplies ⊕, ⊗ and the micro-kernels.
/// </summary>
public static partial class SemiringDrivers
{
    /// <summary>Products smaller than this many ⊗⊕ steps run on one thread: below it, waking workers costs more than it saves.</summary>
    private const long ParallelThreshold = 1L << 21;

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
    /// per tile; edge tiles run the same kernel on a padded scratch tile. Blocks of mc rows run on up to
    /// <see cref="KernelThreads.Current"/> threads, which also share the packing of each B block.
    /// </summary>
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

        fixed (T* pa = a, pb = b, pc = c)
        {
            var operands = new Operands<T>(pa, lda, transA, pb, ldb, transB);
            MatMulCore<TOp, T>(operands, pc, ldc, m, n, k, accumulate, KernelThreads.Current);
        }
    }

    /// <summary>
    /// The product on validated pointers. C may lie in the same allocation as A and B (the blocked closure
    /// updates one quadrant of a matrix from two others) but must not overlap the elements they read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void MatMulCore<TOp, T>(Operands<T> operands, T* c, nint ldc, int m, int n, int k, bool accumulate, int threads)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
    {
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
                    new Span<T>(c + i * ldc, n).Fill(TOp.Zero);
                }
            }

            return;
        }

        VectorPath path = KernelDispatch.Current;
        GemmBlocking? bakedBlocking = null;
        TileVariant variant;
        if (TOp.Baked is BakedGemm baked)
        {
            // A baked build holds only the profile's micro-kernel and the scalar one: run the baked kernel where the
            // current path (the hardware's, or an override's) is at least as wide, else the scalar reference kernel.
            path = path >= baked.Path ? baked.Path : VectorPath.Scalar;
            bakedBlocking = path == baked.Path ? baked.Blocking : null;
            variant = path == baked.Path ? baked.Variant : TileVariant.Primary;
        }
        else
        {
            variant = GemmTiles.Choose(path, TOp.Tile(path, TileVariant.Primary), TOp.Tile(path, TileVariant.Alternate), Unsafe.SizeOf<T>(),
                                       TOp.IsFusedMultiplyAdd);
        }

        MicroTile tile = TOp.Tile(path, variant);
        GemmBlocking blocking = bakedBlocking is GemmBlocking tuned
            ? GemmBlocking.Baked(tuned, tile)
            : GemmBlocking.For(path, tile, Unsafe.SizeOf<T>());
        int mc = blocking.Mc;
        int rowBlocks = (m + mc - 1) / mc;
        bool parallel = threads > 1 && m > tile.Rows && (long)m * n * k >= ParallelThreshold;
        if (parallel)
        {
            // Equal shares: a multiple of the thread count of row blocks, none taller than the cache's mc, each whole
            // tiles. With mc alone, n = 2048 on 2 threads split 576 + 576 | 576 + 320 rows (at most 1.78x); results do
            // not change, since mc does not change any element's order of ⊕.
            int blocks = GemmBlocking.RoundUp(Math.Max(rowBlocks, threads), threads);
            mc = GemmBlocking.RoundUp((m + blocks - 1) / blocks, tile.Rows);
            rowBlocks = (m + mc - 1) / mc;
            parallel = rowBlocks > 1;
            // A short C (m = 16 on a 16-thread host gives 3 row blocks of 6) has fewer blocks than threads: the rest
            // would only spin, waiting for work that never comes.
            threads = Math.Min(threads, rowBlocks);
        }

        int kcStep = BalancedDepth(k, blocking.Kc);
        int kcMax = Math.Min(kcStep, k);
        int mcMax = Math.Min(mc, GemmBlocking.RoundUp(m, tile.Rows));
        int ncMax = Math.Min(blocking.Nc, GemmBlocking.RoundUp(n, tile.Columns));
        if (parallel)
        {
            // One parallel region for the whole nest (see RunSharedSteps): the threads pack each B block together and
            // overlap the next step's packing with the last row blocks of this one.
            var nest = new LoopNest<T>(operands, c, ldc, m, n, k, accumulate, path, variant, tile, blocking.Nc, kcStep, mc, mcMax, rowBlocks);
            T* buffers = PackBuffer<T>.ForB(2 * kcMax * ncMax);
            var shared = new SharedSteps(nest.Steps, rowBlocks);
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
                         _ => RunSharedSteps<TOp, T>(nest, buffers, kcMax * ncMax, shared));
            return;
        }

        T* packedB = PackBuffer<T>.ForB(kcMax * ncMax);
        for (int jc = 0; jc < n; jc += blocking.Nc)
        {
            int nb = Math.Min(blocking.Nc, n - jc);
            for (int pc = 0; pc < k; pc += kcStep)
            {
                int kb = Math.Min(kcStep, k - pc);
                var step = new BlockStep<T>(operands, packedB, c, ldc, m, jc, nb, pc, kb, accumulate || pc > 0, path, variant, tile, mc, mcMax);
                PackB<TOp, T>(operands, packedB, pc, kb, jc, nb, tile.Columns);
                for (int block = 0; block < rowBlocks; block++)
                {
                    RowBlock<TOp, T>(step, block);
                }
            }
        }
    }

    /// <summary>
    /// The depth of each packed panel for a product of depth <paramref name="k"/>: <paramref name="kc"/> spread evenly
    /// over the panels, with a remainder of at most an eighth of kc folded into the others instead of run as a panel of
    /// its own. Each panel is a pass over all of C, so n = 1024 under kc = 170 ran a seventh pass for the last 4 steps
    /// (6 panels of 171 instead); no panel grows by more than an eighth.
    /// </summary>
    internal static int BalancedDepth(int k, int kc)
    {
        if (k <= kc)
        {
            return Math.Max(k, 1);
        }

        int panels = Math.Max(1, (int)(((long)k * 8 + 7L * kc) / (8L * kc)));
        return (k + panels - 1) / panels;
    }

    /// <summary>One (jc, pc) step of the loop nest, shared read-only by the threads that run its row blocks.</summary>
    private readonly unsafe struct BlockStep<T>(Operands<T> operands, T* packedB, T* c, nint ldc, int m, int jc, int nb, int pc, int kb,
                                                bool combine, VectorPath path, TileVariant variant, MicroTile tile, int mc, int mcMax)
        where T : unmanaged
    {
        public readonly Operands<T> Operands = operands;
        public readonly T* PackedB = packedB;
        public readonly T* C = c;
        public readonly nint Ldc = ldc;
        public readonly int M = m, Jc = jc, Nb = nb, Pc = pc, Kb = kb, Mc = mc, McMax = mcMax;
        public readonly bool Combine = combine;
        public readonly VectorPath Path = path;
        public readonly TileVariant Variant = variant;
        public readonly MicroTile Tile = tile;
    }

    /// <summary>Packs one block of mc rows of A into this thread's buffer and runs every tile of it against the packed B block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RowBlock<TOp, T>(in BlockStep<T> step, int block)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
    {
        MicroTile tile = step.Tile;
        int ic = block * step.Mc;
        int mb = Math.Min(step.Mc, step.M - ic);
        T* packedA = PackBuffer<T>.ForA(step.McMax * step.Kb, tile.Rows * tile.Columns, out T* scratch);
        PackA<TOp, T>(step.Operands, packedA, ic, mb, step.Pc, step.Kb, tile.Rows);
        for (int jr = 0; jr < step.Nb; jr += tile.Columns)
        {
            int cols = Math.Min(tile.Columns, step.Nb - jr);
            T* panelB = step.PackedB + (nint)jr * step.Kb;
            for (int ir = 0; ir < mb; ir += tile.Rows)
            {
                int rows = Math.Min(tile.Rows, mb - ir);
                T* panelA = packedA + (nint)ir * step.Kb;
                T* cTile = step.C + (ic + ir) * step.Ldc + step.Jc + jr;
                PrefetchNextTile(step, tile, ic, mb, ir, jr);
                if (rows == tile.Rows && cols == tile.Columns)
                {
                    RunTile<TOp, T>(step.Path, step.Variant, step.Kb, panelA, panelB, cTile, step.Ldc, step.Combine);
                }
                else
                {
                    RunEdgeTile<TOp, T>(step.Path, step.Variant, tile, step.Kb, panelA, panelB, cTile, step.Ldc, rows, cols, step.Combine, scratch);
                }
            }
        }
    }

    /// <summary>
    /// Prefetches the rows of the C tile after the one at (<paramref name="ir"/>, <paramref name="jr"/>), the next one
    /// down the same columns or the top of the next column of tiles, while this one computes. C is read once per
    /// panel and is far from L1 by then: without this every micro-kernel call opened by waiting on its C loads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchNextTile<T>(in BlockStep<T> step, MicroTile tile, int ic, int mb, int ir, int jr)
        where T : unmanaged
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        int nextRow = ir + tile.Rows, nextColumn = jr;
        if (nextRow >= mb)
        {
            nextRow = 0;
            nextColumn += tile.Columns;
            if (nextColumn >= step.Nb)
            {
                return;
            }
        }

        int rows = Math.Min(tile.Rows, mb - nextRow);
        int lastColumn = Math.Min(tile.Columns, step.Nb - nextColumn) - 1;
        byte* first = (byte*)(step.C + (ic + nextRow) * step.Ldc + step.Jc + nextColumn);
        nint rowBytes = step.Ldc * sizeof(T), last = (nint)lastColumn * sizeof(T);
        for (int r = 0; r < rows; r++)
        {
            // A tile row spans up to 128 bytes: its first, middle and last bytes, at most 64 apart, touch every line of it.
            Sse.Prefetch0(first);
            Sse.Prefetch0(first + last / 2);
            Sse.Prefetch0(first + last);
            first += rowBytes;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void RunTile<TOp, T>(VectorPath path, TileVariant variant, int kc, T* a, T* b, T* c, nint ldc, bool accumulate)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
    {
        bool alternate = variant == TileVariant.Alternate;
        switch (path)
        {
            case VectorPath.Vector512 when alternate: TOp.MicroKernel512Alternate(kc, ref *a, ref *b, ref *c, ldc, accumulate); break;
            case VectorPath.Vector512: TOp.MicroKernel512(kc, ref *a, ref *b, ref *c, ldc, accumulate); break;
            case VectorPath.Vector256 when alternate: TOp.MicroKernel256Alternate(kc, ref *a, ref *b, ref *c, ldc, accumulate); break;
            case VectorPath.Vector256: TOp.MicroKernel256(kc, ref *a, ref *b, ref *c, ldc, accumulate); break;
            case VectorPath.Vector128 when alternate: TOp.MicroKernel128Alternate(kc, ref *a, ref *b, ref *c, ldc, accumulate); break;
            case VectorPath.Vector128: TOp.MicroKernel128(kc, ref *a, ref *b, ref *c, ldc, accumulate); break;
            default: TOp.MicroKernelScalar(kc, ref *a, ref *b, ref *c, ldc, accumulate); break;
        }
    }

    /// <summary>A partial tile: the full-size kernel writes a scratch tile, whose valid part is copied out.</summary>
    private static unsafe void RunEdgeTile<TOp, T>(VectorPath path, TileVariant variant, MicroTile tile, int kc, T* a, T* b, T* c, nint ldc,
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

        RunTile<TOp, T>(path, variant, kc, a, b, scratch, tile.Columns, accumulate);
        for (int r = 0; r < rows; r++)
        {
            new ReadOnlySpan<T>(scratch + r * tile.Columns, cols).CopyTo(new Span<T>(c + r * ldc, cols));
        }
    }
}
