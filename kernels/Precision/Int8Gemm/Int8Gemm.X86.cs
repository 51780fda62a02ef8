using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TensorGen.Precision;

// x86 micro-kernels: B panels hold int16 k-pairs, A panels one int32 per row and k-pair (two int16), broadcast to
// every lane; pmaddwd multiplies the pairs and adds them into int32 (products ≤ 2¹⁴, never saturating), and a
// plain add accumulates (AVX-VNNI's vpdpwssd fuses the two where the CPU has it).
internal static unsafe partial class Int8Gemm
{
    /// <summary>6 × 16 tile, AVX2: 12 accumulators, two B vectors, one broadcast.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TileAvx2x6x16(int* a, short* b, int pairs, int* c, nint ldc, bool add)
    {
        Vector256<int> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<int> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < pairs; p++)
        {
            Vector256<short> b0 = Avx.LoadAlignedVector256(b), b1 = Avx.LoadAlignedVector256(b + 16);
            if (AvxVnni.IsSupported)
            {
                Vector256<short> a0 = Vector256.Create(a[0]).AsInt16(), a1 = Vector256.Create(a[1]).AsInt16(), a2 = Vector256.Create(a[2]).AsInt16();
                c00 = AvxVnni.MultiplyWideningAndAdd(c00, b0, a0); c01 = AvxVnni.MultiplyWideningAndAdd(c01, b1, a0);
                c10 = AvxVnni.MultiplyWideningAndAdd(c10, b0, a1); c11 = AvxVnni.MultiplyWideningAndAdd(c11, b1, a1);
                c20 = AvxVnni.MultiplyWideningAndAdd(c20, b0, a2); c21 = AvxVnni.MultiplyWideningAndAdd(c21, b1, a2);
                Vector256<short> a3 = Vector256.Create(a[3]).AsInt16(), a4 = Vector256.Create(a[4]).AsInt16(), a5 = Vector256.Create(a[5]).AsInt16();
                c30 = AvxVnni.MultiplyWideningAndAdd(c30, b0, a3); c31 = AvxVnni.MultiplyWideningAndAdd(c31, b1, a3);
                c40 = AvxVnni.MultiplyWideningAndAdd(c40, b0, a4); c41 = AvxVnni.MultiplyWideningAndAdd(c41, b1, a4);
                c50 = AvxVnni.MultiplyWideningAndAdd(c50, b0, a5); c51 = AvxVnni.MultiplyWideningAndAdd(c51, b1, a5);
            }
            else
            {
                // One broadcast live at a time: 12 accumulators + 2 B vectors + the broadcast + the product fill the
                // 16 registers exactly; grouping the broadcasts would spill two accumulators.
                Vector256<short> row = Vector256.Create(a[0]).AsInt16();
                c00 += Avx2.MultiplyAddAdjacent(b0, row); c01 += Avx2.MultiplyAddAdjacent(b1, row);
                row = Vector256.Create(a[1]).AsInt16();
                c10 += Avx2.MultiplyAddAdjacent(b0, row); c11 += Avx2.MultiplyAddAdjacent(b1, row);
                row = Vector256.Create(a[2]).AsInt16();
                c20 += Avx2.MultiplyAddAdjacent(b0, row); c21 += Avx2.MultiplyAddAdjacent(b1, row);
                row = Vector256.Create(a[3]).AsInt16();
                c30 += Avx2.MultiplyAddAdjacent(b0, row); c31 += Avx2.MultiplyAddAdjacent(b1, row);
                row = Vector256.Create(a[4]).AsInt16();
                c40 += Avx2.MultiplyAddAdjacent(b0, row); c41 += Avx2.MultiplyAddAdjacent(b1, row);
                row = Vector256.Create(a[5]).AsInt16();
                c50 += Avx2.MultiplyAddAdjacent(b0, row); c51 += Avx2.MultiplyAddAdjacent(b1, row);
            }

            a += 6;
            b += 32;
        }

