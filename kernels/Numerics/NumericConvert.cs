using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TensorGen.Numerics;

/// <summary>
/// Span converters between float and the compact formats. Decoding (to float) and float → bfloat16 / half run
/// on the vector path <see cref="KernelDispatch.Current"/> selects and give bit-for-bit the scalar codec's
/// results on every path; float → posit encodes with the scalar codec.
/// </summary>
public static class NumericConvert
{
    /// <summary>Decodes bfloat16 values (exact).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void ToSingle(ReadOnlySpan<BFloat16> source, Span<float> destination) => Decode<BFloat16, BFloat16Decoder>(source, destination);

    /// <summary>Decodes halves (exact; NaNs quieted as <see cref="Half"/>'s conversion does).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void ToSingle(ReadOnlySpan<Half> source, Span<float> destination) => Decode<Half, HalfDecoder>(source, destination);

    /// <summary>Decodes posit8 values (exact; NaR becomes NaN).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void ToSingle(ReadOnlySpan<Posit8> source, Span<float> destination) => Decode<Posit8, Posit8Decoder>(source, destination);

    /// <summary>Decodes posit16 values (exact; NaR becomes NaN).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void ToSingle(ReadOnlySpan<Posit16> source, Span<float> destination) => Decode<Posit16, Posit16Decoder>(source, destination);

    /// <summary>Decodes posit16 (es = 2) values (exact; NaR becomes NaN).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void ToSingle(ReadOnlySpan<Posit16Es2> source, Span<float> destination) => Decode<Posit16Es2, Posit16Es2Decoder>(source, destination);

    /// <summary>Rounds floats to bfloat16 (nearest, ties to even; NaN stays NaN).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void ToBFloat16(ReadOnlySpan<float> source, Span<BFloat16> destination)
    {
        CheckLengths(source.Length, destination.Length);
        ReadOnlySpan<uint> bits = MemoryMarshal.Cast<float, uint>(source);
        Span<ushort> output = MemoryMarshal.Cast<BFloat16, ushort>(destination);
        int i = 0;
        ref uint src = ref MemoryMarshal.GetReference(bits);
        ref ushort dst = ref MemoryMarshal.GetReference(output);
        switch (KernelDispatch.Current)
        {
            case VectorPath.Vector512:
                for (; i <= bits.Length - 32; i += 32)
                {
                    Vector512.Narrow(EncodeBFloat16(Vector512.LoadUnsafe(ref src, (nuint)i)), EncodeBFloat16(Vector512.LoadUnsafe(ref src, (nuint)i + 16)))
                        .StoreUnsafe(ref dst, (nuint)i);
                }

                break;
            case VectorPath.Vector256:
                for (; i <= bits.Length - 16; i += 16)
                {
                    Vector256.Narrow(EncodeBFloat16(Vector256.LoadUnsafe(ref src, (nuint)i)), EncodeBFloat16(Vector256.LoadUnsafe(ref src, (nuint)i + 8)))
                        .StoreUnsafe(ref dst, (nuint)i);
                }

                break;
            case VectorPath.Vector128:
                for (; i <= bits.Length - 8; i += 8)
                {
                    Vector128.Narrow(EncodeBFloat16(Vector128.LoadUnsafe(ref src, (nuint)i)), EncodeBFloat16(Vector128.LoadUnsafe(ref src, (nuint)i + 4)))
                        .StoreUnsafe(ref dst, (nuint)i);
                }

                break;
        }

        for (; i < bits.Length; i++) output[i] = BFloat16Codec.Encode(bits[i]);
    }

