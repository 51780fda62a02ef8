using System;
using System.Buffers.Binary;
using System.Text;

namespace TensorGen.Gguf;

/// <summary>A field's name for an error message: a path, and an element index when the field is one element of it.
/// The text is only built when a message needs it, so reading a long array allocates no names.</summary>
internal readonly record struct GgufField(string Path, long Index = -1)
{
    public override string ToString() => Index < 0 ? Path : $"{Path}[{Index}]";

    public static implicit operator GgufField(string path) => new(path);
}

/// <summary>
/// A bounds-checked little-endian cursor over a whole GGUF file in memory (mapped or pinned). Every read first checks
/// that its bytes lie before the end, in 64-bit arithmetic that cannot overflow, and fails with a
/// <see cref="GgufFormatException"/> naming the field and where the read began.
/// </summary>
internal unsafe struct GgufReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte* _base;

    public GgufReader(byte* start, long length)
    {
        _base = start;
        Length = length;
    }

    /// <summary>The file's length.</summary>
    public long Length { get; }

    /// <summary>Where the next read begins.</summary>
    public long Position { get; private set; }

    /// <summary>The bytes after <see cref="Position"/>.</summary>
    public readonly long Remaining => Length - Position;

    /// <summary>Fails unless <paramref name="count"/> more bytes lie before the end.</summary>
    public readonly void Require(ulong count, GgufField field)
    {
        if (count > (ulong)Remaining)
        {
            throw Error(Position, field, $"needs {count} bytes, but the file ends {Remaining} bytes later (at byte {Length})");
        }
    }

    public byte ReadUInt8(GgufField field)
    {
        Require(1, field);
        return _base[Position++];
    }

    public uint ReadUInt32(GgufField field) => (uint)ReadBits(4, field);

    public ulong ReadUInt64(GgufField field) => ReadBits(8, field);

    /// <summary>A 1-, 2-, 4- or 8-byte little-endian value, zero-extended.</summary>
    public ulong ReadBits(int size, GgufField field)
    {
        Require((ulong)size, field);
        var bytes = new ReadOnlySpan<byte>(_base + Position, size);
        ulong bits = size switch
        {
            1 => bytes[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
        };
        Position += size;
        return bits;
    }

    /// <summary>The next <paramref name="count"/> bytes, which the caller has checked with <see cref="Require"/> and
    /// which fit in an int.</summary>
    public ReadOnlySpan<byte> Take(int count)
    {
        var bytes = new ReadOnlySpan<byte>(_base + Position, count);
        Position += count;
        return bytes;
    }

    /// <summary>A GGUF string: a 64-bit byte length, then that many bytes of strict UTF-8.</summary>
    public string ReadString(GgufField field)
    {
        long start = Position;
        ulong length = ReadUInt64(field);
        if (length > (ulong)Remaining)
        {
            throw Error(start, field, $"string length {length} runs past the end of the file ({Remaining} bytes left after the length)");
        }

        if (length > int.MaxValue)
        {
            throw Error(start, field, $"string length {length} is longer than this reader takes ({int.MaxValue} bytes)");
        }

        ReadOnlySpan<byte> bytes = Take((int)length);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error(start, field, "the string's bytes are not valid UTF-8");
        }
    }

    public static GgufFormatException Error(long offset, GgufField field, string problem) => new(offset, field.ToString(), problem);
}
