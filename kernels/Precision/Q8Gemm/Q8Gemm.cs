using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Threading.Tasks;
using TensorGen.Numerics;

namespace TensorGen.Precision;

/// <summary>
/// The Q4_0 × Q8_0 GEMM driver (llama.cpp's CPU scheme, batched): X is quantized once per call into a token-major
/// Q8_0 panel (<see cref="Panel"/>), then row blocks of W run in parallel; inside one, a token chunk that fits in L2
/// is swept by every register tile of the block's rows, so a decoded weight block is reused by all the tile's tokens
/// and a quantized token block by all the tile's rows. Every path produces the same f32 roundings in the same block
/// order (see <see cref="PrecisionKernels.MatMulQ8(ReadOnlySpan{BlockQ4_0}, ReadOnlySpan{float}, Span{float}, int, int, int)"/>), so results never depend on ISA, tile or thread count.
/// </summary>
internal static unsafe partial class Q8Gemm
{
    /// <summary>Tokens per register tile; the panel's token count is padded to a multiple of it with zero blocks.</summary>
    internal const int TileTokens = 4;

    private const int RowBlock = 32;
    private const int TokenChunk = 64;
    private const long ParallelThreshold = 1L << 21;

    /// <summary>
    /// The quantized activations: <see cref="Codes"/> holds token t's blocks at [t·Blocks, (t+1)·Blocks);
    /// <see cref="Scales"/> (d as float) and <see cref="EightSums"/> (8·Σq, the nibble offset's share) are
    /// block-major, [b·Tokens + t], so one tile loads its four tokens' values with one vector load.
    /// </summary>
    internal readonly struct Panel(BlockQ8_0* codes, float* scales, int* eightSums, int blocks, int tokens)
    {
        public readonly BlockQ8_0* Codes = codes;
        public readonly float* Scales = scales;
        public readonly int* EightSums = eightSums;
        public readonly int Blocks = blocks, Tokens = tokens;
    }

    private readonly struct Job(BlockQ4_0* a, float* weightScales, float* c, int m, int n, Panel panel, VectorPath path)
    {
        public readonly BlockQ4_0* A = a;
        /// <summary>Each weight block's d as float, [row·Blocks + b]: converted once, not once per token tile.</summary>
        public readonly float* WeightScales = weightScales;
        public readonly float* C = c;
        public readonly int M = m, N = n;
        public readonly Panel X = panel;
        public readonly VectorPath Path = path;
    }

    public static void Multiply(BlockQ4_0* a, float* b, float* c, int m, int n, int k, VectorPath path, int threads)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            new Span<float>(c, m * n).Clear();
            return;
        }

        int blocks = k / BlockQ4_0.BlockSize;
        int tokens = (n + TileTokens - 1) / TileTokens * TileTokens;
        var codes = (BlockQ8_0*)NativeMemory.AllocZeroed((nuint)tokens * (nuint)blocks, (nuint)sizeof(BlockQ8_0));
        var scales = (float*)NativeMemory.AllocZeroed((nuint)tokens * (nuint)blocks, sizeof(float));
        var eightSums = (int*)NativeMemory.AllocZeroed((nuint)tokens * (nuint)blocks, sizeof(int));
        var weightScales = (float*)NativeMemory.Alloc((nuint)m * (nuint)blocks, sizeof(float));
        try
        {
            var panel = new Panel(codes, scales, eightSums, blocks, tokens);
            Quantize(b, n, k, panel);
            var job = new Job(a, weightScales, c, m, n, panel, path);
            int rowBlocks = (m + RowBlock - 1) / RowBlock;
            if (threads > 1 && rowBlocks > 1 && (long)m * n * k >= ParallelThreshold)
            {
                Parallel.For(0, rowBlocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, block => Rows(job, block));
            }
            else
            {
                for (int block = 0; block < rowBlocks; block++)
                {
                    Rows(job, block);
                }
            }
        }
        finally
        {
            NativeMemory.Free(codes);
            NativeMemory.Free(scales);
            NativeMemory.Free(eightSums);
            NativeMemory.Free(weightScales);
        }
    }

    /// <summary>
    /// Quantizes each column of X (k × n, row-major) along k with the reference Q8_0 quantizer. Columns are gathered
    /// eight at a time, row by row, so X is read in contiguous runs rather than with a stride of n per value.
    /// </summary>
    private static void Quantize(float* b, int n, int k, in Panel panel)
    {
        const int Group = 8;
        float[] columns = new float[Group * k];
        for (int j0 = 0; j0 < n; j0 += Group)
        {
            int width = Math.Min(Group, n - j0);
            fixed (float* gathered = columns)
            {
                PackedQ4Gemm.GatherColumns(b, n, k, j0, width, gathered);
            }

            for (int j = 0; j < width; j++)
            {
                int t = j0 + j;
                for (int blk = 0; blk < panel.Blocks; blk++)
                {
                    ref BlockQ8_0 block = ref panel.Codes[(nint)t * panel.Blocks + blk];
                    BlockQ8_0.QuantizeBlock(columns.AsSpan(j * k + blk * BlockQ8_0.BlockSize, BlockQ8_0.BlockSize), ref block);
                    int sum = 0;
                    for (int q = 0; q < BlockQ8_0.BlockSize; q++)
                    {
                        sum += block.Qs[q];
                    }

                    panel.Scales[(nint)blk * panel.Tokens + t] = HalfBits.ToSingle(block.D);
                    panel.EightSums[(nint)blk * panel.Tokens + t] = 8 * sum;
                }
            }
        }
    }

    /// <summary>One block of rows: token chunks outside, register tiles inside (two rows on AVX2, one elsewhere).</summary>
    private static void Rows(in Job job, int block)
    {
        int r0 = block * RowBlock;
        int r1 = Math.Min(job.M, r0 + RowBlock);
        int blocks = job.X.Blocks;
        bool avx2 = job.Path >= VectorPath.Vector256 && Avx2.IsSupported;
        float* tile = stackalloc float[2 * TileTokens];
        for (nint i = (nint)r0 * blocks; i < (nint)r1 * blocks; i++)
        {
            job.WeightScales[i] = HalfBits.ToSingle(job.A[i].D);
        }

        for (int t0 = 0; t0 < job.X.Tokens; t0 += TokenChunk)
        {
            int t1 = Math.Min(job.X.Tokens, t0 + TokenChunk);
            int step = avx2 ? 2 : 1;
            for (int r = r0; r < r1; r += step)
            {
                BlockQ4_0* w0 = job.A + (nint)r * blocks;
                float* s0 = job.WeightScales + (nint)r * blocks;
                // An odd last row runs as its own pair (both rows the same) and only the first is stored.
                BlockQ4_0* w1 = r + 1 < r1 ? w0 + blocks : w0;
                float* s1 = r + 1 < r1 ? s0 + blocks : s0;
                int rows = Math.Min(step, r1 - r);
                for (int t = t0; t < t1; t += TileTokens)
                {
                    if (avx2)
                    {
                        TileAvx2(w0, s0, w1, s1, job.X, t, tile);
                    }
                    else
                    {
                        TilePortable(w0, s0, job.X, t, tile, job.Path);
                    }

                    int width = Math.Min(TileTokens, job.N - t);
                    for (int i = 0; i < rows; i++)
                    {
                        float* row = job.C + (nint)(r + i) * job.N + t;
                        for (int j = 0; j < width; j++)
                        {
                            row[j] = tile[i * TileTokens + j];
                        }
                    }
                }
            }
        }
    }
}