    /// <summary>Rounds floats to halves (nearest, ties to even), bit for bit as <c>(Half)x</c>.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void ToHalf(ReadOnlySpan<float> source, Span<Half> destination)
    {
        CheckLengths(source.Length, destination.Length);
        ReadOnlySpan<uint> bits = MemoryMarshal.Cast<float, uint>(source);
        Span<ushort> output = MemoryMarshal.Cast<Half, ushort>(destination);
        int i = 0;
        ref uint src = ref MemoryMarshal.GetReference(bits);
        ref ushort dst = ref MemoryMarshal.GetReference(output);
        switch (KernelDispatch.Current)
        {
            case VectorPath.Vector512:
                for (; i <= bits.Length - 32; i += 32)
                {
                    Vector512.Narrow(EncodeHalf(Vector512.LoadUnsafe(ref src, (nuint)i)), EncodeHalf(Vector512.LoadUnsafe(ref src, (nuint)i + 16)))
                        .StoreUnsafe(ref dst, (nuint)i);
                }

                break;
            case VectorPath.Vector256:
                for (; i <= bits.Length - 16; i += 16)
                {
                    Vector256.Narrow(EncodeHalf(Vector256.LoadUnsafe(ref src, (nuint)i)), EncodeHalf(Vector256.LoadUnsafe(ref src, (nuint)i + 8)))
                        .StoreUnsafe(ref dst, (nuint)i);
                }

                break;
            case VectorPath.Vector128:
                for (; i <= bits.Length - 8; i += 8)
                {
                    Vector128.Narrow(EncodeHalf(Vector128.LoadUnsafe(ref src, (nuint)i)), EncodeHalf(Vector128.LoadUnsafe(ref src, (nuint)i + 4)))
                        .StoreUnsafe(ref dst, (nuint)i);
                }

                break;
        }

        for (; i < bits.Length; i++) destination[i] = (Half)source[i];
    }

    /// <summary>Rounds floats to posit8 (scalar codec).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void ToPosit8(ReadOnlySpan<float> source, Span<Posit8> destination)
    {
        CheckLengths(source.Length, destination.Length);
        for (int i = 0; i < source.Length; i++) destination[i] = Posit8.FromSingle(source[i]);
    }

    /// <summary>Rounds floats to posit16 (scalar codec).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void ToPosit16(ReadOnlySpan<float> source, Span<Posit16> destination)
    {
        CheckLengths(source.Length, destination.Length);
        for (int i = 0; i < source.Length; i++) destination[i] = Posit16.FromSingle(source[i]);
    }

    /// <summary>Rounds floats to posit16 with es = 2 (scalar codec).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void ToPosit16Es2(ReadOnlySpan<float> source, Span<Posit16Es2> destination)
    {
        CheckLengths(source.Length, destination.Length);
        for (int i = 0; i < source.Length; i++) destination[i] = Posit16Es2.FromSingle(source[i]);
    }

    private static void CheckLengths(int source, int destination)
    {
        if (source != destination)
        {
            throw new ArgumentException($"'destination' holds {destination} elements; 'source' holds {source}.", "destination");
        }
    }

