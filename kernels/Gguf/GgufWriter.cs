using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using TensorGen.Numerics;

namespace TensorGen.Gguf;

/// <summary>
/// Builds a GGUF version 3 file: metadata in the order added, then the tensor directory and the data, each tensor
/// at the next multiple of the alignment and padded with zeros to it (the last one too, as ggml writes). The
/// alignment is the <c>general.alignment</c> metadata value when one is added (a UInt32 power of two), else 32.
/// </summary>
public sealed class GgufWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly GgufMetadata _metadata = new();
    private readonly List<(string Name, GgufTensorType Type, long[] Dims, byte[] Data)> _tensors = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>An empty file.</summary>
    public GgufWriter()
    {
    }

    /// <summary>The alignment the file will be written with.</summary>
    public int Alignment => _metadata.TryGetValue("general.alignment", out GgufValue? v) ? (int)v.As<uint>() : GgufFile.DefaultAlignment;

    /// <summary>Adds a metadata key-value pair.</summary>
    /// <exception cref="ArgumentException">The key is already present, or <c>general.alignment</c> is not a UInt32
    /// power of two, or a string is not valid UTF-16 (an unpaired surrogate).</exception>
    public GgufWriter Add(string key, GgufValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (key == "general.alignment")
        {
            if (value.Type != GgufValueType.UInt32 || value.As<uint>() is var a && (a == 0 || (a & (a - 1)) != 0 || a > 1u << 30))
            {
                throw new ArgumentException($"'general.alignment' must be a UInt32 power of two up to 2^30, not {value}.", nameof(value));
            }

            if (_tensors.Count > 0)
            {
                throw new ArgumentException("'general.alignment' must be added before the first tensor.", nameof(key));
            }
        }

        Utf8Length(key, nameof(key));
        ValueBytes(value);
        if (!_metadata.TryAdd(key, value))
        {
            throw new ArgumentException($"The metadata already holds the key \"{key}\".", nameof(key));
        }

        return this;
    }

    /// <summary>
    /// Adds a tensor from its raw bytes: <paramref name="dimensions"/> in GGUF order (row length first, one to four,
    /// none negative), <paramref name="data"/> exactly the type's byte size for them (copied).
    /// </summary>
    /// <exception cref="ArgumentException">The name is taken, the type's layout is unknown, the row length is not a
    /// whole number of blocks, there are not one to four dimensions or one is negative, or the data's length does not match.</exception>
    public GgufWriter AddTensor(string name, GgufTensorType type, ReadOnlySpan<long> dimensions, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!GgufTypeLayout.TryGet(type, out int blockSize, out int typeSize))
        {
            throw new ArgumentException($"{GgufTensorInfo.TypeName(type)} has no known layout, so its data cannot be sized.", nameof(type));
        }

        if (dimensions.Length is < 1 or > 4)
        {
            throw new ArgumentException($"'{nameof(dimensions)}' holds {dimensions.Length} dimensions; ggml takes 1 to 4.", nameof(dimensions));
        }

        long elements = 1;
        foreach (long d in dimensions)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(dimensions));
            elements = checked(elements * d);
        }

        if (dimensions[0] % blockSize != 0)
        {
            throw new ArgumentException($"The row length {dimensions[0]} is not a whole number of {type}'s {blockSize}-value blocks.", nameof(dimensions));
        }

        long bytes = checked(elements / blockSize * typeSize);
        if (data.Length != bytes)
        {
            throw new ArgumentException($"'{nameof(data)}' holds {data.Length} bytes; {type} [{string.Join(", ", dimensions.ToArray())}] takes {bytes}.", nameof(data));
        }

        Utf8Length(name, nameof(name));
        if (!_names.Add(name))
        {
            throw new ArgumentException($"A tensor is already named \"{name}\".", nameof(name));
        }

        _tensors.Add((name, type, dimensions.ToArray(), data.ToArray()));
        return this;
    }

    /// <summary>Adds an F32 tensor (see <see cref="AddTensor(string, GgufTensorType, ReadOnlySpan{long}, ReadOnlySpan{byte})"/>).</summary>
    public GgufWriter AddTensor(string name, ReadOnlySpan<long> dimensions, ReadOnlySpan<float> data) =>
        AddTensor(name, GgufTensorType.F32, dimensions, MemoryMarshal.AsBytes(data));

    /// <summary>Adds an F16 tensor (see <see cref="AddTensor(string, GgufTensorType, ReadOnlySpan{long}, ReadOnlySpan{byte})"/>).</summary>
    public GgufWriter AddTensor(string name, ReadOnlySpan<long> dimensions, ReadOnlySpan<Half> data) =>
        AddTensor(name, GgufTensorType.F16, dimensions, MemoryMarshal.AsBytes(data));

    /// <summary>Adds a BF16 tensor (see <see cref="AddTensor(string, GgufTensorType, ReadOnlySpan{long}, ReadOnlySpan{byte})"/>).</summary>
    public GgufWriter AddTensor(string name, ReadOnlySpan<long> dimensions, ReadOnlySpan<BFloat16> data) =>
        AddTensor(name, GgufTensorType.BF16, dimensions, MemoryMarshal.AsBytes(data));

    /// <summary>Adds a Q4_0 tensor, one block per 32 values (see <see cref="AddTensor(string, GgufTensorType, ReadOnlySpan{long}, ReadOnlySpan{byte})"/>).</summary>
    public GgufWriter AddTensor(string name, ReadOnlySpan<long> dimensions, ReadOnlySpan<BlockQ4_0> data) =>
        AddTensor(name, GgufTensorType.Q4_0, dimensions, BlockQ4_0.AsBytes(data));

    /// <summary>Adds a Q8_0 tensor, one block per 32 values (see <see cref="AddTensor(string, GgufTensorType, ReadOnlySpan{long}, ReadOnlySpan{byte})"/>).</summary>
    public GgufWriter AddTensor(string name, ReadOnlySpan<long> dimensions, ReadOnlySpan<BlockQ8_0> data) =>
        AddTensor(name, GgufTensorType.Q8_0, dimensions, BlockQ8_0.AsBytes(data));

    /// <summary>Writes the file to <paramref name="stream"/>.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        int alignment = Alignment;
        using var writer = new BinaryWriter(stream, StrictUtf8, leaveOpen: true);
        writer.Write("GGUF"u8);
        writer.Write(3u);
        writer.Write((ulong)_tensors.Count);
        writer.Write((ulong)_metadata.Count);
        foreach (KeyValuePair<string, GgufValue> entry in _metadata)
        {
            WriteString(writer, entry.Key);
            writer.Write((uint)entry.Value.Type);
            WriteValue(writer, entry.Value);
        }

        long offset = 0;
        foreach (var t in _tensors)
        {
            WriteString(writer, t.Name);
            writer.Write((uint)t.Dims.Length);
            foreach (long d in t.Dims) writer.Write((ulong)d);
            writer.Write((uint)t.Type);
            writer.Write((ulong)offset);
            offset += Padded(t.Data.Length, alignment);
        }

        long written = 4 + 4 + 8 + 8 + HeaderBytes();
        Pad(writer, written, alignment);
        foreach (var t in _tensors)
        {
            writer.Write(t.Data);
            Pad(writer, t.Data.Length, alignment);
        }
    }

    /// <summary>The file as bytes.</summary>
    public byte[] ToArray()
    {
        var stream = new MemoryStream();
        WriteTo(stream);
        return stream.ToArray();
    }

    private long HeaderBytes()
    {
        long bytes = 0;
        foreach (KeyValuePair<string, GgufValue> entry in _metadata)
        {
            bytes += 8 + Utf8Length(entry.Key, "key") + 4 + ValueBytes(entry.Value);
        }

        foreach (var t in _tensors)
        {
            bytes += 8 + Utf8Length(t.Name, "name") + 4 + 8L * t.Dims.Length + 4 + 8;
        }

        return bytes;
    }

    private static long ValueBytes(GgufValue value)
    {
        switch (value.Type)
        {
            case GgufValueType.String:
                return 8 + Utf8Length(value.StringValue!, "value");
            case GgufValueType.Array:
                long bytes = 4 + 8;
                switch (value.RawArray)
                {
                    case string[] strings:
                        foreach (string s in strings) bytes += 8 + Utf8Length(s, "value");
                        break;
                    case GgufValue[] arrays:
                        foreach (GgufValue a in arrays) bytes += ValueBytes(a);
                        break;
                    default:
                        bytes += (long)value.Length * GgufValue.FixedSize(value.ElementType!.Value);
                        break;
                }

                return bytes;
            default:
                return GgufValue.FixedSize(value.Type);
        }
    }

    private static void WriteValue(BinaryWriter writer, GgufValue value)
    {
        switch (value.Type)
        {
            case GgufValueType.String:
                WriteString(writer, value.StringValue!);
                break;
            case GgufValueType.Array:
                writer.Write((uint)value.ElementType!.Value);
                writer.Write((ulong)value.Length);
                switch (value.RawArray)
                {
                    case string[] strings:
                        foreach (string s in strings) WriteString(writer, s);
                        break;
                    case GgufValue[] arrays:
                        foreach (GgufValue a in arrays) WriteValue(writer, a);
                        break;
                    case bool[] flags:
                        foreach (bool f in flags) writer.Write(f ? (byte)1 : (byte)0);
                        break;
                    default:
                        writer.Write(GgufValue.NumericBytes(value.RawArray!));
                        break;
                }

                break;
            default:
                ulong bits = value.Bits;
                for (int b = 0; b < GgufValue.FixedSize(value.Type); b++) writer.Write((byte)(bits >> (8 * b)));
                break;
        }
    }

    private static void WriteString(BinaryWriter writer, string s)
    {
        byte[] bytes = StrictUtf8.GetBytes(s);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static int Utf8Length(string s, string parameter)
    {
        try
        {
            return StrictUtf8.GetByteCount(s);
        }
        catch (EncoderFallbackException)
        {
            throw new ArgumentException($"A string in '{parameter}' is not valid UTF-16 (an unpaired surrogate), so it has no UTF-8 form.", parameter);
        }
    }

    private static long Padded(long length, int alignment) => (length + alignment - 1) / alignment * alignment;

    private static void Pad(BinaryWriter writer, long length, int alignment)
    {
        for (long i = length; i < Padded(length, alignment); i++) writer.Write((byte)0);
    }
}
