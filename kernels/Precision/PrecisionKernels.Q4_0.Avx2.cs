using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TensorGen.Numerics;

namespace TensorGen.Precision;

// The Q4_0 × Q8_0 GEMV micro-kernel for AVX2 + FMA: 4 weight rows × 2 blocks per step, the 8 (row, block) pairs
// reduced to one vector of exact block sums so that the scales, conversion and accumulation are one vector op each.
public static partial class PrecisionKernels
{
    /// <summary>
    /// y[0…3] = four consecutive rows of W (each <paramref name="blocks"/> blocks, row stride <paramref name="blocks"/>)
    /// times the quantized x. Per step of two blocks: each row's nibbles are unpacked to codes 0…15 (one broadcast
    /// load, a per-dword shift of 0 or 4, a mask) and multiplied with the shared Q8 codes by <c>pmaddubsw</c>
    /// (|pair| ≤ 2·15·128); three rounds of <c>phaddw</c> add the eight (row, block) vectors into one of
    /// 16-bit partial sums (|sum of 16 products| ≤ 16·15·128 = 30,720, no wrap-around); the two halves are widened
    /// and added, and 8·Σq₈ is subtracted, giving each pair's exact Σ(q₄ − 8)·q₈. The eight weight scales are
    /// converted from half by <see cref="HalvesToSingle"/>, multiplied by the activation scales and fused into the
    /// accumulator: one rounding for d₄·d₈, one for the fused multiply-add, per block. An odd last block is added by
    /// the one-row kernel.
    /// </summary>
    /// <param name="w">Row 0's first block; rows 1…3 follow at a stride of <paramref name="blocks"/>.</param>
    /// <param name="x">The quantized activations.</param>
    /// <param name="quadScales">d₈ of block b as float, four times over at [4b, 4b + 4).</param>
    /// <param name="quadEightSums">8·Σq₈ of block b, four times over at [4b, 4b + 4).</param>
    /// <param name="xScales">d₈ per block, for the odd last block.</param>
    /// <param name="xEightSums">8·Σq₈ per lane group, for the odd last block.</param>
    /// <param name="blocks">Blocks per row.</param>
    /// <param name="y">The four results.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Q4Q8FourRowsAvx2(BlockQ4_0* w, BlockQ8_0* x, float* quadScales, int* quadEightSums,
                                                ref float xScales, ref int xEightSums, int blocks, float* y)
    {
        BlockQ4_0* w1 = w + blocks, w2 = w1 + blocks, w3 = w2 + blocks;
        Vector256<uint> shifts = Vector256.Create(0u, 0u, 0u, 0u, 4u, 4u, 4u, 4u);
        Vector256<byte> lowMask = Vector256.Create((byte)0x0F);
        Vector256<float> acc = Vector256<float>.Zero;
        int b = 0;
        for (; b <= blocks - 2; b += 2)
        {
            Vector256<sbyte> q0 = Codes8(x + b), q1 = Codes8(x + b + 1);
            Vector256<short> h01 = Avx2.HorizontalAdd(Products(w + b, q0, shifts, lowMask), Products(w1 + b, q0, shifts, lowMask));
            Vector256<short> h23 = Avx2.HorizontalAdd(Products(w2 + b, q0, shifts, lowMask), Products(w3 + b, q0, shifts, lowMask));
            Vector256<short> h45 = Avx2.HorizontalAdd(Products(w + b + 1, q1, shifts, lowMask), Products(w1 + b + 1, q1, shifts, lowMask));
            Vector256<short> h67 = Avx2.HorizontalAdd(Products(w2 + b + 1, q1, shifts, lowMask), Products(w3 + b + 1, q1, shifts, lowMask));

            // Lanes (row 0…3, block b), (row 0…3, block b + 1); elements 0…15 in the low half, 16…31 in the high.
            Vector256<short> halves = Avx2.HorizontalAdd(Avx2.HorizontalAdd(h01, h23), Avx2.HorizontalAdd(h45, h67));
            Vector256<int> exact = Avx2.ConvertToVector256Int32(halves.GetLower()) + Avx2.ConvertToVector256Int32(halves.GetUpper())
                - Vector256.Load(quadEightSums + 4 * b);

            Vector128<ushort> halfScales = Vector128.Create(
                Bits(w + b), Bits(w1 + b), Bits(w2 + b), Bits(w3 + b),
                Bits(w + b + 1), Bits(w1 + b + 1), Bits(w2 + b + 1), Bits(w3 + b + 1));
            Vector256<float> scale = HalvesToSingle(halfScales) * Vector256.Load(quadScales + 4 * b);
            acc = Fma.MultiplyAdd(scale, Vector256.ConvertToSingle(exact), acc);
        }

        Vector128<float> sums = acc.GetLower() + acc.GetUpper();
        for (int r = 0; r < 4; r++)
        {
            float tail = b < blocks
                ? Q4Q8Dot(ref w[(nint)r * blocks + b], ref x[b], ref Unsafe.Add(ref xScales, b), ref Unsafe.Add(ref xEightSums, b * LaneGroups), 1, VectorPath.Vector256)
                : 0f;
            y[r] = sums.GetElement(r) + tail;
        }
    }

    /// <summary>One block's 16-bit pair products: codes 0…15 (low nibbles, then high) × the Q8 codes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<short> Products(BlockQ4_0* block, Vector256<sbyte> q8, Vector256<uint> shifts, Vector256<byte> lowMask)
    {
        Vector256<uint> packed = Avx2.BroadcastVector128ToVector256((uint*)((byte*)block + sizeof(Half)));
        Vector256<byte> codes = Avx2.ShiftRightLogicalVariable(packed, shifts).AsByte() & lowMask;
        return Avx2.MultiplyAddAdjacent(codes, q8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<sbyte> Codes8(BlockQ8_0* block) => Vector256.Load((sbyte*)block + sizeof(Half));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe ushort Bits(BlockQ4_0* block) => *(ushort*)block;

    /// <summary>
    /// Eight IEEE halves (as bits) to float, as <see cref="HalfBits.ToSingle"/> does one: exact for every finite half,
    /// subnormals included; infinities keep their sign; a NaN stays a NaN with its payload (quieted by the first
    /// arithmetic on it, not here).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> HalvesToSingle(Vector128<ushort> halves)
    {
        Vector256<uint> bits = Avx2.ConvertToVector256Int32(halves).AsUInt32();
        Vector256<uint> shifted = (bits & Vector256.Create(0x7FFFu)) << 13;
        Vector256<float> magnitude = shifted.AsSingle() * Vector256.Create(5.192296858534828e33f);
        Vector256<uint> exponentMask = Vector256.Create(0x0F800000u);
        Vector256<uint> special = Vector256.Equals(shifted & exponentMask, exponentMask) & Vector256.Create(0x7F800000u);
        Vector256<uint> sign = (bits & Vector256.Create(0x8000u)) << 16;
        return (magnitude.AsUInt32() | special | sign).AsSingle();
    }
}
