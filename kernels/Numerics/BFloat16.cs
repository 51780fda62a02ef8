using System;
using System.Globalization;

namespace TensorGen.Numerics;

/// <summary>
/// The bfloat16 format: the top 16 bits of an IEEE binary32 (1 sign, 8 exponent, 7 fraction bits).
/// Conversions from <see cref="float"/> and <see cref="double"/> round to nearest, ties to even, once;
/// overflow gives infinity; a NaN stays a NaN (its sign and top payload bits kept, the quiet bit set),
/// never an infinity. Conversion to <see cref="float"/> is exact.
/// </summary>
public readonly struct BFloat16 : IEquatable<BFloat16>, IFormattable
{
    private readonly ushort _bits;

    private BFloat16(ushort bits) => _bits = bits;

    /// <summary>The value with the given bit pattern.</summary>
    public static BFloat16 FromBits(ushort bits) => new(bits);

    /// <summary>The bit pattern.</summary>
    public ushort ToBits() => _bits;

    /// <summary>Positive zero.</summary>
    public static BFloat16 Zero => new(0);

    /// <summary>One.</summary>
    public static BFloat16 One => new(0x3F80);

    /// <summary>The largest finite value, (2 − 2⁻⁷)·2¹²⁷.</summary>
    public static BFloat16 MaxValue => new(0x7F7F);

    /// <summary>Positive infinity.</summary>
    public static BFloat16 PositiveInfinity => new(0x7F80);

    /// <summary>Negative infinity.</summary>
    public static BFloat16 NegativeInfinity => new(0xFF80);

    /// <summary>The canonical quiet NaN.</summary>
    public static BFloat16 NaN => new(0x7FC0);

    /// <summary>Whether the value is a NaN.</summary>
    public bool IsNaN => (_bits & 0x7FFF) > 0x7F80;

    /// <summary>Rounds a float to nearest, ties to even.</summary>
    public static BFloat16 FromSingle(float value) => new(BFloat16Codec.Encode(BitConverter.SingleToUInt32Bits(value)));

    /// <summary>Rounds a double to nearest, ties to even, in one rounding (no double rounding through float).</summary>
    public static BFloat16 FromDouble(double value) => new(BFloat16Codec.EncodeDouble(value));

    /// <summary>The exact value as a float.</summary>
    public float ToSingle() => BitConverter.UInt32BitsToSingle((uint)_bits << 16);

    /// <summary>Rounds a float to nearest, ties to even.</summary>
    public static explicit operator BFloat16(float value) => FromSingle(value);

    /// <summary>Rounds a double to nearest, ties to even.</summary>
    public static explicit operator BFloat16(double value) => FromDouble(value);

    /// <summary>The exact value.</summary>
    public static explicit operator float(BFloat16 value) => value.ToSingle();

    /// <summary>The exact value.</summary>
    public static explicit operator double(BFloat16 value) => value.ToSingle();

    /// <summary>Bitwise equality of the encodings (so NaN equals the same NaN and +0 differs from −0).</summary>
    public bool Equals(BFloat16 other) => _bits == other._bits;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is BFloat16 other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _bits;

    /// <summary>Bitwise equality of the encodings.</summary>
    public static bool operator ==(BFloat16 left, BFloat16 right) => left.Equals(right);

    /// <summary>Bitwise inequality of the encodings.</summary>
    public static bool operator !=(BFloat16 left, BFloat16 right) => !left.Equals(right);

    /// <summary>The value, printed as the shortest float text that round-trips (invariant culture).</summary>
    public override string ToString() => ToSingle().ToString("R", CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToSingle().ToString(format, formatProvider);
}

/// <summary>The scalar bfloat16 codec, shared by the type and the scalar paths of the span converters.</summary>
internal static class BFloat16Codec
{
    public static ushort Encode(uint bits)
    {
        if ((bits & 0x7FFF_FFFF) > 0x7F80_0000)
        {
            return (ushort)((bits >> 16) | 0x0040); // NaN: keep sign and top payload, set the quiet bit
        }

        uint rounding = 0x7FFF + ((bits >> 16) & 1);
        return (ushort)((bits + rounding) >> 16);
    }

    public static ushort EncodeDouble(double value)
    {
        if (double.IsNaN(value))
        {
            ulong d = BitConverter.DoubleToUInt64Bits(value);
            return (ushort)(((d >> 48) & 0x8000) | 0x7FC0 | ((d >> 45) & 0x3F));
        }

        // Round to odd into float (24 bits), then to nearest even into 8 bits: one correct rounding.
        float f = (float)value;
        uint bits = BitConverter.SingleToUInt32Bits(f);
        if ((double)f != value && (bits & 1) == 0)
        {
            bits = Math.Abs((double)f) > Math.Abs(value) ? bits - 1 : bits + 1;
        }

        return Encode(bits);
    }
}
