using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;

namespace TensorGen.Gguf;

/// <summary>
/// One GGUF metadata value: a scalar of one of the twelve scalar types, a string, or an array of one element type
/// (arrays of arrays included). Immutable; equality is structural, and floats compare by bit pattern (a NaN equals
/// the same NaN). Read a scalar with <see cref="As{T}"/> and an array with <see cref="AsArray{T}"/>, where
/// <c>T</c> is the CLR type of the GGUF type: <see cref="byte"/>, <see cref="sbyte"/>, <see cref="ushort"/>,
/// <see cref="short"/>, <see cref="uint"/>, <see cref="int"/>, <see cref="float"/>, <see cref="bool"/>,
/// <see cref="string"/>, <see cref="ulong"/>, <see cref="long"/>, <see cref="double"/> (and
/// <see cref="GgufValue"/> for the elements of any array).
/// </summary>
public sealed class GgufValue : IEquatable<GgufValue>
{
    private readonly ulong _bits;
    private readonly string? _string;
    private readonly Array? _array;

    private GgufValue(GgufValueType type, ulong bits)
    {
        Type = type;
        _bits = bits;
    }

    private GgufValue(string value)
    {
        Type = GgufValueType.String;
        _string = value;
    }

    /// <summary>An array whose storage is the typed array of <paramref name="elementType"/>'s CLR type
    /// (<see cref="GgufValue"/>[] for nested arrays); the caller hands over the array.</summary>
    internal GgufValue(GgufValueType elementType, Array elements)
    {
        Type = GgufValueType.Array;
        ElementType = elementType;
        _array = elements;
    }

    /// <summary>The value's type.</summary>
    public GgufValueType Type { get; }

    /// <summary>The element type of an array; null for any other value.</summary>
    public GgufValueType? ElementType { get; }

    /// <summary>The number of elements of an array.</summary>
    /// <exception cref="InvalidOperationException">The value is not an array.</exception>
    public int Length => (_array ?? throw NotAn(GgufValueType.Array)).Length;

