using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TensorGen.Equivariant;

/// <summary>
/// Transpositions the generated sample-major equivariant kernels use to move a block of samples into SIMD lanes and
/// back: <c>lanes[i * count + j]</c> holds component i of the block's sample j (component-major blocks need none: they work in place). Called by generated code only, with
/// lengths it has checked. For blocks of 8 or 16 samples (Vector256 and Vector512 lanes of floats), each run of 8
/// samples goes through registers where AVX is available: blocks of 8 × 8 floats (24 shuffles instead of 64 scalar
/// loads and stores), then one block of 4 components × 8 samples where 4 or more remain; the rest, and every other
/// shape, element by element.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class EquivariantLanes
{
    /// <summary>Copies <paramref name="count"/> samples of <paramref name="dim"/> components, <c>samples[j * dim + i]</c>, into <c>lanes[i * count + j]</c>.</summary>
    public static void ToLanes<T>(ref T samples, int dim, int count, ref T lanes)
    {
        int i0 = 0;
        if (typeof(T) == typeof(float) && count is 8 or 16 && Avx.IsSupported)
        {
            // Each run of 8 samples (one for Vector256 lanes, two for Vector512) goes through registers on its own.
            for (int h = 0; h < count; h += 8)
            {
                ref float source = ref Unsafe.Add(ref Unsafe.As<T, float>(ref samples), h * dim);
                ref float destination = ref Unsafe.Add(ref Unsafe.As<T, float>(ref lanes), h);
                int i = 0;
                for (; i + 8 <= dim; i += 8)
                {
                    // Rows: 8 consecutive components of each sample; after the transpose, row k holds component i + k of all 8.
                    Transpose8x8(ref Unsafe.Add(ref source, i), dim, ref Unsafe.Add(ref destination, i * count), count);
                }

                if (i + 4 <= dim)
                {
                    SamplesToLanes4(ref Unsafe.Add(ref source, i), dim, ref Unsafe.Add(ref destination, i * count), count);
                    i += 4;
                }

                i0 = i;
            }
        }

        for (int j = 0; j < count; j++)
        {
            ref T sample = ref Unsafe.Add(ref samples, j * dim);
            for (int i = i0; i < dim; i++) Unsafe.Add(ref lanes, i * count + j) = Unsafe.Add(ref sample, i);
        }
    }

    /// <summary>Copies <c>lanes[i * count + j]</c> back to <paramref name="count"/> samples, <c>samples[j * dim + i]</c>, overwriting them.</summary>
    /// <remarks>A call, as before <see cref="FromLanesInline{T}"/> existed: the tensor products' kernels keep their code size.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void FromLanes<T>(ref T lanes, int dim, int count, ref T samples) => FromLanesInline(ref lanes, dim, count, ref samples);

    /// <summary>
    /// <see cref="FromLanes{T}"/> inlined into its caller: a generated loop that passes constants gets the transposes
    /// of its own dimension in straight-line code, with no call and no loop over the component blocks (the sample-major
    /// harmonics, 15 % faster in cache at l ≤ 6 f32 than through the call).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FromLanesInline<T>(ref T lanes, int dim, int count, ref T samples)
    {
        int i0 = 0;
        if (typeof(T) == typeof(float) && count is 8 or 16 && Avx.IsSupported)
        {
            for (int h = 0; h < count; h += 8)
            {
                ref float source = ref Unsafe.Add(ref Unsafe.As<T, float>(ref lanes), h);
                ref float destination = ref Unsafe.Add(ref Unsafe.As<T, float>(ref samples), h * dim);
                int i = 0;
                for (; i + 8 <= dim; i += 8)
                {
                    // Rows: components i … i + 7, each across 8 samples; after the transpose, row j is sample j's 8 components.
                    Transpose8x8(ref Unsafe.Add(ref source, i * count), count, ref Unsafe.Add(ref destination, i), dim);
                }

                // A remainder of 4 to 7 components (dim 4, 36, 12, …) takes 4 of them through registers as well: l ≤ 5's
                // 36 components otherwise left 32 single-float copies per 8 samples.
                if (i + 4 <= dim)
                {
                    LanesToSamples4(ref Unsafe.Add(ref source, i * count), count, ref Unsafe.Add(ref destination, i), dim);
                    i += 4;
                }

                i0 = i;
            }
        }

        for (int j = 0; j < count; j++)
        {
            ref T sample = ref Unsafe.Add(ref samples, j * dim);
            for (int i = i0; i < dim; i++) Unsafe.Add(ref sample, i) = Unsafe.Add(ref lanes, i * count + j);
        }
    }

    /// <summary>Copies components 0 … 3 of 8 samples <paramref name="sampleStride"/> apart into 4 rows of 8 lanes, <paramref name="laneStride"/> apart.</summary>
    private static void SamplesToLanes4(ref float source, int sampleStride, ref float destination, int laneStride)
    {
        // Samples j and j + 4 share a register, one per 128-bit half; the 4 × 4 transpose within each half then
        // leaves component k of samples 0 … 3 in the low half of row k and of samples 4 … 7 in its high half.
        Vector256<float> s04 = Vector256.Create(Vector128.LoadUnsafe(ref source), Vector128.LoadUnsafe(ref source, (nuint)(4 * sampleStride)));
        Vector256<float> s15 = Vector256.Create(Vector128.LoadUnsafe(ref source, (nuint)sampleStride), Vector128.LoadUnsafe(ref source, (nuint)(5 * sampleStride)));
        Vector256<float> s26 = Vector256.Create(Vector128.LoadUnsafe(ref source, (nuint)(2 * sampleStride)), Vector128.LoadUnsafe(ref source, (nuint)(6 * sampleStride)));
        Vector256<float> s37 = Vector256.Create(Vector128.LoadUnsafe(ref source, (nuint)(3 * sampleStride)), Vector128.LoadUnsafe(ref source, (nuint)(7 * sampleStride)));
        (Vector256<float> c0, Vector256<float> c1, Vector256<float> c2, Vector256<float> c3) = Transpose4x4Halves(s04, s15, s26, s37);
        c0.StoreUnsafe(ref destination);
        c1.StoreUnsafe(ref destination, (nuint)laneStride);
        c2.StoreUnsafe(ref destination, (nuint)(2 * laneStride));
        c3.StoreUnsafe(ref destination, (nuint)(3 * laneStride));
    }

    /// <summary>Copies 4 rows of 8 lanes, <paramref name="laneStride"/> apart, to components 0 … 3 of 8 samples <paramref name="sampleStride"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LanesToSamples4(ref float source, int laneStride, ref float destination, int sampleStride)
    {
        (Vector256<float> s04, Vector256<float> s15, Vector256<float> s26, Vector256<float> s37) = Transpose4x4Halves(
            Vector256.LoadUnsafe(ref source), Vector256.LoadUnsafe(ref source, (nuint)laneStride),
            Vector256.LoadUnsafe(ref source, (nuint)(2 * laneStride)), Vector256.LoadUnsafe(ref source, (nuint)(3 * laneStride)));
        s04.GetLower().StoreUnsafe(ref destination);
        s15.GetLower().StoreUnsafe(ref destination, (nuint)sampleStride);
        s26.GetLower().StoreUnsafe(ref destination, (nuint)(2 * sampleStride));
        s37.GetLower().StoreUnsafe(ref destination, (nuint)(3 * sampleStride));
        s04.GetUpper().StoreUnsafe(ref destination, (nuint)(4 * sampleStride));
        s15.GetUpper().StoreUnsafe(ref destination, (nuint)(5 * sampleStride));
        s26.GetUpper().StoreUnsafe(ref destination, (nuint)(6 * sampleStride));
        s37.GetUpper().StoreUnsafe(ref destination, (nuint)(7 * sampleStride));
    }

    /// <summary>Transposes the 4 × 4 block in each 128-bit half of four registers (row r's half becomes column r).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>) Transpose4x4Halves(
        Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3)
    {
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        return (Avx.Shuffle(t0, t2, 0x44), Avx.Shuffle(t0, t2, 0xEE), Avx.Shuffle(t1, t3, 0x44), Avx.Shuffle(t1, t3, 0xEE));
    }

    /// <summary>Writes the transpose of the 8 × 8 block whose rows start <paramref name="sourceStride"/> apart to rows <paramref name="destinationStride"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(ref float source, int sourceStride, ref float destination, int destinationStride)
    {
        Vector256<float> r0 = Vector256.LoadUnsafe(ref source), r1 = Vector256.LoadUnsafe(ref source, (nuint)sourceStride);
        Vector256<float> r2 = Vector256.LoadUnsafe(ref source, (nuint)(2 * sourceStride)), r3 = Vector256.LoadUnsafe(ref source, (nuint)(3 * sourceStride));
        Vector256<float> r4 = Vector256.LoadUnsafe(ref source, (nuint)(4 * sourceStride)), r5 = Vector256.LoadUnsafe(ref source, (nuint)(5 * sourceStride));
        Vector256<float> r6 = Vector256.LoadUnsafe(ref source, (nuint)(6 * sourceStride)), r7 = Vector256.LoadUnsafe(ref source, (nuint)(7 * sourceStride));

        // Interleave pairs of rows, then pairs of pairs, within each 128-bit half; then swap the halves.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE), u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref destination);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref destination, (nuint)destinationStride);
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref destination, (nuint)(2 * destinationStride));
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref destination, (nuint)(3 * destinationStride));
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref destination, (nuint)(4 * destinationStride));
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref destination, (nuint)(5 * destinationStride));
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref destination, (nuint)(6 * destinationStride));
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref destination, (nuint)(7 * destinationStride));
    }
}
