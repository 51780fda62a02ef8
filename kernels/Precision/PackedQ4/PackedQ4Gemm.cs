using System;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using TensorGen.Numerics;

namespace TensorGen.Precision;

/// <summary>
/// The packed Q4_0 × Q8_0 GEMM for a few tokens (decoding a batch, prompt chunks): each column of X is quantized once
/// per call into a panel of tokens (one <see cref="PackedQ4Gemv.Activations"/> after another); row groups are split
/// over the threads, and inside one a register tile of <see cref="TileTokens"/> tokens unpacks each block's codes
/// once for all eight. Every token's lanes see exactly the GEMV's sequence of roundings, so C's column j is the
/// packed GEMV of column j, bit for bit, and both are <see cref="PrecisionKernels.MatMulQ8(ReadOnlySpan{BlockQ4_0}, ReadOnlySpan{float}, Span{float}, int, int, int)"/>'s result.
/// </summary>
internal static unsafe partial class PackedQ4Gemm
{
    /// <summary>Tokens per register tile; the panel is padded to a multiple of it with zero blocks.</summary>
    internal const int TileTokens = 8;

    /// <summary>Columns gathered per pass over X (contiguous runs of a row-major X instead of one value per row).</summary>
    private const int GatherWidth = 8;

    private const long ParallelThreshold = 1L << 21;

    /// <summary>Tokens whose quantized activations (34 bytes a block, 4 KiB a token at k = 4096) stay in L2 together.</summary>
    private const int TokenChunk = 64;

    [ThreadStatic] private static float[]? t_columns;

    public static void Multiply(PackedQ4_0 w, float* b, float* c, int n, VectorPath path, int threads)
    {
        int blocks = w.BlocksPerRow, k = w.Cols;
        if (w.Rows == 0 || n == 0)
        {
            return;
        }

        if (blocks == 0)
        {
            new Span<float>(c, w.Rows * n).Clear();
            return;
        }

        int tokens = (n + TileTokens - 1) / TileTokens * TileTokens;
        int panelBlocks = checked(tokens * blocks);
        BlockQ8_0[] codes = PackedQ4Gemv.Grow(ref PackedQ4Gemv.t_codes, panelBlocks);
        float[] scales = PackedQ4Gemv.Grow(ref PackedQ4Gemv.t_scales, panelBlocks);
        int[] eightSums = PackedQ4Gemv.Grow(ref PackedQ4Gemv.t_eightSums, panelBlocks);
        fixed (BlockQ8_0* pc = codes)
        fixed (float* ps = scales)
        fixed (int* pe = eightSums)
        {
            var panel = new PackedQ4Gemv.Activations(pc, ps, pe);
            var job = new Job(w, panel, b, c, n, tokens, path);
            int parts = (long)w.Rows * k * n >= ParallelThreshold ? threads : 1;
            if (parts <= 1)
            {
                job.Quantize(0, tokens);
                job.Run(0, w.Groups);
            }
            else
            {
                RunParallel(job, w.Groups, tokens, parts);
            }
        }
    }

    /// <summary>The panel's tokens split over the parts, then (after all are quantized) the row groups.</summary>
    /// <summary>
    /// Columns j0 … j0 + width − 1 of X (k × n, row-major) into <paramref name="columns"/>, column j at
    /// [j·k, (j + 1)·k): X is read row by row in runs of <paramref name="width"/>, not one value per row and column.
    /// </summary>
    internal static void GatherColumns(float* b, int n, int k, int j0, int width, float* columns)
    {
        for (int p = 0; p < k; p++)
        {
            float* row = b + (nint)p * n + j0;
            for (int j = 0; j < width; j++)
            {
                columns[j * k + p] = row[j];
            }
        }
    }

