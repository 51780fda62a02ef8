using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace TensorGen.Kernels;

public static partial class SemiringDrivers
{
    /// <summary>
    /// The loop nest of one multithreaded product: its (jc, pc) steps in order, each a kc x nc block of B packed once
    /// and shared by every thread, and the mc-row blocks of A run against it.
    /// </summary>
    private readonly unsafe struct LoopNest<T>(Operands<T> operands, T* c, nint ldc, int m, int n, int k, bool accumulate, VectorPath path,
                                               TileVariant variant, MicroTile tile, int nc, int kcStep, int mc, int mcMax, int rowBlocks)
        where T : unmanaged
    {
        public readonly Operands<T> Operands = operands;
        public readonly T* C = c;
        public readonly nint Ldc = ldc;
        public readonly int M = m, N = n, K = k, Nc = nc, KcStep = kcStep, Mc = mc, McMax = mcMax, RowBlocks = rowBlocks;
        public readonly bool Accumulate = accumulate;
        public readonly VectorPath Path = path;
        public readonly TileVariant Variant = variant;
        public readonly MicroTile Tile = tile;

        /// <summary>Steps along k per block of nc columns.</summary>
        public int DepthSteps => (K + KcStep - 1) / KcStep;

        /// <summary>Every (jc, pc) step: column blocks outer, depth inner, as the one-thread loop runs them.</summary>
        public int Steps => (N + Nc - 1) / Nc * DepthSteps;

        /// <summary>Step <paramref name="s"/> with its B block at <paramref name="packedB"/>.</summary>
        public BlockStep<T> Step(int s, T* packedB)
        {
            int jc = s / DepthSteps * Nc, pc = s % DepthSteps * KcStep;
            return new BlockStep<T>(Operands, packedB, C, Ldc, M, jc, Math.Min(Nc, N - jc), pc, Math.Min(KcStep, K - pc), Accumulate || pc > 0,
                                    Path, Variant, Tile, Mc, McMax);
        }
    }

    /// <summary>
    /// The counters the threads of one product share, per step: the next B panel group to pack, the groups packed, the
    /// next row block to run and the row blocks done; each on its own cache line.
    /// </summary>
    private sealed class SharedSteps(int steps, int rowBlocks)
    {
        private const int Line = 16; // ints per 64-byte cache line
        private readonly int[] _counters = new int[steps * 4 * Line];

        public int RowBlocks { get; } = rowBlocks;

        public ref int NextPanel(int step) => ref _counters[(step * 4) * Line];

        public ref int PanelsPacked(int step) => ref _counters[(step * 4 + 1) * Line];

        public ref int NextBlock(int step) => ref _counters[(step * 4 + 2) * Line];

        public ref int BlocksDone(int step) => ref _counters[(step * 4 + 3) * Line];

        /// <summary>Spins (yielding, never sleeping) until <paramref name="counter"/> reaches <paramref name="target"/>.</summary>
        public static void WaitFor(ref int counter, int target)
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref counter) < target)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }
    }

    /// <summary>
    /// One thread's part of a multithreaded product. Work is claimed, never assigned: per step, groups of B panels to
    /// pack into the step's buffer (two buffers, alternating), then, once all are packed and the previous step's row
    /// blocks are done (each C element is combined in step order), row blocks to run. A thread only waits for work
    /// another running thread has claimed, so a thread the pool starts late, or never, cannot stall the rest; and a
    /// thread with no row block left packs the next step's B while the others finish, instead of one thread packing
    /// all of B between barriers. Each C tile is still one micro-kernel call per step, in step order: the result is
    /// the one-thread result, bit for bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunSharedSteps<TOp, T>(LoopNest<T> nest, T* buffers, int bufferLength, SharedSteps shared)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
    {
        int nr = nest.Tile.Columns;
        for (int s = 0; s < nest.Steps; s++)
        {
            BlockStep<T> step = nest.Step(s, buffers + (nint)(s & 1) * bufferLength);
            int panels = (step.Nb + nr - 1) / nr;
            int group = Math.Max(1, panels / 16);
            int groups = (panels + group - 1) / group;
            int claimed;
            while ((claimed = Interlocked.Increment(ref shared.NextPanel(s)) - 1) < groups)
            {
                int jr = claimed * group * nr;
                int nb = Math.Min(group * nr, step.Nb - jr);
                PackB<TOp, T>(step.Operands, step.PackedB + (nint)jr * step.Kb, step.Pc, step.Kb, step.Jc + jr, nb, nr);
                Interlocked.Increment(ref shared.PanelsPacked(s));
            }

            SharedSteps.WaitFor(ref shared.PanelsPacked(s), groups);
            if (s > 0)
            {
                SharedSteps.WaitFor(ref shared.BlocksDone(s - 1), shared.RowBlocks);
            }

            while ((claimed = Interlocked.Increment(ref shared.NextBlock(s)) - 1) < shared.RowBlocks)
            {
                RowBlock<TOp, T>(step, claimed);
                Interlocked.Increment(ref shared.BlocksDone(s));
            }
        }
    }
}
