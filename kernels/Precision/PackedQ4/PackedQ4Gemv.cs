using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using TensorGen.Numerics;

namespace TensorGen.Precision;

/// <summary>
/// The packed Q4_0 × Q8_0 GEMV driver: x is quantized once per call into reused per-thread buffers
/// (<see cref="Activations"/>), then row groups of the <see cref="PackedQ4_0"/> matrix are split into contiguous
/// ranges over the threads. A group's 16 rows sit in the 16 32-bit lanes of one 512-bit vector (two 256-bit, four
/// 128-bit), so every lane accumulates its own row over the blocks in increasing order with the same roundings on
/// every path: fl(acc + fl(fl(d₄·d₈)·s)), s the exact integer block sum. That is the arithmetic of
/// <see cref="PrecisionKernels.MatMulQ8(ReadOnlySpan{BlockQ4_0}, ReadOnlySpan{float}, Span{float}, int, int, int)"/>, so a packed GEMV equals the matching column of the batched product.
/// </summary>
internal static unsafe partial class PackedQ4Gemv
{
    /// <summary>Rows × cols below which a second thread costs more than it saves.</summary>
    private const long ParallelThreshold = 1L << 20;

    /// <summary>
    /// The quantized activations the row groups share: the Q8_0 blocks, each block's d as float and 8·Σq (the nibble
    /// offset's share of the block sum, subtracted once per block from the unsigned-code products).
    /// </summary>
    internal readonly struct Activations(BlockQ8_0* codes, float* scales, int* eightSums)
    {
        public readonly BlockQ8_0* Codes = codes;
        public readonly float* Scales = scales;
        public readonly int* EightSums = eightSums;

        /// <summary>
        /// Quantizes one token's values (finite: the public entry points check) into its blocks with the reference
        /// Q8_0 quantizer and derives each block's scale as float and 8·Σq.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Quantize(ReadOnlySpan<float> values, int blocks)
        {
            for (int b = 0; b < blocks; b++)
            {
                ref BlockQ8_0 block = ref Codes[b];
                BlockQ8_0.QuantizeBlock(values.Slice(b * BlockQ8_0.BlockSize, BlockQ8_0.BlockSize), ref block);
                int sum = 0;
                for (int j = 0; j < BlockQ8_0.BlockSize; j++)
                {
                    sum += block.Qs[j];
                }

                Scales[b] = HalfBits.ToSingle(block.D);
                EightSums[b] = 8 * sum;
            }
        }

        /// <summary>Token t's activations in a panel of tokens stored one after another, <paramref name="blocks"/> each.</summary>
        public Activations Token(int t, int blocks) => new(Codes + (nint)t * blocks, Scales + (nint)t * blocks, EightSums + (nint)t * blocks);

        /// <summary>The four codes 4·group … 4·group + 3 of block b as one 32-bit word.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Word(int b, int group) => *(int*)((byte*)(Codes + b) + sizeof(Half) + 4 * group);
    }

    /// <summary>Buffers for the activations, kept per calling thread and grown, never shrunk.</summary>
    [ThreadStatic] internal static BlockQ8_0[]? t_codes;
    [ThreadStatic] internal static float[]? t_scales;
    [ThreadStatic] internal static int[]? t_eightSums;

    public static void Multiply(PackedQ4_0 w, ReadOnlySpan<float> x, Span<float> y, VectorPath path, int threads)
    {
        int blocks = w.BlocksPerRow;
        if (blocks == 0)
        {
            y.Clear();
            return;
        }

        BlockQ8_0[] codes = Grow(ref t_codes, blocks);
        float[] scales = Grow(ref t_scales, blocks);
        int[] eightSums = Grow(ref t_eightSums, blocks);
        fixed (BlockQ8_0* pc = codes)
        fixed (float* ps = scales, py = y)
        fixed (int* pe = eightSums)
        {
            var activations = new Activations(pc, ps, pe);
            activations.Quantize(x, blocks);
            // A distance of a megabyte or more is no prefetch at all ("never" is long.MaxValue).
            long ahead = Machine.KernelChoices.PackedQ4Prefetch.Bytes;
            var job = new Job(w, activations, py, path, ahead >= 1 << 20 ? 0 : (int)ahead);
            int parts = (long)w.Rows * w.Cols >= ParallelThreshold ? Math.Min(threads, w.Groups) : 1;
            if (parts <= 1)
            {
                job.Run(0, w.Groups);
            }
            else
            {
                RunParallel(job, w.Groups, parts);
            }
        }
    }