    private static void RunParallel(Job job, int groups, int tokens, int parts)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = parts };
        int gathers = (tokens + GatherWidth - 1) / GatherWidth;
        int quantizers = Math.Min(parts, gathers);
        Parallel.For(0, quantizers, options, part => job.Quantize(
            (int)((long)gathers * part / quantizers) * GatherWidth, Math.Min(tokens, (int)((long)gathers * (part + 1) / quantizers) * GatherWidth)));
        int runners = Math.Min(parts, groups);
        Parallel.For(0, runners, options, part => job.Run((int)((long)groups * part / runners), (int)((long)groups * (part + 1) / runners)));
    }

    private readonly struct Job(PackedQ4_0 w, PackedQ4Gemv.Activations panel, float* b, float* c, int n, int tokens, VectorPath path)
    {
        /// <summary>
        /// Tokens [t0, t1) of the panel (t0 a multiple of <see cref="GatherWidth"/>): each column of X (k × n,
        /// row-major) gathered eight at a time, so X is read in contiguous runs, and quantized into its token;
        /// padding tokens get zero blocks (d = 0, so their lanes compute zeros that are never stored).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Quantize(int t0, int t1)
        {
            int k = w.Cols, blocks = w.BlocksPerRow;
            float[] gathered = PackedQ4Gemv.Grow(ref t_columns, GatherWidth * k);
            fixed (float* columns = gathered)
            {
                for (int j0 = t0; j0 < Math.Min(t1, n); j0 += GatherWidth)
                {
                    int width = Math.Min(GatherWidth, n - j0);
                    PackedQ4Gemm.GatherColumns(b, n, k, j0, width, columns);

                    for (int j = 0; j < width; j++)
                    {
                        panel.Token(j0 + j, blocks).Quantize(new ReadOnlySpan<float>(columns + j * k, k), blocks);
                    }
                }
            }

            for (int t = Math.Max(t0, n); t < t1; t++)
            {
                PackedQ4Gemv.Activations pad = panel.Token(t, blocks);
                new Span<byte>(pad.Codes, blocks * sizeof(BlockQ8_0)).Clear();
                new Span<float>(pad.Scales, blocks).Clear();
                new Span<int>(pad.EightSums, blocks).Clear();
            }
        }

        /// <summary>
        /// Row groups [g0, g1), a chunk of tokens at a time (so the chunk's quantized activations stay in L2 while every
        /// group sweeps them): every token tile of a group, then the tile's 16 × 8 results into C.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int g0, int g1)
        {
            float* tile = stackalloc float[TileTokens * PackedQ4_0.RowInterleave];
            int blocks = w.BlocksPerRow;
            for (int t0 = 0; t0 < tokens; t0 += TokenChunk)
            for (int g = g0; g < g1; g++)
            {
                byte* group = w.Group(g);
                int first = g * PackedQ4_0.RowInterleave;
                int rows = Math.Min(PackedQ4_0.RowInterleave, w.Rows - first);
                for (int t = t0; t < Math.Min(tokens, t0 + TokenChunk); t += TileTokens)
                {
                    Tile(group, blocks, panel, t, tile, path);
                    int width = Math.Min(TileTokens, n - t);
                    for (int r = 0; r < rows; r++)
                    {
                        float* row = c + (nint)(first + r) * n + t;
                        for (int j = 0; j < width; j++)
                        {
                            row[j] = tile[j * PackedQ4_0.RowInterleave + r];
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Tokens t…t+7 against one row group into <paramref name="tile"/> (token-major, 16 rows each): the 512- or
    /// 256-bit tile where the path and CPU have one, otherwise the GEMV kernel once per token.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile(byte* group, int blocks, in PackedQ4Gemv.Activations panel, int t, float* tile, VectorPath path)
    {
        if (path >= VectorPath.Vector512 && TileVector512(group, blocks, panel, t, tile)) return;
        if (path >= VectorPath.Vector256 && TileVector256(group, blocks, panel, t, tile)) return;
        for (int j = 0; j < TileTokens; j++)
        {
            PackedQ4Gemv.Group(group, blocks, panel.Token(t + j, blocks), tile + j * PackedQ4_0.RowInterleave, path);
        }
    }
}