    internal static void Decode<TStorage, TDecoder>(ReadOnlySpan<TStorage> source, Span<float> destination)
        where TStorage : unmanaged
        where TDecoder : IFormatDecoder<TStorage>
    {
        CheckLengths(source.Length, destination.Length);
        int i = 0, n = source.Length;
        ref TStorage src = ref MemoryMarshal.GetReference(source);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        switch (KernelDispatch.Current)
        {
            case VectorPath.Vector512:
                for (; i <= n - 32; i += 32)
                {
                    StorageLoad.Load512<TStorage, TDecoder>(ref Unsafe.Add(ref src, i), out Vector512<float> low, out Vector512<float> high);
                    low.StoreUnsafe(ref dst, (nuint)i);
                    high.StoreUnsafe(ref dst, (nuint)i + 16);
                }

                break;
            case VectorPath.Vector256:
                for (; i <= n - 16; i += 16)
                {
                    StorageLoad.Load256<TStorage, TDecoder>(ref Unsafe.Add(ref src, i), out Vector256<float> low, out Vector256<float> high);
                    low.StoreUnsafe(ref dst, (nuint)i);
                    high.StoreUnsafe(ref dst, (nuint)i + 8);
                }

                break;
            case VectorPath.Vector128:
                for (; i <= n - 8; i += 8)
                {
                    StorageLoad.Load128<TStorage, TDecoder>(ref Unsafe.Add(ref src, i), out Vector128<float> low, out Vector128<float> high);
                    low.StoreUnsafe(ref dst, (nuint)i);
                    high.StoreUnsafe(ref dst, (nuint)i + 4);
                }

                break;
        }

        for (; i < n; i++) destination[i] = TDecoder.Scalar(source[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> EncodeBFloat16(Vector128<uint> bits)
    {
        Vector128<uint> rounded = (bits + Vector128.Create(0x7FFFu) + ((bits >>> 16) & Vector128<uint>.One)) >>> 16;
        Vector128<uint> nan = (bits >>> 16) | Vector128.Create(0x40u);
        return Vector128.ConditionalSelect(Vector128.GreaterThan(bits & Vector128.Create(0x7FFF_FFFFu), Vector128.Create(0x7F80_0000u)), nan, rounded);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> EncodeBFloat16(Vector256<uint> bits)
    {
        Vector256<uint> rounded = (bits + Vector256.Create(0x7FFFu) + ((bits >>> 16) & Vector256<uint>.One)) >>> 16;
        Vector256<uint> nan = (bits >>> 16) | Vector256.Create(0x40u);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(bits & Vector256.Create(0x7FFF_FFFFu), Vector256.Create(0x7F80_0000u)), nan, rounded);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> EncodeBFloat16(Vector512<uint> bits)
    {
        Vector512<uint> rounded = (bits + Vector512.Create(0x7FFFu) + ((bits >>> 16) & Vector512<uint>.One)) >>> 16;
        Vector512<uint> nan = (bits >>> 16) | Vector512.Create(0x40u);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(bits & Vector512.Create(0x7FFF_FFFFu), Vector512.Create(0x7F80_0000u)), nan, rounded);
    }

    // float -> half, round to nearest even (after F. Giesen's float_to_half_fast3_rtne): normals by biased
    // integer rounding, subnormals by a float add of 0.5 that lets the FPU round, overflow to infinity,
    // NaN to a quiet NaN with its top payload bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> EncodeHalf(Vector128<uint> bits)
    {
        Vector128<uint> sign = (bits >>> 16) & Vector128.Create(0x8000u);
        Vector128<uint> a = bits & Vector128.Create(0x7FFF_FFFFu);
        Vector128<uint> normal = (a + Vector128.Create(0xC800_0FFFu) + ((a >>> 13) & Vector128<uint>.One)) >>> 13;
        Vector128<uint> subnormal = (a.AsSingle() + Vector128.Create(0.5f)).AsUInt32() - Vector128.Create(0x3F00_0000u);
        Vector128<uint> nan = Vector128.Create(0x7E00u) | ((a >>> 13) & Vector128.Create(0x3FFu));
        Vector128<uint> result = Vector128.ConditionalSelect(Vector128.LessThan(a, Vector128.Create(0x3880_0000u)), subnormal, normal);
        result = Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(a, Vector128.Create(0x4780_0000u)), Vector128.Create(0x7C00u), result);
        result = Vector128.ConditionalSelect(Vector128.GreaterThan(a, Vector128.Create(0x7F80_0000u)), nan, result);
        return result | sign;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> EncodeHalf(Vector256<uint> bits)
    {
        Vector256<uint> sign = (bits >>> 16) & Vector256.Create(0x8000u);
        Vector256<uint> a = bits & Vector256.Create(0x7FFF_FFFFu);
        Vector256<uint> normal = (a + Vector256.Create(0xC800_0FFFu) + ((a >>> 13) & Vector256<uint>.One)) >>> 13;
        Vector256<uint> subnormal = (a.AsSingle() + Vector256.Create(0.5f)).AsUInt32() - Vector256.Create(0x3F00_0000u);
        Vector256<uint> nan = Vector256.Create(0x7E00u) | ((a >>> 13) & Vector256.Create(0x3FFu));
        Vector256<uint> result = Vector256.ConditionalSelect(Vector256.LessThan(a, Vector256.Create(0x3880_0000u)), subnormal, normal);
        result = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(a, Vector256.Create(0x4780_0000u)), Vector256.Create(0x7C00u), result);
        result = Vector256.ConditionalSelect(Vector256.GreaterThan(a, Vector256.Create(0x7F80_0000u)), nan, result);
        return result | sign;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> EncodeHalf(Vector512<uint> bits)
    {
        Vector512<uint> sign = (bits >>> 16) & Vector512.Create(0x8000u);
        Vector512<uint> a = bits & Vector512.Create(0x7FFF_FFFFu);
        Vector512<uint> normal = (a + Vector512.Create(0xC800_0FFFu) + ((a >>> 13) & Vector512<uint>.One)) >>> 13;
        Vector512<uint> subnormal = (a.AsSingle() + Vector512.Create(0.5f)).AsUInt32() - Vector512.Create(0x3F00_0000u);
        Vector512<uint> nan = Vector512.Create(0x7E00u) | ((a >>> 13) & Vector512.Create(0x3FFu));
        Vector512<uint> result = Vector512.ConditionalSelect(Vector512.LessThan(a, Vector512.Create(0x3880_0000u)), subnormal, normal);
        result = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(a, Vector512.Create(0x4780_0000u)), Vector512.Create(0x7C00u), result);
        result = Vector512.ConditionalSelect(Vector512.GreaterThan(a, Vector512.Create(0x7F80_0000u)), nan, result);
        return result | sign;
    }
}
