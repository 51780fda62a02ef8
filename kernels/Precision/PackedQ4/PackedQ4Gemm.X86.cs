using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TensorGen.Numerics;

namespace TensorGen.Precision;

// The GEMM's register tiles: one row group × eight tokens. A block's four chunks are unpacked once into eight code
// vectors (low and high nibbles) and multiplied with each token's broadcast Q8 words; each token's lanes then take
// the GEMV's exact block sum and its roundings (d₄·d₈, times the sum, added to the accumulator).
internal static unsafe partial class PackedQ4Gemm
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TileVector512(byte* group, int blocks, in PackedQ4Gemv.Activations panel, int t, float* tile)
    {
        if (!Avx512BW.IsSupported)
        {
            return false;
        }

        PackedQ4Gemv.Activations x0 = panel.Token(t, blocks), x1 = panel.Token(t + 1, blocks);
        PackedQ4Gemv.Activations x2 = panel.Token(t + 2, blocks), x3 = panel.Token(t + 3, blocks);
        PackedQ4Gemv.Activations x4 = panel.Token(t + 4, blocks), x5 = panel.Token(t + 5, blocks);
        PackedQ4Gemv.Activations x6 = panel.Token(t + 6, blocks), x7 = panel.Token(t + 7, blocks);
        Vector512<byte> lowNibbles = Vector512.Create((byte)0x0F);
        Vector512<float> acc0 = Vector512<float>.Zero, acc1 = Vector512<float>.Zero, acc2 = Vector512<float>.Zero, acc3 = Vector512<float>.Zero;
        Vector512<float> acc4 = Vector512<float>.Zero, acc5 = Vector512<float>.Zero, acc6 = Vector512<float>.Zero, acc7 = Vector512<float>.Zero;
        for (int b = 0; b < blocks; b++)
        {
            byte* chunks = PackedQ4_0.Chunks(group, b);
            Vector512<byte> p0 = Vector512.LoadAligned(chunks), p1 = Vector512.LoadAligned(chunks + PackedQ4_0.ChunkBytes);
            Vector512<byte> p2 = Vector512.LoadAligned(chunks + 2 * PackedQ4_0.ChunkBytes), p3 = Vector512.LoadAligned(chunks + 3 * PackedQ4_0.ChunkBytes);
            Vector512<byte> l0 = p0 & lowNibbles, h0 = (p0.AsUInt16() >>> 4).AsByte() & lowNibbles;
            Vector512<byte> l1 = p1 & lowNibbles, h1 = (p1.AsUInt16() >>> 4).AsByte() & lowNibbles;
            Vector512<byte> l2 = p2 & lowNibbles, h2 = (p2.AsUInt16() >>> 4).AsByte() & lowNibbles;
            Vector512<byte> l3 = p3 & lowNibbles, h3 = (p3.AsUInt16() >>> 4).AsByte() & lowNibbles;
            Vector512<float> dw = PackedQ4Gemv.HalvesToSingle512(Vector256.Load(PackedQ4_0.Scales(group, b)));
            acc0 += dw * Vector512.Create(x0.Scales[b]) * Vector512.ConvertToSingle(Exact512(l0, h0, l1, h1, l2, h2, l3, h3, x0, b));
            acc1 += dw * Vector512.Create(x1.Scales[b]) * Vector512.ConvertToSingle(Exact512(l0, h0, l1, h1, l2, h2, l3, h3, x1, b));
            acc2 += dw * Vector512.Create(x2.Scales[b]) * Vector512.ConvertToSingle(Exact512(l0, h0, l1, h1, l2, h2, l3, h3, x2, b));
            acc3 += dw * Vector512.Create(x3.Scales[b]) * Vector512.ConvertToSingle(Exact512(l0, h0, l1, h1, l2, h2, l3, h3, x3, b));
            acc4 += dw * Vector512.Create(x4.Scales[b]) * Vector512.ConvertToSingle(Exact512(l0, h0, l1, h1, l2, h2, l3, h3, x4, b));
            acc5 += dw * Vector512.Create(x5.Scales[b]) * Vector512.ConvertToSingle(Exact512(l0, h0, l1, h1, l2, h2, l3, h3, x5, b));
            acc6 += dw * Vector512.Create(x6.Scales[b]) * Vector512.ConvertToSingle(Exact512(l0, h0, l1, h1, l2, h2, l3, h3, x6, b));
            acc7 += dw * Vector512.Create(x7.Scales[b]) * Vector512.ConvertToSingle(Exact512(l0, h0, l1, h1, l2, h2, l3, h3, x7, b));
        }

        acc0.Store(tile);
        acc1.Store(tile + PackedQ4_0.RowInterleave);
        acc2.Store(tile + 2 * PackedQ4_0.RowInterleave);
        acc3.Store(tile + 3 * PackedQ4_0.RowInterleave);
        acc4.Store(tile + 4 * PackedQ4_0.RowInterleave);
        acc5.Store(tile + 5 * PackedQ4_0.RowInterleave);
        acc6.Store(tile + 6 * PackedQ4_0.RowInterleave);
        acc7.Store(tile + 7 * PackedQ4_0.RowInterleave);
        return true;
    }

    /// <summary>
    /// One token's exact Σ (q₄ − 8)·q₈ for the 16 rows of a block, from its eight unpacked code vectors:
    /// <c>vpmaddubsw</c> pair sums (|pair| ≤ 2·15·128) added in 16 bits (|sum| ≤ 8·3,840 = 30,720, no wrap-around),
    /// one <c>vpmaddwd</c> with ones, minus 8·Σq₈.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<int> Exact512(Vector512<byte> l0, Vector512<byte> h0, Vector512<byte> l1, Vector512<byte> h1,
                                           Vector512<byte> l2, Vector512<byte> h2, Vector512<byte> l3, Vector512<byte> h3,
                                           in PackedQ4Gemv.Activations x, int b)
    {
        Vector512<short> pairs = (Avx512BW.MultiplyAddAdjacent(l0, Vector512.Create(x.Word(b, 0)).AsSByte()) + Avx512BW.MultiplyAddAdjacent(h0, Vector512.Create(x.Word(b, 4)).AsSByte()))
                               + (Avx512BW.MultiplyAddAdjacent(l1, Vector512.Create(x.Word(b, 1)).AsSByte()) + Avx512BW.MultiplyAddAdjacent(h1, Vector512.Create(x.Word(b, 5)).AsSByte()))
                               + (Avx512BW.MultiplyAddAdjacent(l2, Vector512.Create(x.Word(b, 2)).AsSByte()) + Avx512BW.MultiplyAddAdjacent(h2, Vector512.Create(x.Word(b, 6)).AsSByte()))
                               + (Avx512BW.MultiplyAddAdjacent(l3, Vector512.Create(x.Word(b, 3)).AsSByte()) + Avx512BW.MultiplyAddAdjacent(h3, Vector512.Create(x.Word(b, 7)).AsSByte()));
        return Avx512BW.MultiplyAddAdjacent(pairs, Vector512.Create((short)1)) - Vector512.Create(x.EightSums[b]);
    }

    /// <summary>
    /// AVX2 (with AVX-VNNI where present): the tile as two tiles of four tokens, each in two passes (rows 0…7, then
    /// 8…15), which keeps the eight code vectors and four accumulators in sixteen registers.
    /// </summary>
    private static bool TileVector256(byte* group, int blocks, in PackedQ4Gemv.Activations panel, int t, float* tile)
    {
        if (!Avx2.IsSupported)
        {
            return false;
        }

        FourTokens256(group, blocks, panel, t, tile);
        FourTokens256(group, blocks, panel, t + 4, tile + 4 * PackedQ4_0.RowInterleave);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FourTokens256(byte* group, int blocks, in PackedQ4Gemv.Activations panel, int t, float* tile)
    {
        PackedQ4Gemv.Activations x0 = panel.Token(t, blocks), x1 = panel.Token(t + 1, blocks);
        PackedQ4Gemv.Activations x2 = panel.Token(t + 2, blocks), x3 = panel.Token(t + 3, blocks);
        Vector256<byte> lowNibbles = Vector256.Create((byte)0x0F);
        for (int half = 0; half < 2; half++)
        {
            Vector256<float> acc0 = Vector256<float>.Zero, acc1 = Vector256<float>.Zero, acc2 = Vector256<float>.Zero, acc3 = Vector256<float>.Zero;
            for (int b = 0; b < blocks; b++)
            {
                byte* chunks = PackedQ4_0.Chunks(group, b) + 32 * half;
                Vector256<byte> p0 = Vector256.LoadAligned(chunks), p1 = Vector256.LoadAligned(chunks + PackedQ4_0.ChunkBytes);
                Vector256<byte> p2 = Vector256.LoadAligned(chunks + 2 * PackedQ4_0.ChunkBytes), p3 = Vector256.LoadAligned(chunks + 3 * PackedQ4_0.ChunkBytes);
                Vector256<byte> l0 = p0 & lowNibbles, h0 = (p0.AsUInt16() >>> 4).AsByte() & lowNibbles;
                Vector256<byte> l1 = p1 & lowNibbles, h1 = (p1.AsUInt16() >>> 4).AsByte() & lowNibbles;
                Vector256<byte> l2 = p2 & lowNibbles, h2 = (p2.AsUInt16() >>> 4).AsByte() & lowNibbles;
                Vector256<byte> l3 = p3 & lowNibbles, h3 = (p3.AsUInt16() >>> 4).AsByte() & lowNibbles;
                Vector256<float> dw = PrecisionKernels.HalvesToSingle(Vector128.Load(PackedQ4_0.Scales(group, b) + 8 * half));
                acc0 += dw * Vector256.Create(x0.Scales[b]) * Vector256.ConvertToSingle(Exact256(l0, h0, l1, h1, l2, h2, l3, h3, x0, b));
                acc1 += dw * Vector256.Create(x1.Scales[b]) * Vector256.ConvertToSingle(Exact256(l0, h0, l1, h1, l2, h2, l3, h3, x1, b));
                acc2 += dw * Vector256.Create(x2.Scales[b]) * Vector256.ConvertToSingle(Exact256(l0, h0, l1, h1, l2, h2, l3, h3, x2, b));
                acc3 += dw * Vector256.Create(x3.Scales[b]) * Vector256.ConvertToSingle(Exact256(l0, h0, l1, h1, l2, h2, l3, h3, x3, b));
            }

            acc0.Store(tile + 8 * half);
            acc1.Store(tile + PackedQ4_0.RowInterleave + 8 * half);
            acc2.Store(tile + 2 * PackedQ4_0.RowInterleave + 8 * half);
            acc3.Store(tile + 3 * PackedQ4_0.RowInterleave + 8 * half);
        }
    }

    /// <summary>
    /// One token's exact block sums for eight rows: with AVX-VNNI two <c>vpdpbusd</c>s per chunk into a fresh
    /// accumulator (four independent chains), else <c>vpmaddubsw</c> pairs added in 16 bits and one <c>vpmaddwd</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> Exact256(Vector256<byte> l0, Vector256<byte> h0, Vector256<byte> l1, Vector256<byte> h1,
                                           Vector256<byte> l2, Vector256<byte> h2, Vector256<byte> l3, Vector256<byte> h3,
                                           in PackedQ4Gemv.Activations x, int b)
    {
        if (AvxVnni.IsSupported)
        {
            Vector256<int> s0 = AvxVnni.MultiplyWideningAndAdd(AvxVnni.MultiplyWideningAndAdd(Vector256<int>.Zero, l0, W(x, b, 0)), h0, W(x, b, 4));
            Vector256<int> s1 = AvxVnni.MultiplyWideningAndAdd(AvxVnni.MultiplyWideningAndAdd(Vector256<int>.Zero, l1, W(x, b, 1)), h1, W(x, b, 5));
            Vector256<int> s2 = AvxVnni.MultiplyWideningAndAdd(AvxVnni.MultiplyWideningAndAdd(Vector256<int>.Zero, l2, W(x, b, 2)), h2, W(x, b, 6));
            Vector256<int> s3 = AvxVnni.MultiplyWideningAndAdd(AvxVnni.MultiplyWideningAndAdd(Vector256<int>.Zero, l3, W(x, b, 3)), h3, W(x, b, 7));
            return (s0 + s1) + (s2 + s3) - Vector256.Create(x.EightSums[b]);
        }

        Vector256<short> pairs = (Avx2.MultiplyAddAdjacent(l0, W(x, b, 0)) + Avx2.MultiplyAddAdjacent(h0, W(x, b, 4)))
                               + (Avx2.MultiplyAddAdjacent(l1, W(x, b, 1)) + Avx2.MultiplyAddAdjacent(h1, W(x, b, 5)))
                               + (Avx2.MultiplyAddAdjacent(l2, W(x, b, 2)) + Avx2.MultiplyAddAdjacent(h2, W(x, b, 6)))
                               + (Avx2.MultiplyAddAdjacent(l3, W(x, b, 3)) + Avx2.MultiplyAddAdjacent(h3, W(x, b, 7)));
        return Avx2.MultiplyAddAdjacent(pairs, Vector256.Create((short)1)) - Vector256.Create(x.EightSums[b]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<sbyte> W(in PackedQ4Gemv.Activations x, int b, int group) => Vector256.Create(x.Word(b, group)).AsSByte();
}
