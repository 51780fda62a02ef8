using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using System.Threading.Tasks;

namespace TensorGen.Precision;

/// <summary>
/// The int8 × int8 → int32 GEMM driver (BLIS frame: B packed per kc × nc block, A per mc × kc block, register
/// tiles, parallel over the mc row blocks). Two packed layouts serve the micro-kernels:
/// <list type="bullet">
/// <item>x86 (<c>pmaddwd</c>): elements sign-extended to int16 and grouped by k-pairs, so one 32-bit lane holds
/// (x[2p], x[2p+1]) and one multiply-add-adjacent gives a full int32 term without saturation;</item>
/// <item>ARM (<c>sdot</c>): bytes grouped by k-quads, one 32-bit lane holding x[4q..4q+3].</item>
/// </list>
/// Padding (rows, columns, the k tail) is zero, so every tile runs full and edges are copied out of a scratch tile.
/// </summary>
internal static unsafe partial class Int8Gemm
{
    // x86 int16 panels: a 6 x 16 tile's B micro-panel (Kc x 16 x 2 bytes = 16 KiB) stays in L1 while the A block
    // (Mc x Kc x 2 = 96 KiB) stays in L2; Nc = 1024 packs A once per row block at n <= 1024 (A/B-measured against
    // Kc = 256, Nc = 512 on Zen 3, see the report's precision.int8.gemm row).
    private const int Kc = 512;
    private const int Mc = 96;
    private const int Nc = 1024;
    private const long ParallelThreshold = 1L << 21;

    /// <summary>A micro-kernel: rows × columns int32 tile, its k grouping and whether it packs int16 (x86) or bytes (ARM).</summary>
    internal readonly record struct Tile(int Rows, int Columns, int Group, bool Wide);

    internal static Tile TileFor(VectorPath path) => path switch
    {
        VectorPath.Vector512 when Avx512BW.IsSupported => new Tile(8, 32, 2, true),
        VectorPath.Vector512 or VectorPath.Vector256 when Avx2.IsSupported => new Tile(6, 16, 2, true),
        >= VectorPath.Vector128 when Sse2.IsSupported => new Tile(4, 8, 2, true),
        >= VectorPath.Vector128 when Dp.IsSupported => new Tile(8, 8, 4, false),
        _ => new Tile(4, 4, 1, false),
    };

    public static void Multiply(sbyte* a, sbyte* b, int* c, int m, int n, int k, VectorPath path, int threads)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            new Span<int>(c, m * n).Clear();
            return;
        }

        Tile tile = TileFor(path);
        int elementSize = tile.Wide ? 2 : 1;
        int kcMax = RoundUp(Math.Min(Kc, k), tile.Group);
        int ncMax = RoundUp(Math.Min(Nc, n), tile.Columns);
        int mcMax = RoundUp(Math.Min(Mc, m), tile.Rows);
        int rowBlocks = (m + Mc - 1) / Mc;
        bool parallel = threads > 1 && rowBlocks > 1 && (long)m * n * k >= ParallelThreshold;
        byte* packedB = (byte*)NativeMemory.AlignedAlloc((nuint)(kcMax * ncMax * elementSize), 64);
        try
        {
            for (int jc = 0; jc < n; jc += Nc)
            {
                int nb = Math.Min(Nc, n - jc);
                for (int pc = 0; pc < k; pc += Kc)
                {
                    int kb = Math.Min(Kc, k - pc);
                    var step = new Step(a, b, c, m, n, k, jc, nb, pc, kb, pc > 0, tile, path, mcMax);
                    PackB(step, packedB);
                    if (parallel)
                    {
                        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
                        Parallel.For(0, rowBlocks, options, block => RowBlock(step, packedB, block));
                    }
                    else
                    {
                        for (int block = 0; block < rowBlocks; block++)
                        {
                            RowBlock(step, packedB, block);
                        }
                    }
                }
            }
        }
        finally
        {
            NativeMemory.AlignedFree(packedB);
        }
    }

    private readonly struct Step(sbyte* a, sbyte* b, int* c, int m, int n, int k, int jc, int nb, int pc, int kb, bool add,
                                 Tile tile, VectorPath path, int mcMax)
    {
        public readonly sbyte* A = a, B = b;
        public readonly int* C = c;
        public readonly int M = m, N = n, K = k, Jc = jc, Nb = nb, Pc = pc, Kb = kb, McMax = mcMax;
        public readonly bool Add = add;
        public readonly Tile Tile = tile;
        public readonly VectorPath Path = path;

        /// <summary>k-groups in this block, the k tail padded with zeros.</summary>
        public int Groups => (Kb + Tile.Group - 1) / Tile.Group;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowBlock(in Step step, byte* packedB, int block)
    {
        Tile tile = step.Tile;
        int ic = block * Mc;
        int mb = Math.Min(Mc, step.M - ic);
        int elementSize = tile.Wide ? 2 : 1;
        int groups = step.Groups;
        byte* packedA = (byte*)NativeMemory.AlignedAlloc((nuint)(step.McMax * groups * tile.Group * elementSize), 64);
        int* scratch = stackalloc int[tile.Rows * tile.Columns];
        try
        {
            PackA(step, packedA, ic, mb);
            for (int jr = 0; jr < step.Nb; jr += tile.Columns)
            {
                int cols = Math.Min(tile.Columns, step.Nb - jr);
                byte* panelB = packedB + (nint)jr * groups * tile.Group * elementSize;
                for (int ir = 0; ir < mb; ir += tile.Rows)
                {
                    int rows = Math.Min(tile.Rows, mb - ir);
                    byte* panelA = packedA + (nint)ir * groups * tile.Group * elementSize;
                    int* cTile = step.C + (nint)(ic + ir) * step.N + step.Jc + jr;
                    if (rows == tile.Rows && cols == tile.Columns)
                    {
                        RunTile(step, panelA, panelB, groups, cTile, step.N, step.Add);
                    }
                    else
                    {
                        RunTile(step, panelA, panelB, groups, scratch, tile.Columns, add: false);
                        for (int i = 0; i < rows; i++)
                        {
                            for (int j = 0; j < cols; j++)
                            {
                                int value = scratch[i * tile.Columns + j];
                                cTile[(nint)i * step.N + j] = step.Add ? cTile[(nint)i * step.N + j] + value : value;
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            NativeMemory.AlignedFree(packedA);
        }
    }

    private static void RunTile(in Step step, byte* panelA, byte* panelB, int groups, int* c, nint ldc, bool add)
    {
        Tile tile = step.Tile;
        if (!tile.Wide && tile.Group == 4)
        {
            TileDp8x8((sbyte*)panelA, (sbyte*)panelB, groups, c, ldc, add);
        }
        else if (!tile.Wide)
        {
            TileScalar4x4((sbyte*)panelA, (sbyte*)panelB, groups, c, ldc, add);
        }
        else if (tile.Columns == 32)
        {
            TileAvx512x8x32((int*)panelA, (short*)panelB, groups, c, ldc, add);
        }
        else if (tile.Columns == 16)
        {
            TileAvx2x6x16((int*)panelA, (short*)panelB, groups, c, ldc, add);
        }
        else
        {
            TileSse2x4x8((int*)panelA, (short*)panelB, groups, c, ldc, add);
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
