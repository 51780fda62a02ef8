using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;

namespace TensorGen.Precision;

// ARM and portable micro-kernels: bytes packed by k-quads for sdot (Dp.DotProduct adds four int8 products into
// each int32 lane), and a scalar 4 × 4 tile over single k steps for every other machine.
internal static unsafe partial class Int8Gemm
{
    /// <summary>8 × 8 tile, ARMv8.2 dot product: 16 accumulators, each B vector four columns × four k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TileDp8x8(sbyte* a, sbyte* b, int quads, int* c, nint ldc, bool add)
    {
        Vector128<int> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector128<int> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        int* rowsOfA = (int*)a;
        for (int q = 0; q < quads; q++)
        {
            Vector128<sbyte> b0 = Vector128.Load(b), b1 = Vector128.Load(b + 16);
            Vector128<sbyte> a0 = Vector128.Create(rowsOfA[0]).AsSByte(), a1 = Vector128.Create(rowsOfA[1]).AsSByte();
            c00 = Dp.DotProduct(c00, b0, a0); c01 = Dp.DotProduct(c01, b1, a0);
            c10 = Dp.DotProduct(c10, b0, a1); c11 = Dp.DotProduct(c11, b1, a1);
            Vector128<sbyte> a2 = Vector128.Create(rowsOfA[2]).AsSByte(), a3 = Vector128.Create(rowsOfA[3]).AsSByte();
            c20 = Dp.DotProduct(c20, b0, a2); c21 = Dp.DotProduct(c21, b1, a2);
            c30 = Dp.DotProduct(c30, b0, a3); c31 = Dp.DotProduct(c31, b1, a3);
            Vector128<sbyte> a4 = Vector128.Create(rowsOfA[4]).AsSByte(), a5 = Vector128.Create(rowsOfA[5]).AsSByte();
            c40 = Dp.DotProduct(c40, b0, a4); c41 = Dp.DotProduct(c41, b1, a4);
            c50 = Dp.DotProduct(c50, b0, a5); c51 = Dp.DotProduct(c51, b1, a5);
            Vector128<sbyte> a6 = Vector128.Create(rowsOfA[6]).AsSByte(), a7 = Vector128.Create(rowsOfA[7]).AsSByte();
            c60 = Dp.DotProduct(c60, b0, a6); c61 = Dp.DotProduct(c61, b1, a6);
            c70 = Dp.DotProduct(c70, b0, a7); c71 = Dp.DotProduct(c71, b1, a7);
            rowsOfA += 8;
            b += 32;
        }

        Store(c, c00, c01, add); Store(c + ldc, c10, c11, add); Store(c + 2 * ldc, c20, c21, add); Store(c + 3 * ldc, c30, c31, add);
        Store(c + 4 * ldc, c40, c41, add); Store(c + 5 * ldc, c50, c51, add); Store(c + 6 * ldc, c60, c61, add); Store(c + 7 * ldc, c70, c71, add);
    }

    /// <summary>4 × 4 tile in scalar code (the reference path and every machine without a vector kernel).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TileScalar4x4(sbyte* a, sbyte* b, int steps, int* c, nint ldc, bool add)
    {
        int* tile = stackalloc int[16];
        for (int i = 0; i < 16; i++)
        {
            tile[i] = 0;
        }

        for (int p = 0; p < steps; p++)
        {
            for (int i = 0; i < 4; i++)
            {
                int left = a[i];
                tile[4 * i] += left * b[0];
                tile[4 * i + 1] += left * b[1];
                tile[4 * i + 2] += left * b[2];
                tile[4 * i + 3] += left * b[3];
            }

            a += 4;
            b += 4;
        }

        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                c[i * ldc + j] = add ? c[i * ldc + j] + tile[4 * i + j] : tile[4 * i + j];
            }
        }
    }
}