        Store(c, c00, c01, add); Store(c + ldc, c10, c11, add); Store(c + 2 * ldc, c20, c21, add);
        Store(c + 3 * ldc, c30, c31, add); Store(c + 4 * ldc, c40, c41, add); Store(c + 5 * ldc, c50, c51, add);
    }

    /// <summary>8 × 32 tile, AVX-512BW: 16 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TileAvx512x8x32(int* a, short* b, int pairs, int* c, nint ldc, bool add)
    {
        Vector512<int> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<int> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < pairs; p++)
        {
            Vector512<short> b0 = Vector512.LoadAligned(b), b1 = Vector512.LoadAligned(b + 32);
            Vector512<short> a0 = Vector512.Create(a[0]).AsInt16(), a1 = Vector512.Create(a[1]).AsInt16();
            c00 += Avx512BW.MultiplyAddAdjacent(b0, a0); c01 += Avx512BW.MultiplyAddAdjacent(b1, a0);
            c10 += Avx512BW.MultiplyAddAdjacent(b0, a1); c11 += Avx512BW.MultiplyAddAdjacent(b1, a1);
            Vector512<short> a2 = Vector512.Create(a[2]).AsInt16(), a3 = Vector512.Create(a[3]).AsInt16();
            c20 += Avx512BW.MultiplyAddAdjacent(b0, a2); c21 += Avx512BW.MultiplyAddAdjacent(b1, a2);
            c30 += Avx512BW.MultiplyAddAdjacent(b0, a3); c31 += Avx512BW.MultiplyAddAdjacent(b1, a3);
            Vector512<short> a4 = Vector512.Create(a[4]).AsInt16(), a5 = Vector512.Create(a[5]).AsInt16();
            c40 += Avx512BW.MultiplyAddAdjacent(b0, a4); c41 += Avx512BW.MultiplyAddAdjacent(b1, a4);
            c50 += Avx512BW.MultiplyAddAdjacent(b0, a5); c51 += Avx512BW.MultiplyAddAdjacent(b1, a5);
            Vector512<short> a6 = Vector512.Create(a[6]).AsInt16(), a7 = Vector512.Create(a[7]).AsInt16();
            c60 += Avx512BW.MultiplyAddAdjacent(b0, a6); c61 += Avx512BW.MultiplyAddAdjacent(b1, a6);
            c70 += Avx512BW.MultiplyAddAdjacent(b0, a7); c71 += Avx512BW.MultiplyAddAdjacent(b1, a7);
            a += 8;
            b += 64;
        }

        Store(c, c00, c01, add); Store(c + ldc, c10, c11, add); Store(c + 2 * ldc, c20, c21, add); Store(c + 3 * ldc, c30, c31, add);
        Store(c + 4 * ldc, c40, c41, add); Store(c + 5 * ldc, c50, c51, add); Store(c + 6 * ldc, c60, c61, add); Store(c + 7 * ldc, c70, c71, add);
    }

    /// <summary>4 × 8 tile, SSE2: 8 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TileSse2x4x8(int* a, short* b, int pairs, int* c, nint ldc, bool add)
    {
        Vector128<int> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < pairs; p++)
        {
            Vector128<short> b0 = Sse2.LoadAlignedVector128(b), b1 = Sse2.LoadAlignedVector128(b + 8);
            Vector128<short> a0 = Vector128.Create(a[0]).AsInt16(), a1 = Vector128.Create(a[1]).AsInt16();
            c00 += Sse2.MultiplyAddAdjacent(b0, a0); c01 += Sse2.MultiplyAddAdjacent(b1, a0);
            c10 += Sse2.MultiplyAddAdjacent(b0, a1); c11 += Sse2.MultiplyAddAdjacent(b1, a1);
            Vector128<short> a2 = Vector128.Create(a[2]).AsInt16(), a3 = Vector128.Create(a[3]).AsInt16();
            c20 += Sse2.MultiplyAddAdjacent(b0, a2); c21 += Sse2.MultiplyAddAdjacent(b1, a2);
            c30 += Sse2.MultiplyAddAdjacent(b0, a3); c31 += Sse2.MultiplyAddAdjacent(b1, a3);
            a += 4;
            b += 16;
        }

        Store(c, c00, c01, add); Store(c + ldc, c10, c11, add); Store(c + 2 * ldc, c20, c21, add); Store(c + 3 * ldc, c30, c31, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(int* row, Vector512<int> left, Vector512<int> right, bool add)
    {
        if (add)
        {
            left += Vector512.Load(row);
            right += Vector512.Load(row + 16);
        }

        left.Store(row);
        right.Store(row + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(int* row, Vector256<int> left, Vector256<int> right, bool add)
    {
        if (add)
        {
            left += Vector256.Load(row);
            right += Vector256.Load(row + 8);
        }

        left.Store(row);
        right.Store(row + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(int* row, Vector128<int> left, Vector128<int> right, bool add)
    {
        if (add)
        {
            left += Vector128.Load(row);
            right += Vector128.Load(row + 4);
        }

        left.Store(row);
        right.Store(row + 4);
    }
}