    /// <summary>Contiguous ranges of row groups, one per part (kept apart so the one-thread call builds no closure).</summary>
    private static void RunParallel(Job job, int groups, int parts) =>
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts },
                     part => job.Run((int)((long)groups * part / parts), (int)((long)groups * (part + 1) / parts)));

    internal static T[] Grow<T>(ref T[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer = GC.AllocateUninitializedArray<T>(length, pinned: true);
        }

        return buffer;
    }

    private readonly struct Job(PackedQ4_0 w, Activations x, float* y, VectorPath path, int prefetch)
    {
        /// <summary>Row groups [g0, g1): full groups straight into y, a partial last group through a scratch row.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int g0, int g1)
        {
            float* partial = stackalloc float[PackedQ4_0.RowInterleave];
            for (int g = g0; g < g1; g++)
            {
                int first = g * PackedQ4_0.RowInterleave;
                int count = Math.Min(PackedQ4_0.RowInterleave, w.Rows - first);
                float* target = count == PackedQ4_0.RowInterleave ? y + first : partial;
                Group(w.Group(g), w.BlocksPerRow, x, target, path, prefetch);
                if (target == partial)
                {
                    new ReadOnlySpan<float>(partial, count).CopyTo(new Span<float>(y + first, count));
                }
            }
        }
    }

    /// <summary>The instructions <see cref="Group"/> runs on <paramref name="path"/> on this CPU.</summary>
    public static string Describe(VectorPath path) => path switch
    {
        >= VectorPath.Vector512 when System.Runtime.Intrinsics.X86.Avx512BW.IsSupported => "avx512bw vpmaddubsw, 16 rows per vector",
        >= VectorPath.Vector256 when System.Runtime.Intrinsics.X86.AvxVnni.IsSupported => "avx-vnni vpdpbusd, 2 x 8 rows",
        >= VectorPath.Vector256 when System.Runtime.Intrinsics.X86.Avx2.IsSupported => "avx2 vpmaddubsw, 2 x 8 rows",
        >= VectorPath.Vector128 when System.Runtime.Intrinsics.Arm.Dp.IsSupported => "neon sdot, 4 x 4 rows",
        >= VectorPath.Vector128 when System.Runtime.Intrinsics.X86.Ssse3.IsSupported => "ssse3 pmaddubsw, 4 x 4 rows",
        _ => "scalar, one row at a time",
    };

    /// <summary>
    /// One row group: 16 results from the group's nibble chunks and half scales, on the widest path allowed; the x86
    /// kernels prefetch <paramref name="prefetch"/> bytes ahead (0: none; the GEMM's tiles reread cached weights).
    /// </summary>
    internal static void Group(byte* group, int blocks, in Activations x, float* y, VectorPath path, int prefetch = 0)
    {
        if (path >= VectorPath.Vector512 && GroupVector512(group, blocks, x, y, prefetch)) return;
        if (path >= VectorPath.Vector256 && GroupVector256(group, blocks, x, y, prefetch)) return;
        if (path >= VectorPath.Vector128 && GroupVector128(group, blocks, x, y)) return;
        GroupScalar(group, blocks, x, y);
    }

    /// <summary>
    /// The reference order, one row at a time: per block the exact Σ (q₄ − 8)·q₈, then acc + (d₄·d₈)·s.
    /// </summary>
    private static void GroupScalar(byte* group, int blocks, in Activations x, float* y)
    {
        for (int r = 0; r < PackedQ4_0.RowInterleave; r++)
        {
            float acc = 0f;
            for (int b = 0; b < blocks; b++)
            {
                byte* chunks = PackedQ4_0.Chunks(group, b);
                sbyte* q8 = (sbyte*)(x.Codes + b) + sizeof(Half);
                int exact = 0;
                for (int c = 0; c < 4; c++)
                {
                    byte* word = chunks + c * PackedQ4_0.ChunkBytes + 4 * r;
                    for (int k = 0; k < 4; k++)
                    {
                        exact += ((word[k] & 0xF) - 8) * q8[4 * c + k] + ((word[k] >> 4) - 8) * q8[16 + 4 * c + k];
                    }
                }

                float scale = HalfBits.ToSingle(BitConverter.UInt16BitsToHalf(PackedQ4_0.Scales(group, b)[r])) * x.Scales[b];
                acc += scale * exact;
            }

            y[r] = acc;
        }
    }
}
