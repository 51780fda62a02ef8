using System;
using System.Globalization;

namespace TensorGen.Numerics;

/// <summary>
/// An 8-bit posit with es = 0 (SoftPosit's posit8): maxpos 64, minpos 1/64, NaR = 0x80. Encoding rounds to
/// nearest, ties to even, saturating at maxpos/minpos; NaN and infinities become NaR, which decodes to NaN.
/// </summary>
public readonly struct Posit8 : IEquatable<Posit8>
{
    private readonly byte _bits;

    private Posit8(byte bits) => _bits = bits;

    /// <summary>The posit with the given bit pattern.</summary>
    public static Posit8 FromBits(byte bits) => new(bits);

    /// <summary>The bit pattern.</summary>
    public byte ToBits() => _bits;

    /// <summary>Not a Real (0x80).</summary>
    public static Posit8 NaR => new(0x80);

    /// <summary>The largest posit, 64.</summary>
    public static Posit8 MaxValue => new(0x7F);

    /// <summary>The smallest positive posit, 1/64.</summary>
    public static Posit8 MinPositive => new(0x01);

    /// <summary>Whether this is NaR.</summary>
    public bool IsNaR => _bits == 0x80;

    /// <summary>Rounds a float to the nearest posit8.</summary>
    public static Posit8 FromSingle(float value) => new((byte)PositCodec.EncodeSingle(value, 8, 0));

    /// <summary>Rounds a double to the nearest posit8 (one rounding).</summary>
    public static Posit8 FromDouble(double value) => new((byte)PositCodec.EncodeDouble(value, 8, 0));

    /// <summary>The exact value (NaN for NaR).</summary>
    public float ToSingle() => PositCodec.Decode(_bits, 8, 0);

    /// <summary>Rounds to the nearest posit8.</summary>
    public static explicit operator Posit8(float value) => FromSingle(value);

    /// <summary>Rounds to the nearest posit8.</summary>
    public static explicit operator Posit8(double value) => FromDouble(value);

    /// <summary>The exact value (NaN for NaR).</summary>
    public static explicit operator float(Posit8 value) => value.ToSingle();

    /// <summary>The exact value (NaN for NaR).</summary>
    public static explicit operator double(Posit8 value) => value.ToSingle();

    /// <summary>Equality of encodings (NaR equals NaR, as in the posit standard).</summary>
    public bool Equals(Posit8 other) => _bits == other._bits;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Posit8 other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _bits;

    /// <summary>Equality of encodings.</summary>
    public static bool operator ==(Posit8 left, Posit8 right) => left.Equals(right);

    /// <summary>Inequality of encodings.</summary>
    public static bool operator !=(Posit8 left, Posit8 right) => !left.Equals(right);

    /// <summary>The value (round-trip float text), or <c>NaR</c>.</summary>
    public override string ToString() => IsNaR ? "NaR" : ToSingle().ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>
/// A 16-bit posit with es = 1 (SoftPosit's posit16): maxpos 2²⁸, minpos 2⁻²⁸, NaR = 0x8000. Encoding rounds to
/// nearest, ties to even, saturating at maxpos/minpos; NaN and infinities become NaR, which decodes to NaN.
/// </summary>
public readonly struct Posit16 : IEquatable<Posit16>
{
    private readonly ushort _bits;

    private Posit16(ushort bits) => _bits = bits;

    /// <summary>The posit with the given bit pattern.</summary>
    public static Posit16 FromBits(ushort bits) => new(bits);

    /// <summary>The bit pattern.</summary>
    public ushort ToBits() => _bits;

    /// <summary>Not a Real (0x8000).</summary>
    public static Posit16 NaR => new(0x8000);

    /// <summary>The largest posit, 2²⁸.</summary>
    public static Posit16 MaxValue => new(0x7FFF);

    /// <summary>The smallest positive posit, 2⁻²⁸.</summary>
    public static Posit16 MinPositive => new(0x0001);

    /// <summary>Whether this is NaR.</summary>
    public bool IsNaR => _bits == 0x8000;

    /// <summary>Rounds a float to the nearest posit16.</summary>
    public static Posit16 FromSingle(float value) => new((ushort)PositCodec.EncodeSingle(value, 16, 1));

    /// <summary>Rounds a double to the nearest posit16 (one rounding).</summary>
    public static Posit16 FromDouble(double value) => new((ushort)PositCodec.EncodeDouble(value, 16, 1));

    /// <summary>The exact value (NaN for NaR).</summary>
    public float ToSingle() => PositCodec.Decode(_bits, 16, 1);

    /// <summary>Rounds to the nearest posit16.</summary>
    public static explicit operator Posit16(float value) => FromSingle(value);

    /// <summary>Rounds to the nearest posit16.</summary>
    public static explicit operator Posit16(double value) => FromDouble(value);

    /// <summary>The exact value (NaN for NaR).</summary>
    public static explicit operator float(Posit16 value) => value.ToSingle();

    /// <summary>The exact value (NaN for NaR).</summary>
    public static explicit operator double(Posit16 value) => value.ToSingle();

    /// <summary>Equality of encodings.</summary>
    public bool Equals(Posit16 other) => _bits == other._bits;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Posit16 other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _bits;

    /// <summary>Equality of encodings.</summary>
    public static bool operator ==(Posit16 left, Posit16 right) => left.Equals(right);

    /// <summary>Inequality of encodings.</summary>
    public static bool operator !=(Posit16 left, Posit16 right) => !left.Equals(right);

    /// <summary>The value (round-trip float text), or <c>NaR</c>.</summary>
    public override string ToString() => IsNaR ? "NaR" : ToSingle().ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>
/// A 16-bit posit with es = 2 (the 2022 posit standard's posit16): maxpos 2⁵⁶, minpos 2⁻⁵⁶, NaR = 0x8000.
/// Encoding rounds to nearest, ties to even, saturating at maxpos/minpos (no underflow to zero);
/// NaN and infinities become NaR, which decodes to NaN.
/// </summary>
public readonly struct Posit16Es2 : IEquatable<Posit16Es2>
{
    private readonly ushort _bits;

    private Posit16Es2(ushort bits) => _bits = bits;

    /// <summary>The posit with the given bit pattern.</summary>
    public static Posit16Es2 FromBits(ushort bits) => new(bits);

    /// <summary>The bit pattern.</summary>
    public ushort ToBits() => _bits;

    /// <summary>Not a Real (0x8000).</summary>
    public static Posit16Es2 NaR => new(0x8000);

    /// <summary>The largest posit, 2⁵⁶.</summary>
    public static Posit16Es2 MaxValue => new(0x7FFF);

    /// <summary>The smallest positive posit, 2⁻⁵⁶.</summary>
    public static Posit16Es2 MinPositive => new(0x0001);

    /// <summary>Whether this is NaR.</summary>
    public bool IsNaR => _bits == 0x8000;

    /// <summary>Rounds a float to the nearest posit.</summary>
    public static Posit16Es2 FromSingle(float value) => new((ushort)PositCodec.EncodeSingle(value, 16, 2));

    /// <summary>Rounds a double to the nearest posit (one rounding).</summary>
    public static Posit16Es2 FromDouble(double value) => new((ushort)PositCodec.EncodeDouble(value, 16, 2));

    /// <summary>The exact value (NaN for NaR).</summary>
    public float ToSingle() => PositCodec.Decode(_bits, 16, 2);

    /// <summary>Rounds to the nearest posit.</summary>
    public static explicit operator Posit16Es2(float value) => FromSingle(value);

    /// <summary>Rounds to the nearest posit.</summary>
    public static explicit operator Posit16Es2(double value) => FromDouble(value);

    /// <summary>The exact value (NaN for NaR).</summary>
    public static explicit operator float(Posit16Es2 value) => value.ToSingle();

    /// <summary>The exact value (NaN for NaR).</summary>
    public static explicit operator double(Posit16Es2 value) => value.ToSingle();

    /// <summary>Equality of encodings.</summary>
    public bool Equals(Posit16Es2 other) => _bits == other._bits;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Posit16Es2 other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _bits;

    /// <summary>Equality of encodings.</summary>
    public static bool operator ==(Posit16Es2 left, Posit16Es2 right) => left.Equals(right);

    /// <summary>Inequality of encodings.</summary>
    public static bool operator !=(Posit16Es2 left, Posit16Es2 right) => !left.Equals(right);

    /// <summary>The value (round-trip float text), or <c>NaR</c>.</summary>
    public override string ToString() => IsNaR ? "NaR" : ToSingle().ToString("R", CultureInfo.InvariantCulture);
}
