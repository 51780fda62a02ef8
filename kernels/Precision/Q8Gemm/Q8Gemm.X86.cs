using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TensorGen.Numerics;

namespace TensorGen.Precision;

// The AVX2 register tile: 2 weight rows × 4 tokens, one f32 accumulator whose lanes are (row 0, tokens 0…3) then
// (row 1, tokens 0…3). Per block: each row's nibbles are unpacked once to codes 0…15 and reused by four tokens;
// each token's Q8 codes are loaded once and reused by both rows.
internal static unsafe partial class Q8Gemm
{
    /// <summary>
    /// The tile over every block. Products: <c>pmaddubsw</c> (unsigned codes × signed q8, |pair| ≤ 2·15·128, no
    /// saturation), <c>pmaddwd</c> with ones into int32 lanes; three rounds of <c>phaddd</c> and a cross-lane add
    /// turn the eight (row, token) vectors into one vector of their exact block sums, minus 8·Σq8 for the nibble
    /// offset. Then fl(fl(d_w·d_x)·s) is added to the accumulator, unfused, as the scalar path does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TileAvx2(BlockQ4_0* w0, float* s0, BlockQ4_0* w1, float* s1, in Panel x, int t, float* tile)
    {
        int blocks = x.Blocks, tokens = x.Tokens;
        BlockQ8_0* x0 = x.Codes + (nint)t * blocks, x1 = x0 + blocks, x2 = x1 + blocks, x3 = x2 + blocks;
        float* scales = x.Scales + t;
        int* eightSums = x.EightSums + t;
        Vector256<byte> lowMask = Vector256.Create((byte)0x0F);
        Vector256<short> ones = Vector256.Create((short)1);
        Vector256<float> acc = Vector256<float>.Zero;
        for (int b = 0; b < blocks; b++)
        {
            Vector256<byte> codes0 = Unpack(ref w0[b]) & lowMask, codes1 = Unpack(ref w1[b]) & lowMask;

            Vector256<sbyte> q0 = Load(ref x0[b]), q1 = Load(ref x1[b]);
            Vector256<int> p00 = Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(codes0, q0), ones);
            Vector256<int> p01 = Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(codes0, q1), ones);
            Vector256<int> p10 = Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(codes1, q0), ones);
            Vector256<int> p11 = Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(codes1, q1), ones);
            Vector256<int> row0Low = Avx2.HorizontalAdd(p00, p01), row1Low = Avx2.HorizontalAdd(p10, p11);

            Vector256<sbyte> q2 = Load(ref x2[b]), q3 = Load(ref x3[b]);
            Vector256<int> p02 = Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(codes0, q2), ones);
            Vector256<int> p03 = Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(codes0, q3), ones);
            Vector256<int> p12 = Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(codes1, q2), ones);
            Vector256<int> p13 = Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(codes1, q3), ones);
            Vector256<int> row0High = Avx2.HorizontalAdd(p02, p03), row1High = Avx2.HorizontalAdd(p12, p13);

            // Per 128-bit half: (row 0, tokens 0…3) and (row 1, tokens 0…3), each a partial sum over half the block.
            Vector256<int> row0 = Avx2.HorizontalAdd(row0Low, row0High), row1 = Avx2.HorizontalAdd(row1Low, row1High);
            Vector256<int> sums = Avx2.Permute2x128(row0, row1, 0x20) + Avx2.Permute2x128(row0, row1, 0x31);

            Vector128<int> eight = Vector128.Load(eightSums + (nint)b * tokens);
            Vector256<int> exact = sums - Vector256.Create(eight, eight);
            Vector128<float> dx = Vector128.Load(scales + (nint)b * tokens);
            Vector256<float> dw = Vector256.Create(Vector128.Create(s0[b]), Vector128.Create(s1[b]));
            acc += dw * Vector256.Create(dx, dx) * Vector256.ConvertToSingle(exact);
        }

        acc.Store(tile);
    }

    /// <summary>A block's 16 nibble bytes as (low nibbles, high nibbles) in one register, not yet masked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Unpack(ref BlockQ4_0 block)
    {
        Vector128<byte> packed = Vector128.LoadUnsafe(ref Unsafe.As<BlockQ4_0.Nibbles, byte>(ref block.Qs));
        return Vector256.Create(packed, Sse2.ShiftRightLogical(packed.AsUInt16(), 4).AsByte());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<sbyte> Load(ref BlockQ8_0 block) =>
        Vector256.LoadUnsafe(ref Unsafe.As<BlockQ8_0.Codes, sbyte>(ref block.Qs));
}
