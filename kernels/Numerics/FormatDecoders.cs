using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TensorGen.Numerics;

/// <summary>
/// Widens a storage format to float inside vector registers: the kernels and the span converters load raw
/// storage bits (zero-extended into 32-bit lanes) and call these; the scalar member is the exact codec.
/// </summary>
internal interface IFormatDecoder<TStorage>
    where TStorage : unmanaged
{
    static abstract float Scalar(TStorage value);

    static abstract Vector128<float> Decode(Vector128<uint> bits);

    static abstract Vector256<float> Decode(Vector256<uint> bits);

    static abstract Vector512<float> Decode(Vector512<uint> bits);
}

/// <summary>bfloat16: a shift by 16.</summary>
internal readonly struct BFloat16Decoder : IFormatDecoder<BFloat16>
{
    public static float Scalar(BFloat16 value) => value.ToSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Decode(Vector128<uint> bits) => (bits << 16).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Decode(Vector256<uint> bits) => (bits << 16).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Decode(Vector512<uint> bits) => (bits << 16).AsSingle();
}

/// <summary>
/// IEEE half: exponent and fraction shifted into place and scaled by 2¹¹² (exact for normals and subnormals);
/// infinities and NaNs (quieted, payload kept) as <see cref="System.Half"/>'s own conversion gives them.
/// </summary>
internal readonly struct HalfDecoder : IFormatDecoder<Half>
{
    private const float TwoTo112 = 5.192296858534828e33f;

    public static float Scalar(Half value) => HalfBits.ToSingle(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Decode(Vector128<uint> bits)
    {
        Vector128<uint> sign = (bits & Vector128.Create(0x8000u)) << 16;
        Vector128<uint> em = bits & Vector128.Create(0x7FFFu);
        Vector128<float> finite = (em << 13).AsSingle() * Vector128.Create(TwoTo112);
        Vector128<uint> special = Vector128.Create(0x7F80_0000u) | (em << 13)
            | (Vector128.GreaterThan(em, Vector128.Create(0x7C00u)) & Vector128.Create(0x0040_0000u));
        Vector128<uint> magnitude = Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(em, Vector128.Create(0x7C00u)), special, finite.AsUInt32());
        return (magnitude | sign).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Decode(Vector256<uint> bits)
    {
        Vector256<uint> sign = (bits & Vector256.Create(0x8000u)) << 16;
        Vector256<uint> em = bits & Vector256.Create(0x7FFFu);
        Vector256<float> finite = (em << 13).AsSingle() * Vector256.Create(TwoTo112);
        Vector256<uint> special = Vector256.Create(0x7F80_0000u) | (em << 13)
            | (Vector256.GreaterThan(em, Vector256.Create(0x7C00u)) & Vector256.Create(0x0040_0000u));
        Vector256<uint> magnitude = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(em, Vector256.Create(0x7C00u)), special, finite.AsUInt32());
        return (magnitude | sign).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Decode(Vector512<uint> bits)
    {
        Vector512<uint> sign = (bits & Vector512.Create(0x8000u)) << 16;
        Vector512<uint> em = bits & Vector512.Create(0x7FFFu);
        Vector512<float> finite = (em << 13).AsSingle() * Vector512.Create(TwoTo112);
        Vector512<uint> special = Vector512.Create(0x7F80_0000u) | (em << 13)
            | (Vector512.GreaterThan(em, Vector512.Create(0x7C00u)) & Vector512.Create(0x0040_0000u));
        Vector512<uint> magnitude = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(em, Vector512.Create(0x7C00u)), special, finite.AsUInt32());
        return (magnitude | sign).AsSingle();
    }
}

