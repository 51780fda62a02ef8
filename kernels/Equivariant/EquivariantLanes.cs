using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TensorGen.Equivariant;

/// <summary>
/// Transpositions the generated sample-major equivariant kernels use to move a block of samples into SIMD lanes and
/// back: <c>lanes[i * count + j]</c> holds component i of the block's sample j (component-major blocks need none: they work in place). Called by generated code only, with
/// lengths it has checked. Blocks of 8 × 8 floats go through registers where AVX is available (16 half loads and 16 shuffles
/// instead of 64 scalar loads and stores); the rest, and every other shape, element by element.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class EquivariantLanes
{
    /// <summary>Copies <paramref name="count"/> samples of <paramref name="dim"/> components, <c>samples[j * dim + i]</c>, into <c>lanes[i * count + j]</c>.</summary>
    public static void ToLanes<T>(ref T samples, int dim, int count, ref T lanes)
    {
        int i0 = 0;
        if (typeof(T) == typeof(float) && count == 8 && Avx.IsSupported)
        {
            ref float source = ref Unsafe.As<T, float>(ref samples);
            ref float destination = ref Unsafe.As<T, float>(ref lanes);
            for (; i0 + 8 <= dim; i0 += 8)
            {
                // Rows: 8 consecutive components of each sample; after the transpose, row k holds component i0 + k of all 8.
                Transpose8x8(ref Unsafe.Add(ref source, i0), dim, ref Unsafe.Add(ref destination, i0 * 8), 8);
            }
        }

        for (int j = 0; j < count; j++)
        {
            ref T sample = ref Unsafe.Add(ref samples, j * dim);
            for (int i = i0; i < dim; i++) Unsafe.Add(ref lanes, i * count + j) = Unsafe.Add(ref sample, i);
        }
    }

    /// <summary>Copies <c>lanes[i * count + j]</c> back to <paramref name="count"/> samples, <c>samples[j * dim + i]</c>, overwriting them.</summary>
    public static void FromLanes<T>(ref T lanes, int dim, int count, ref T samples)
    {
        int i0 = 0;
        if (typeof(T) == typeof(float) && count == 8 && Avx.IsSupported)
        {
            ref float source = ref Unsafe.As<T, float>(ref lanes);
            ref float destination = ref Unsafe.As<T, float>(ref samples);
            for (; i0 + 8 <= dim; i0 += 8)
            {
                // Rows: components i0 … i0 + 7, each across the 8 samples; after the transpose, row j is sample j's 8 components.
                Transpose8x8(ref Unsafe.Add(ref source, i0 * 8), 8, ref Unsafe.Add(ref destination, i0), dim);
            }
        }

        for (int j = 0; j < count; j++)
        {
            ref T sample = ref Unsafe.Add(ref samples, j * dim);
            for (int i = i0; i < dim; i++) Unsafe.Add(ref sample, i) = Unsafe.Add(ref lanes, i * count + j);
        }
    }

    /// <summary>Writes the transpose of the 8 × 8 block whose rows start <paramref name="sourceStride"/> apart to rows <paramref name="destinationStride"/> apart.</summary>
    /// <remarks>
    /// Each register is loaded as two 128-bit halves: columns 0–3 (or 4–7) of row k below and of row k + 4 above. The halves then
    /// need only a 4 × 4 transpose each (8 unpacks, 8 shuffles) and no lane-crossing permute: 16 shuffles, not 24, and the
    /// half loads run on the load ports.
    /// </remarks>
    private static void Transpose8x8(ref float source, int sourceStride, ref float destination, int destinationStride)
    {
        Vector256<float> r04 = Halves(ref source, 0, 4 * sourceStride), r15 = Halves(ref source, sourceStride, 5 * sourceStride);
        Vector256<float> r26 = Halves(ref source, 2 * sourceStride, 6 * sourceStride), r37 = Halves(ref source, 3 * sourceStride, 7 * sourceStride);
        Vector256<float> s04 = Halves(ref source, 4, 4 * sourceStride + 4), s15 = Halves(ref source, sourceStride + 4, 5 * sourceStride + 4);
        Vector256<float> s26 = Halves(ref source, 2 * sourceStride + 4, 6 * sourceStride + 4), s37 = Halves(ref source, 3 * sourceStride + 4, 7 * sourceStride + 4);

        // Columns 0–3: interleave rows 0, 1 and rows 2, 3 (4, 5 and 6, 7 above), then take pairs of pairs.
        Vector256<float> a0 = Avx.UnpackLow(r04, r15), a1 = Avx.UnpackHigh(r04, r15), a2 = Avx.UnpackLow(r26, r37), a3 = Avx.UnpackHigh(r26, r37);
        Avx.Shuffle(a0, a2, 0x44).StoreUnsafe(ref destination);
        Avx.Shuffle(a0, a2, 0xEE).StoreUnsafe(ref destination, (nuint)destinationStride);
        Avx.Shuffle(a1, a3, 0x44).StoreUnsafe(ref destination, (nuint)(2 * destinationStride));
        Avx.Shuffle(a1, a3, 0xEE).StoreUnsafe(ref destination, (nuint)(3 * destinationStride));

        // Columns 4–7, the same way.
        Vector256<float> b0 = Avx.UnpackLow(s04, s15), b1 = Avx.UnpackHigh(s04, s15), b2 = Avx.UnpackLow(s26, s37), b3 = Avx.UnpackHigh(s26, s37);
        Avx.Shuffle(b0, b2, 0x44).StoreUnsafe(ref destination, (nuint)(4 * destinationStride));
        Avx.Shuffle(b0, b2, 0xEE).StoreUnsafe(ref destination, (nuint)(5 * destinationStride));
        Avx.Shuffle(b1, b3, 0x44).StoreUnsafe(ref destination, (nuint)(6 * destinationStride));
        Avx.Shuffle(b1, b3, 0xEE).StoreUnsafe(ref destination, (nuint)(7 * destinationStride));
    }

    /// <summary>Four floats at element offset <paramref name="low"/> in the lower half, four at <paramref name="high"/> in the upper.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Halves(ref float source, int low, int high) =>
        Avx.InsertVector128(Vector128.LoadUnsafe(ref source, (nuint)low).ToVector256Unsafe(), Vector128.LoadUnsafe(ref source, (nuint)high), 1);
}