    /// <summary>Element <paramref name="index"/> of an array, as a value of the element type.</summary>
    /// <exception cref="InvalidOperationException">The value is not an array.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the array.</exception>
    public GgufValue this[int index]
    {
        get
        {
            Array array = _array ?? throw NotAn(GgufValueType.Array);
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, array.Length);
            return array switch
            {
                GgufValue[] values => values[index],
                string[] strings => new GgufValue(strings[index]),
                bool[] flags => new GgufValue(GgufValueType.Bool, flags[index] ? 1UL : 0UL),
                _ => new GgufValue(ElementType!.Value, ElementBits(array, index)),
            };
        }
    }

    /// <summary>An unsigned 8-bit value.</summary>
    public static GgufValue FromUInt8(byte value) => new(GgufValueType.UInt8, value);

    /// <summary>A signed 8-bit value.</summary>
    public static GgufValue FromInt8(sbyte value) => new(GgufValueType.Int8, (byte)value);

    /// <summary>An unsigned 16-bit value.</summary>
    public static GgufValue FromUInt16(ushort value) => new(GgufValueType.UInt16, value);

    /// <summary>A signed 16-bit value.</summary>
    public static GgufValue FromInt16(short value) => new(GgufValueType.Int16, (ushort)value);

    /// <summary>An unsigned 32-bit value.</summary>
    public static GgufValue FromUInt32(uint value) => new(GgufValueType.UInt32, value);

    /// <summary>A signed 32-bit value.</summary>
    public static GgufValue FromInt32(int value) => new(GgufValueType.Int32, (uint)value);

    /// <summary>A binary32 value (its bit pattern is kept, NaN payloads included).</summary>
    public static GgufValue FromFloat32(float value) => new(GgufValueType.Float32, BitConverter.SingleToUInt32Bits(value));

    /// <summary>A boolean value.</summary>
    public static GgufValue FromBool(bool value) => new(GgufValueType.Bool, value ? 1UL : 0UL);

    /// <summary>A string value.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static GgufValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new GgufValue(value);
    }

    /// <summary>An unsigned 64-bit value.</summary>
    public static GgufValue FromUInt64(ulong value) => new(GgufValueType.UInt64, value);

    /// <summary>A signed 64-bit value.</summary>
    public static GgufValue FromInt64(long value) => new(GgufValueType.Int64, (ulong)value);

    /// <summary>A binary64 value (its bit pattern is kept).</summary>
    public static GgufValue FromFloat64(double value) => new(GgufValueType.Float64, BitConverter.DoubleToUInt64Bits(value));

    /// <summary>An array of unsigned 8-bit values (copied).</summary>
    public static GgufValue FromArray(ReadOnlySpan<byte> elements) => new(GgufValueType.UInt8, elements.ToArray());

    /// <summary>An array of signed 8-bit values (copied).</summary>
    public static GgufValue FromArray(ReadOnlySpan<sbyte> elements) => new(GgufValueType.Int8, elements.ToArray());

    /// <summary>An array of unsigned 16-bit values (copied).</summary>
    public static GgufValue FromArray(ReadOnlySpan<ushort> elements) => new(GgufValueType.UInt16, elements.ToArray());

    /// <summary>An array of signed 16-bit values (copied).</summary>
    public static GgufValue FromArray(ReadOnlySpan<short> elements) => new(GgufValueType.Int16, elements.ToArray());

    /// <summary>An array of unsigned 32-bit values (copied).</summary>
    public static GgufValue FromArray(ReadOnlySpan<uint> elements) => new(GgufValueType.UInt32, elements.ToArray());

    /// <summary>An array of signed 32-bit values (copied).</summary>
    public static GgufValue FromArray(ReadOnlySpan<int> elements) => new(GgufValueType.Int32, elements.ToArray());

    /// <summary>An array of binary32 values (copied).</summary>
    public static GgufValue FromArray(ReadOnlySpan<float> elements) => new(GgufValueType.Float32, elements.ToArray());

    /// <summary>An array of booleans (copied).</summary>
    public static GgufValue FromArray(ReadOnlySpan<bool> elements) => new(GgufValueType.Bool, elements.ToArray());

    /// <summary>An array of unsigned 64-bit values (copied).</summary>
    public static GgufValue FromArray(ReadOnlySpan<ulong> elements) => new(GgufValueType.UInt64, elements.ToArray());

    /// <summary>An array of signed 64-bit values (copied).</summary>
    public static GgufValue FromArray(ReadOnlySpan<long> elements) => new(GgufValueType.Int64, elements.ToArray());

    /// <summary>An array of binary64 values (copied).</summary>
    public static GgufValue FromArray(ReadOnlySpan<double> elements) => new(GgufValueType.Float64, elements.ToArray());

    /// <summary>An array of strings (copied).</summary>
    /// <exception cref="ArgumentException">An element is null.</exception>
    public static GgufValue FromArray(ReadOnlySpan<string> elements)
    {
        string[] copy = elements.ToArray();
        if (Array.IndexOf(copy, null) is int at and >= 0)
        {
            throw new ArgumentException($"'{nameof(elements)}[{at}]' is null.", nameof(elements));
        }

        return new GgufValue(GgufValueType.String, copy);
    }

    /// <summary>
    /// An array of <paramref name="elementType"/> made of <paramref name="elements"/>, each of that type: the one way
    /// to build an array of arrays, and a way to build any other array from values.
    /// </summary>
    /// <exception cref="ArgumentException">An element is null or not of <paramref name="elementType"/>, or the type is not defined.</exception>
    public static GgufValue FromArray(GgufValueType elementType, IEnumerable<GgufValue> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        if (!Enum.IsDefined(elementType))
        {
            throw new ArgumentException($"'{nameof(elementType)}' is {(uint)elementType}, not a GGUF value type.", nameof(elementType));
        }

        GgufValue[] values = elements.ToArray();
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is null || values[i].Type != elementType)
            {
                throw new ArgumentException(
                    $"'{nameof(elements)}[{i}]' is {values[i]?.Type.ToString() ?? "null"}, not {elementType}.", nameof(elements));
            }
        }

        return elementType switch
        {
            GgufValueType.Array => new GgufValue(GgufValueType.Array, values),
            GgufValueType.String => new GgufValue(GgufValueType.String, values.Select(v => v._string!).ToArray()),
            GgufValueType.Bool => new GgufValue(GgufValueType.Bool, values.Select(v => v._bits != 0).ToArray()),
            _ => new GgufValue(elementType, ScalarArray(elementType, values.Select(v => v._bits).ToArray())),
        };
    }

    /// <summary>The scalar or string as <typeparamref name="T"/>, the CLR type of its GGUF type.</summary>
    /// <exception cref="InvalidOperationException">The value is an array, or of another type than <typeparamref name="T"/> stands for.</exception>
    public T As<T>()
    {
        GgufValueType wanted = TypeOf<T>(nameof(T));
        if (Type != wanted)
        {
            throw NotAn(wanted);
        }

        object boxed = Type switch
        {
            GgufValueType.UInt8 => (byte)_bits,
            GgufValueType.Int8 => (sbyte)(byte)_bits,
            GgufValueType.UInt16 => (ushort)_bits,
            GgufValueType.Int16 => (short)(ushort)_bits,
            GgufValueType.UInt32 => (uint)_bits,
            GgufValueType.Int32 => (int)(uint)_bits,
            GgufValueType.Float32 => BitConverter.UInt32BitsToSingle((uint)_bits),
            GgufValueType.Bool => _bits != 0,
            GgufValueType.String => _string!,
            GgufValueType.UInt64 => _bits,
            GgufValueType.Int64 => (long)_bits,
            _ => BitConverter.UInt64BitsToDouble(_bits),
        };
        return (T)boxed;
    }

    /// <summary>
    /// The elements of an array, without copying, as <typeparamref name="T"/>: the CLR type of the element type, or
    /// <see cref="GgufValue"/> for any element type (the elements of an array of arrays are <see cref="GgufValue"/>s).
    /// </summary>
    /// <exception cref="InvalidOperationException">The value is not an array, or its elements are not <typeparamref name="T"/>.</exception>
    public IReadOnlyList<T> AsArray<T>()
    {
        Array array = _array ?? throw NotAn(GgufValueType.Array);
        // An exact type test: the runtime lets an int[] pass for a uint[] (and sbyte[] for byte[], long[] for ulong[]).
        if (array.GetType() == typeof(T[]))
        {
            return Array.AsReadOnly((T[])array);
        }

        if (typeof(T) == typeof(GgufValue))
        {
            var values = new GgufValue[array.Length];
            for (int i = 0; i < values.Length; i++) values[i] = this[i];
            return (IReadOnlyList<T>)(object)Array.AsReadOnly(values);
        }

        throw new InvalidOperationException($"The GGUF value is an array of {ElementType}, not of {typeof(T).Name}.");
    }

    /// <summary>Whether the value is an array whose elements <see cref="AsArray{T}"/> reads as <typeparamref name="T"/>.</summary>
    internal bool HoldsArrayOf<T>() => _array is not null && (_array.GetType() == typeof(T[]) || typeof(T) == typeof(GgufValue));

    /// <summary>The storage of an array (a typed array, or <see cref="GgufValue"/>[] for arrays of arrays).</summary>
    internal Array? RawArray => _array;

    /// <summary>The scalar's bits, zero-extended little-endian as the file stores them.</summary>
    internal ulong Bits => _bits;

    /// <summary>The string, for a string value.</summary>
    internal string? StringValue => _string;

    /// <summary>The bytes one element of a fixed-size type takes in a file; 0 for strings and arrays.</summary>
    internal static int FixedSize(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 => 8,
        _ => 0,
    };

    /// <summary>A scalar from its little-endian bits (the reader's path).</summary>
    internal static GgufValue FromBits(GgufValueType type, ulong bits) => new(type, bits);

    /// <summary>A string (the reader's path; the string is not null).</summary>
    internal static GgufValue FromStringUnchecked(string value) => new(value);

    /// <summary>A typed array of a fixed-size numeric type from little-endian bytes (bool excluded).</summary>
    internal static Array NumericArray(GgufValueType type, ReadOnlySpan<byte> bytes) => type switch
    {
        GgufValueType.UInt8 => bytes.ToArray(),
        GgufValueType.Int8 => MemoryMarshal.Cast<byte, sbyte>(bytes).ToArray(),
        GgufValueType.UInt16 => MemoryMarshal.Cast<byte, ushort>(bytes).ToArray(),
        GgufValueType.Int16 => MemoryMarshal.Cast<byte, short>(bytes).ToArray(),
        GgufValueType.UInt32 => MemoryMarshal.Cast<byte, uint>(bytes).ToArray(),
        GgufValueType.Int32 => MemoryMarshal.Cast<byte, int>(bytes).ToArray(),
        GgufValueType.Float32 => MemoryMarshal.Cast<byte, float>(bytes).ToArray(),
        GgufValueType.UInt64 => MemoryMarshal.Cast<byte, ulong>(bytes).ToArray(),
        GgufValueType.Int64 => MemoryMarshal.Cast<byte, long>(bytes).ToArray(),
        GgufValueType.Float64 => MemoryMarshal.Cast<byte, double>(bytes).ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The little-endian bytes of a numeric array's storage (bool excluded).</summary>
    internal static ReadOnlySpan<byte> NumericBytes(Array array) => array switch
    {
        byte[] a => a,
        sbyte[] a => MemoryMarshal.AsBytes<sbyte>(a),
        ushort[] a => MemoryMarshal.AsBytes<ushort>(a),
        short[] a => MemoryMarshal.AsBytes<short>(a),
        uint[] a => MemoryMarshal.AsBytes<uint>(a),
        int[] a => MemoryMarshal.AsBytes<int>(a),
        float[] a => MemoryMarshal.AsBytes<float>(a),
        ulong[] a => MemoryMarshal.AsBytes<ulong>(a),
        long[] a => MemoryMarshal.AsBytes<long>(a),
        double[] a => MemoryMarshal.AsBytes<double>(a),
        _ => throw new ArgumentException("Not a numeric GGUF array.", nameof(array)),
    };

    private static Array ScalarArray(GgufValueType type, ulong[] bits)
    {
        int size = FixedSize(type);
        var bytes = new byte[bits.Length * size];
        for (int i = 0; i < bits.Length; i++)
        {
            for (int b = 0; b < size; b++) bytes[i * size + b] = (byte)(bits[i] >> (8 * b));
        }

        return NumericArray(type, bytes);
    }

    private static ulong ElementBits(Array array, int index)
    {
        ReadOnlySpan<byte> bytes = NumericBytes(array);
        int size = bytes.Length / array.Length;
        ulong bits = 0;
        for (int b = 0; b < size; b++) bits |= (ulong)bytes[index * size + b] << (8 * b);
        return bits;
    }

    /// <summary>Whether the value is a scalar or string of the type <typeparamref name="T"/> stands for.</summary>
    internal bool Holds<T>() => TryTypeOf<T>(out GgufValueType type) && Type == type;

    private static GgufValueType TypeOf<T>(string parameter) =>
        TryTypeOf<T>(out GgufValueType type)
            ? type
            : throw new InvalidOperationException($"'{parameter}' is {typeof(T).Name}, which stands for no GGUF scalar type.");

    private static bool TryTypeOf<T>(out GgufValueType type)
    {
        Type t = typeof(T);
        type = t == typeof(byte) ? GgufValueType.UInt8
            : t == typeof(sbyte) ? GgufValueType.Int8
            : t == typeof(ushort) ? GgufValueType.UInt16
            : t == typeof(short) ? GgufValueType.Int16
            : t == typeof(uint) ? GgufValueType.UInt32
            : t == typeof(int) ? GgufValueType.Int32
            : t == typeof(float) ? GgufValueType.Float32
            : t == typeof(bool) ? GgufValueType.Bool
            : t == typeof(string) ? GgufValueType.String
            : t == typeof(ulong) ? GgufValueType.UInt64
            : t == typeof(long) ? GgufValueType.Int64
            : t == typeof(double) ? GgufValueType.Float64
            : GgufValueType.Array;
        return type != GgufValueType.Array;
    }

    private InvalidOperationException NotAn(GgufValueType wanted) =>
        new($"The GGUF value is {Describe()}, not {wanted}.");

    private string Describe() => Type == GgufValueType.Array ? $"an array of {ElementType}" : Type.ToString();

    /// <summary>Structural equality: same type, same bits (floats by pattern), same strings, same elements in order.</summary>
    public bool Equals(GgufValue? other)
    {
        if (other is null || other.Type != Type || other.ElementType != ElementType) return false;
        if (ReferenceEquals(this, other)) return true;
        return (_array, other._array) switch
        {
            (null, null) => _bits == other._bits && _string == other._string,
            (GgufValue[] a, GgufValue[] b) => a.SequenceEqual(b),
            (string[] a, string[] b) => a.SequenceEqual(b, StringComparer.Ordinal),
            (bool[] a, bool[] b) => a.AsSpan().SequenceEqual(b),
            (Array a, Array b) => NumericBytes(a).SequenceEqual(NumericBytes(b)),
            _ => false,
        };
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is GgufValue other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Type);
        hash.Add(ElementType);
        switch (_array)
        {
            case null:
                hash.Add(_bits);
                hash.Add(_string, StringComparer.Ordinal);
                break;
            case GgufValue[] values:
                foreach (GgufValue v in values) hash.Add(v);
                break;
            case string[] strings:
                foreach (string s in strings) hash.Add(s, StringComparer.Ordinal);
                break;
            case bool[] flags:
                foreach (bool f in flags) hash.Add(f);
                break;
            default:
                hash.AddBytes(NumericBytes(_array));
                break;
        }

        return hash.ToHashCode();
    }

    /// <summary>The value as text; an array shows its first elements and its length.</summary>
    public override string ToString() => ToString(8);

    /// <summary>The value as text; an array shows at most <paramref name="maxElements"/> elements (each level of nesting too) and its length.</summary>
    public string ToString(int maxElements)
    {
        if (_array is null)
        {
            return Type switch
            {
                GgufValueType.String => Quote(_string!),
                GgufValueType.Bool => _bits != 0 ? "true" : "false",
                GgufValueType.Float32 => As<float>().ToString("R", CultureInfo.InvariantCulture),
                GgufValueType.Float64 => As<double>().ToString("R", CultureInfo.InvariantCulture),
                GgufValueType.Int8 => As<sbyte>().ToString(CultureInfo.InvariantCulture),
                GgufValueType.Int16 => As<short>().ToString(CultureInfo.InvariantCulture),
                GgufValueType.Int32 => As<int>().ToString(CultureInfo.InvariantCulture),
                GgufValueType.Int64 => As<long>().ToString(CultureInfo.InvariantCulture),
                _ => _bits.ToString(CultureInfo.InvariantCulture),
            };
        }

        var text = new StringBuilder("[");
        int shown = Math.Min(Math.Max(maxElements, 0), _array.Length);
        for (int i = 0; i < shown; i++)
        {
            if (i > 0) text.Append(", ");
            text.Append(this[i].ToString(maxElements));
        }

        if (shown < _array.Length) text.Append(shown > 0 ? ", …" : "…");
        text.Append(']');
        if (shown < _array.Length) text.Append(CultureInfo.InvariantCulture, $" ({_array.Length} × {ElementType})");
        return text.ToString();
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