/// <summary>posit8 (es = 0): table gather on x86 (<see cref="PositTables"/>), branch-free arithmetic decode elsewhere.</summary>
internal readonly struct Posit8Decoder : IFormatDecoder<Posit8>
{
    public static float Scalar(Posit8 value) => value.ToSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Decode(Vector128<uint> bits) => PositVectorDecode128.Decode(bits, 8, 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector256<float> Decode(Vector256<uint> bits) =>
        Avx2.IsSupported ? PositTables.Gather(PositTables.Posit8, bits) : PositVectorDecode256.Decode(bits, 8, 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector512<float> Decode(Vector512<uint> bits) =>
        Avx2.IsSupported ? PositTables.Gather(PositTables.Posit8, bits) : PositVectorDecode512.Decode(bits, 8, 0);
}

/// <summary>
/// posit16 (es = 1): on AVX2 the bit-building decode (<see cref="PositVectorDecode256.Decode16Avx2"/>), ahead of the
/// 256 KiB table's gather in six of seven report runs; 512-bit vectors keep the gather (not measured against it), others the generic arithmetic decode.
/// </summary>
internal readonly struct Posit16Decoder : IFormatDecoder<Posit16>
{
    public static float Scalar(Posit16 value) => value.ToSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Decode(Vector128<uint> bits) => PositVectorDecode128.Decode(bits, 16, 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector256<float> Decode(Vector256<uint> bits) =>
        Avx2.IsSupported ? PositVectorDecode256.Decode16Avx2(bits, 1) : PositVectorDecode256.Decode(bits, 16, 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector512<float> Decode(Vector512<uint> bits) =>
        Avx2.IsSupported ? PositTables.Gather(PositTables.Posit16, bits) : PositVectorDecode512.Decode(bits, 16, 1);
}

/// <summary>posit16 with es = 2: as <see cref="Posit16Decoder"/>, the same decodes with two exponent bits.</summary>
internal readonly struct Posit16Es2Decoder : IFormatDecoder<Posit16Es2>
{
    public static float Scalar(Posit16Es2 value) => value.ToSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Decode(Vector128<uint> bits) => PositVectorDecode128.Decode(bits, 16, 2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector256<float> Decode(Vector256<uint> bits) =>
        Avx2.IsSupported ? PositVectorDecode256.Decode16Avx2(bits, 2) : PositVectorDecode256.Decode(bits, 16, 2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector512<float> Decode(Vector512<uint> bits) =>
        Avx2.IsSupported ? PositTables.Gather(PositTables.Posit16Es2, bits) : PositVectorDecode512.Decode(bits, 16, 2);
}

/// <summary>
/// Loads one chunk of storage (as many elements as a vector holds 16-bit lanes) and decodes it into two float
/// vectors. 16-bit formats load a full register; 8-bit formats load half of one and widen twice.
/// </summary>
internal static class StorageLoad
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Load128<TStorage, TDecoder>(ref TStorage source, out Vector128<float> low, out Vector128<float> high)
        where TStorage : unmanaged
        where TDecoder : IFormatDecoder<TStorage>
    {
        Vector128<ushort> raw = Unsafe.SizeOf<TStorage>() == 2
            ? Vector128.LoadUnsafe(ref Unsafe.As<TStorage, ushort>(ref source))
            : Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<TStorage, byte>(ref source))).AsByte());
        low = TDecoder.Decode(Vector128.WidenLower(raw));
        high = TDecoder.Decode(Vector128.WidenUpper(raw));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Load256<TStorage, TDecoder>(ref TStorage source, out Vector256<float> low, out Vector256<float> high)
        where TStorage : unmanaged
        where TDecoder : IFormatDecoder<TStorage>
    {
        if (Avx2.IsSupported)
        {
            // vpmovzx from memory: one load and one in-lane widening per eight elements, no cross-lane shuffles.
            if (Unsafe.SizeOf<TStorage>() == 2)
            {
                ref ushort bits = ref Unsafe.As<TStorage, ushort>(ref source);
                low = TDecoder.Decode(Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref bits)).AsUInt32());
                high = TDecoder.Decode(Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref bits, 8)).AsUInt32());
            }
            else
            {
                ref byte bytes = ref Unsafe.As<TStorage, byte>(ref source);
                low = TDecoder.Decode(Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref bytes)).AsByte()).AsUInt32());
                high = TDecoder.Decode(Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref bytes, 8))).AsByte()).AsUInt32());
            }

            return;
        }

        Vector256<ushort> raw = Unsafe.SizeOf<TStorage>() == 2
            ? Vector256.LoadUnsafe(ref Unsafe.As<TStorage, ushort>(ref source))
            : Vector256.WidenLower(Vector128.LoadUnsafe(ref Unsafe.As<TStorage, byte>(ref source)).ToVector256Unsafe());
        low = TDecoder.Decode(Vector256.WidenLower(raw));
        high = TDecoder.Decode(Vector256.WidenUpper(raw));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Load512<TStorage, TDecoder>(ref TStorage source, out Vector512<float> low, out Vector512<float> high)
        where TStorage : unmanaged
        where TDecoder : IFormatDecoder<TStorage>
    {
        if (Avx512F.IsSupported)
        {
            // vpmovzx from memory, as on AVX2: the portable WidenUpper of a 512-bit register costs a cross-lane extract.
            if (Unsafe.SizeOf<TStorage>() == 2)
            {
                ref ushort bits = ref Unsafe.As<TStorage, ushort>(ref source);
                low = TDecoder.Decode(Avx512F.ConvertToVector512UInt32(Vector256.LoadUnsafe(ref bits)));
                high = TDecoder.Decode(Avx512F.ConvertToVector512UInt32(Vector256.LoadUnsafe(ref bits, 16)));
            }
            else
            {
                ref byte bytes = ref Unsafe.As<TStorage, byte>(ref source);
                low = TDecoder.Decode(Avx512F.ConvertToVector512UInt32(Vector128.LoadUnsafe(ref bytes)));
                high = TDecoder.Decode(Avx512F.ConvertToVector512UInt32(Vector128.LoadUnsafe(ref bytes, 16)));
            }

            return;
        }

        Vector512<ushort> raw = Unsafe.SizeOf<TStorage>() == 2
            ? Vector512.LoadUnsafe(ref Unsafe.As<TStorage, ushort>(ref source))
            : Vector512.WidenLower(Vector256.LoadUnsafe(ref Unsafe.As<TStorage, byte>(ref source)).ToVector512Unsafe());
        low = TDecoder.Decode(Vector512.WidenLower(raw));
        high = TDecoder.Decode(Vector512.WidenUpper(raw));
    }
}
