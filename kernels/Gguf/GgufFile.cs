using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.MemoryMappedFiles;
using TensorGen.Numerics;

namespace TensorGen.Gguf;

/// <summary>
/// A GGUF file (version 2 or 3, little-endian), validated in full when opened: header, every metadata value, the
/// tensor directory and every tensor's extent (see <see cref="GgufFormatException"/> for what a malformed file gives).
/// Tensor data is never copied: <see cref="GetSpan{T}(GgufTensorInfo)"/> and <see cref="GetBytes(GgufTensorInfo)"/>
/// point into the memory-mapped file (<see cref="Open"/>) or the caller's memory (<see cref="Parse"/>), and are valid
/// until <see cref="Dispose"/>.
/// </summary>
public sealed unsafe class GgufFile : IDisposable
{
    /// <summary>The alignment of the data section and of every tensor when <c>general.alignment</c> is absent.</summary>
    public const int DefaultAlignment = 32;

    /// <summary>How deep arrays of arrays may nest; deeper nesting is rejected rather than risking the stack.</summary>
    public const int MaxArrayDepth = 32;

    private const string AlignmentKey = "general.alignment";

    // The smallest encodings: a key-value pair (empty key, a type, one byte) and a tensor info (empty name, one dimension).
    private const int MinMetadataBytes = 8 + 4 + 1;
    private const int MinTensorInfoBytes = 8 + 4 + 8 + 4 + 8;

    private readonly byte* _start;
    private readonly long _length;
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private MemoryHandle _pin;
    private readonly Dictionary<string, GgufTensorInfo> _byName = new(StringComparer.Ordinal);
    private bool _disposed;

    private GgufFile(byte* start, long length, MemoryMappedFile? map, MemoryMappedViewAccessor? view, MemoryHandle pin)
    {
        _start = start;
        _length = length;
        _map = map;
        _view = view;
        _pin = pin;
        var reader = new GgufReader(start, length);
        (Version, Metadata, Alignment, Tensors, DataOffset) = Read(ref reader);
        foreach (GgufTensorInfo info in Tensors) _byName.Add(info.Name, info);
    }

    /// <summary>The format version (2 or 3).</summary>
    public uint Version { get; }

    /// <summary>The metadata, in file order.</summary>
    public GgufMetadata Metadata { get; }

    /// <summary>The alignment of the data section and of every tensor's offset (<c>general.alignment</c>, default 32).</summary>
    public int Alignment { get; }

    /// <summary>The tensor directory, in file order.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    /// <summary>The absolute offset of the data section.</summary>
    public long DataOffset { get; }

    /// <summary>The file's length in bytes.</summary>
    public long Length => _length;

    /// <summary>Memory-maps <paramref name="path"/> read-only and validates it.</summary>
    /// <exception cref="GgufFormatException">The file is not a valid GGUF v2/v3 file.</exception>
    /// <exception cref="IOException">The file cannot be opened or mapped.</exception>
    public static GgufFile Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length == 0)
        {
            stream.Dispose();
            throw new GgufFormatException(0, "magic", "the file is empty");
        }

        MemoryMappedFile? map = null;
        MemoryMappedViewAccessor? view = null;
        bool acquired = false;
        try
        {
            long length = stream.Length;
            map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            acquired = true;
            return new GgufFile(start + view.PointerOffset, length, map, view, default);
        }
        catch
        {
            if (acquired) view!.SafeMemoryMappedViewHandle.ReleasePointer();
            view?.Dispose();
            map?.Dispose();
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Validates GGUF bytes held in memory; the memory is pinned until <see cref="Dispose"/> and must not change
    /// while the file is in use.
    /// </summary>
    /// <exception cref="GgufFormatException">The bytes are not a valid GGUF v2/v3 file.</exception>
    public static GgufFile Parse(ReadOnlyMemory<byte> bytes)
    {
        MemoryHandle pin = bytes.Pin();
        try
        {
            return new GgufFile((byte*)pin.Pointer, bytes.Length, null, null, pin);
        }
        catch
        {
            pin.Dispose();
            throw;
        }
    }

    /// <summary>The directory entry named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public GgufTensorInfo GetTensor(string name) =>
        TryGetTensor(name, out GgufTensorInfo? info) ? info : throw new KeyNotFoundException($"The GGUF file has no tensor \"{name}\".");

    /// <summary>The directory entry named <paramref name="name"/>, if there is one.</summary>
    public bool TryGetTensor(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out GgufTensorInfo info)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name, out info);
    }

    /// <summary>A tensor's data as bytes, without copying.</summary>
    /// <exception cref="ArgumentException">The entry is not from this file.</exception>
    /// <exception cref="InvalidOperationException">The type's layout is unknown, so its extent is, or the data is over 2 GiB.</exception>
    /// <exception cref="ObjectDisposedException">The file is disposed.</exception>
    public ReadOnlySpan<byte> GetBytes(GgufTensorInfo tensor)
    {
        Check(tensor);
        long size = tensor.ByteSize ?? throw new InvalidOperationException(
            $"Tensor \"{tensor.Name}\" is of {GgufTensorInfo.TypeName(tensor.Type)}, whose layout is unknown, so its bytes cannot be delimited.");
        if (size > int.MaxValue)
        {
            throw new InvalidOperationException($"Tensor \"{tensor.Name}\" holds {size} bytes, more than one span can.");
        }

        return new ReadOnlySpan<byte>(_start + tensor.Offset, (int)size);
    }

    /// <summary>
    /// A tensor's data as elements of <typeparamref name="T"/>, without copying: <see cref="float"/> for F32,
    /// <see cref="Half"/> for F16, <see cref="BFloat16"/> for BF16, <see cref="BlockQ4_0"/> for Q4_0 and
    /// <see cref="BlockQ8_0"/> for Q8_0 (one element a block of 32 values), <see cref="sbyte"/>, <see cref="short"/>,
    /// <see cref="int"/>, <see cref="long"/> and <see cref="double"/> for I8, I16, I32, I64 and F64.
    /// </summary>
    /// <exception cref="ArgumentException">The entry is not from this file.</exception>
    /// <exception cref="InvalidOperationException">The tensor's type is not the one <typeparamref name="T"/> stands for
    /// (the message names the tensor and its type), or it has more elements than one span can hold.</exception>
    /// <exception cref="ObjectDisposedException">The file is disposed.</exception>
    public ReadOnlySpan<T> GetSpan<T>(GgufTensorInfo tensor) where T : unmanaged
    {
        Check(tensor);
        Type? element = ElementTypeOf(tensor.Type);
        if (element != typeof(T))
        {
            string hint = element is null ? "no span type reads it (GetBytes does where its layout is known)" : $"read it as {element.Name}";
            throw new InvalidOperationException(
                $"Tensor \"{tensor.Name}\" is of {GgufTensorInfo.TypeName(tensor.Type)}, not readable as {typeof(T).Name}: {hint}.");
        }

        GgufTypeLayout.TryGet(tensor.Type, out int blockSize, out _);
        long count = tensor.ElementCount / blockSize;
        if (count > int.MaxValue)
        {
            throw new InvalidOperationException($"Tensor \"{tensor.Name}\" holds {count} elements of {typeof(T).Name}, more than one span can.");
        }

        return new ReadOnlySpan<T>(_start + tensor.Offset, (int)count);
    }

    /// <summary>The data of the tensor named <paramref name="name"/> as <typeparamref name="T"/> (see <see cref="GetSpan{T}(GgufTensorInfo)"/>).</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    /// <exception cref="InvalidOperationException">The tensor's type is not the one <typeparamref name="T"/> stands for.</exception>
    public ReadOnlySpan<T> GetSpan<T>(string name) where T : unmanaged => GetSpan<T>(GetTensor(name));

    /// <summary>Unmaps the file or unpins the memory; spans from it must no longer be used.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }

        _map?.Dispose();
        _pin.Dispose();
    }

    /// <summary>The element type a span of a tensor of <paramref name="type"/> has, or null where there is none.</summary>
    internal static Type? ElementTypeOf(GgufTensorType type) => type switch
    {
        GgufTensorType.F32 => typeof(float),
        GgufTensorType.F16 => typeof(Half),
        GgufTensorType.BF16 => typeof(BFloat16),
        GgufTensorType.Q4_0 => typeof(BlockQ4_0),
        GgufTensorType.Q8_0 => typeof(BlockQ8_0),
        GgufTensorType.I8 => typeof(sbyte),
        GgufTensorType.I16 => typeof(short),
        GgufTensorType.I32 => typeof(int),
        GgufTensorType.I64 => typeof(long),
        GgufTensorType.F64 => typeof(double),
        _ => null,
    };

    private void Check(GgufTensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (tensor.Index >= Tensors.Count || !ReferenceEquals(Tensors[tensor.Index], tensor))
        {
            throw new ArgumentException($"Tensor \"{tensor.Name}\" is not from this file.", nameof(tensor));
        }
    }

    private static (uint, GgufMetadata, int, IReadOnlyList<GgufTensorInfo>, long) Read(ref GgufReader reader)
    {
        ReadMagic(ref reader);
        uint version = ReadVersion(ref reader);
        long tensorCountAt = reader.Position;
        ulong tensorCount = reader.ReadUInt64("tensor_count");
        long metadataCountAt = reader.Position;
        ulong metadataCount = reader.ReadUInt64("metadata_kv_count");
        CheckCount(metadataCount, MinMetadataBytes, reader.Remaining, metadataCountAt, "metadata_kv_count", "key-value pairs");
        CheckCount(tensorCount, MinTensorInfoBytes, reader.Remaining, tensorCountAt, "tensor_count", "tensor infos");

        GgufMetadata metadata = ReadMetadata(ref reader, (long)metadataCount, out int alignment);
        CheckCount(tensorCount, MinTensorInfoBytes, reader.Remaining, tensorCountAt, "tensor_count", "tensor infos");

        var tensors = new List<GgufTensorInfo>();
        var offsetFields = new List<long>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var pending = new List<(string Name, GgufTensorType Type, long[] Dims, long Elements, long? Bytes, long Relative)>();
        for (int i = 0; i < (int)tensorCount; i++)
        {
            pending.Add(ReadTensorInfo(ref reader, i, alignment, names, offsetFields));
        }

        long infosEnd = reader.Position;
        long dataOffset = AlignUp(infosEnd, alignment);
        if (dataOffset > reader.Length)
        {
            throw GgufReader.Error(infosEnd, "padding",
                $"the file ends at byte {reader.Length}, before the data section, which starts at byte {dataOffset} (alignment {alignment})");
        }

        long dataLength = reader.Length - dataOffset;
        for (int i = 0; i < pending.Count; i++)
        {
            var t = pending[i];
            string field = $"tensor_infos[{i}].offset";
            if (t.Relative > dataLength)
            {
                throw GgufReader.Error(offsetFields[i], field,
                    $"data offset {t.Relative} lies past the end of the data section ({dataLength} bytes, from byte {dataOffset})");
            }

            if (t.Bytes is long size && size > dataLength - t.Relative)
            {
                throw GgufReader.Error(offsetFields[i], field,
                    $"tensor \"{t.Name}\" takes {size} bytes from byte {dataOffset + t.Relative}, past the end of the file at byte {reader.Length}");
            }

            tensors.Add(new GgufTensorInfo(i, t.Name, t.Type, t.Dims, t.Elements, t.Bytes, t.Relative, dataOffset + t.Relative));
        }

        CheckOverlaps(tensors, offsetFields);
        return (version, metadata, alignment, tensors.AsReadOnly(), dataOffset);
    }

    private static void ReadMagic(ref GgufReader reader)
    {
        reader.Require(4, "magic");
        ReadOnlySpan<byte> magic = reader.Take(4);
        if (!magic.SequenceEqual("GGUF"u8))
        {
            throw GgufReader.Error(0, "magic", $"expected the bytes 47 47 55 46 (\"GGUF\"), found {Convert.ToHexString(magic)}");
        }
    }

    private static uint ReadVersion(ref GgufReader reader)
    {
        uint version = reader.ReadUInt32("version");
        if (version is 2 or 3) return version;
        string problem = version == 1
            ? "version 1 is not supported (it stored counts and lengths in 32 bits); versions 2 and 3 are"
            : BinaryPrimitives.ReverseEndianness(version) is 2 or 3
                ? $"version {BinaryPrimitives.ReverseEndianness(version)} written big-endian; only little-endian files are supported"
                : $"unknown version {version}; versions 2 and 3 are supported";
        throw GgufReader.Error(4, "version", problem);
    }

    private static void CheckCount(ulong count, int minBytes, long remaining, long at, string field, string what)
    {
        if (count > (ulong)(remaining / minBytes) || count > int.MaxValue)
        {
            throw GgufReader.Error(at, field,
                $"{count} {what} cannot fit in the {remaining} bytes left (each takes at least {minBytes})");
        }
    }

    private static GgufMetadata ReadMetadata(ref GgufReader reader, long count, out int alignment)
    {
        var metadata = new GgufMetadata();
        var firstAt = new Dictionary<string, int>(StringComparer.Ordinal);
        alignment = DefaultAlignment;
        for (int i = 0; i < count; i++)
        {
            long keyAt = reader.Position;
            string key = reader.ReadString($"metadata[{i}].key");
            string field = $"metadata[\"{key}\"]";
            if (firstAt.TryGetValue(key, out int first))
            {
                throw GgufReader.Error(keyAt, field, $"duplicate key (metadata[{i}] repeats metadata[{first}])");
            }

            firstAt.Add(key, i);
            long typeAt = reader.Position;
            var type = (GgufValueType)reader.ReadUInt32(field + ".type");
            long valueAt = reader.Position;
            GgufValue value = ReadValue(ref reader, type, typeAt, field, 0);
            if (key == AlignmentKey)
            {
                alignment = CheckAlignment(value, typeAt, valueAt, field);
            }

            metadata.TryAdd(key, value);
        }

        return metadata;
    }

    private static int CheckAlignment(GgufValue value, long typeAt, long valueAt, string field)
    {
        if (value.Type != GgufValueType.UInt32)
        {
            throw GgufReader.Error(typeAt, field, $"the alignment must be UInt32, not {value.Type}");
        }

        uint alignment = value.As<uint>();
        if (alignment == 0 || (alignment & (alignment - 1)) != 0 || alignment > 1u << 30)
        {
            throw GgufReader.Error(valueAt, field, $"the alignment {alignment} is not a nonzero power of two (at most 2^30)");
        }

        return (int)alignment;
    }

    private static GgufValue ReadValue(ref GgufReader reader, GgufValueType type, long typeAt, GgufField field, int depth)
    {
        long at = reader.Position;
        switch (type)
        {
            case GgufValueType.String:
                return GgufValue.FromStringUnchecked(reader.ReadString(field));
            case GgufValueType.Array:
                return ReadArray(ref reader, field.ToString(), depth + 1);
            case GgufValueType.Bool:
                byte flag = reader.ReadUInt8(field);
                if (flag > 1) throw GgufReader.Error(at, field, $"a bool must be 0 or 1, not {flag}");
                return GgufValue.FromBits(type, flag);
            default:
                int size = GgufValue.FixedSize(type);
                if (size == 0)
                {
                    throw GgufReader.Error(typeAt, field.Index < 0 ? field.Path + ".type" : field.ToString(), $"unknown value type {(uint)type}");
                }

                return GgufValue.FromBits(type, reader.ReadBits(size, field));
        }
    }

    private static GgufValue ReadArray(ref GgufReader reader, string field, int depth)
    {
        long arrayAt = reader.Position;
        if (depth > MaxArrayDepth)
        {
            throw GgufReader.Error(arrayAt, field, $"arrays nest more than {MaxArrayDepth} deep");
        }

        long typeAt = reader.Position;
        var elementType = (GgufValueType)reader.ReadUInt32(field + ".element_type");
        int fixedSize = GgufValue.FixedSize(elementType);
        if (fixedSize == 0 && elementType is not (GgufValueType.String or GgufValueType.Array))
        {
            throw GgufReader.Error(typeAt, field + ".element_type", $"unknown value type {(uint)elementType}");
        }

        long countAt = reader.Position;
        ulong count = reader.ReadUInt64(field + ".count");
        int minSize = elementType switch { GgufValueType.String => 8, GgufValueType.Array => 4 + 8, _ => fixedSize };
        if (count > (ulong)(reader.Remaining / minSize) || count > (ulong)Array.MaxLength)
        {
            throw GgufReader.Error(countAt, field + ".count",
                $"{count} elements of {elementType} cannot fit in the {reader.Remaining} bytes left (each takes at least {minSize})");
        }

        int n = (int)count;
        if ((long)n * Math.Max(fixedSize, 1) > Array.MaxLength)
        {
            throw GgufReader.Error(countAt, field + ".count", $"{count} elements of {elementType} are more than one array of this reader holds");
        }

        switch (elementType)
        {
            case GgufValueType.String:
                var strings = new string[n];
                for (int i = 0; i < n; i++) strings[i] = reader.ReadString(new GgufField(field, i));
                return new GgufValue(elementType, strings);
            case GgufValueType.Array:
                var arrays = new GgufValue[n];
                for (int i = 0; i < n; i++) arrays[i] = ReadArray(ref reader, $"{field}[{i}]", depth + 1);
                return new GgufValue(elementType, arrays);
            case GgufValueType.Bool:
                long boolsAt = reader.Position;
                ReadOnlySpan<byte> bytes = reader.Take(n);
                var flags = new bool[n];
                for (int i = 0; i < n; i++)
                {
                    if (bytes[i] > 1) throw GgufReader.Error(boolsAt + i, new GgufField(field, i), $"a bool must be 0 or 1, not {bytes[i]}");
                    flags[i] = bytes[i] == 1;
                }

                return new GgufValue(elementType, flags);
            default:
                return new GgufValue(elementType, GgufValue.NumericArray(elementType, reader.Take(n * fixedSize)));
        }
    }

    private static (string, GgufTensorType, long[], long, long?, long) ReadTensorInfo(
        ref GgufReader reader, int i, int alignment, Dictionary<string, int> names, List<long> offsetFields)
    {
        string prefix = $"tensor_infos[{i}]";
        long nameAt = reader.Position;
        string name = reader.ReadString(prefix + ".name");
        if (!names.TryAdd(name, i))
        {
            throw GgufReader.Error(nameAt, prefix + ".name", $"duplicate tensor name \"{name}\" (first at tensor_infos[{names[name]}])");
        }

        long dimsCountAt = reader.Position;
        uint nDims = reader.ReadUInt32(prefix + ".n_dims");
        if (nDims is < 1 or > 4)
        {
            throw GgufReader.Error(dimsCountAt, prefix + ".n_dims", $"tensor \"{name}\" has {nDims} dimensions; ggml takes 1 to 4");
        }

        var dims = new long[nDims];
        var dimAt = new long[nDims];
        long elements = 1;
        for (int d = 0; d < nDims; d++)
        {
            string field = $"{prefix}.dims[{d}]";
            dimAt[d] = reader.Position;
            ulong dim = reader.ReadUInt64(field);
            if (dim > long.MaxValue)
            {
                throw GgufReader.Error(dimAt[d], field, $"dimension {dim} is negative as ggml's signed 64-bit size");
            }

            dims[d] = (long)dim;
            if (dims[d] != 0 && elements > long.MaxValue / dims[d])
            {
                throw GgufReader.Error(dimAt[d], field, $"the dimensions' product overflows a signed 64-bit count ({string.Join(" x ", dims[..(d + 1)])})");
            }

            elements *= dims[d];
        }

        long typeAt = reader.Position;
        var type = (GgufTensorType)reader.ReadUInt32(prefix + ".type");
        long? bytes = null;
        if (GgufTypeLayout.TryGet(type, out int blockSize, out int typeSize))
        {
            if (dims[0] % blockSize != 0)
            {
                throw GgufReader.Error(dimAt[0], prefix + ".dims[0]",
                    $"tensor \"{name}\" is {type}, whose rows are whole blocks of {blockSize}, but its row length is {dims[0]}");
            }

            long blocks = elements / blockSize;
            if (blocks > long.MaxValue / typeSize)
            {
                throw GgufReader.Error(typeAt, prefix + ".type", $"tensor \"{name}\"'s byte size overflows a signed 64-bit count");
            }

            bytes = blocks * typeSize;
        }

        long offsetAt = reader.Position;
        offsetFields.Add(offsetAt);
        ulong offset = reader.ReadUInt64(prefix + ".offset");
        if (offset > long.MaxValue)
        {
            throw GgufReader.Error(offsetAt, prefix + ".offset", $"data offset {offset} is past any file");
        }

        if (offset % (ulong)alignment != 0)
        {
            throw GgufReader.Error(offsetAt, prefix + ".offset", $"data offset {offset} is not a multiple of the alignment {alignment}");
        }

        return (name, type, dims, elements, bytes, (long)offset);
    }

    private static void CheckOverlaps(List<GgufTensorInfo> tensors, List<long> offsetFields)
    {
        var extents = new List<GgufTensorInfo>();
        foreach (GgufTensorInfo t in tensors)
        {
            if (t.ByteSize > 0) extents.Add(t);
        }

        extents.Sort((a, b) => a.Offset != b.Offset ? a.Offset.CompareTo(b.Offset) : a.Index.CompareTo(b.Index));
        for (int k = 1; k < extents.Count; k++)
        {
            GgufTensorInfo before = extents[k - 1], t = extents[k];
            if (t.Offset < before.Offset + before.ByteSize!.Value)
            {
                GgufTensorInfo later = t.Index > before.Index ? t : before, earlier = later == t ? before : t;
                throw GgufReader.Error(offsetFields[later.Index], $"tensor_infos[{later.Index}].offset",
                    $"tensor \"{later.Name}\" [{later.Offset}, {later.Offset + later.ByteSize}) overlaps tensor_infos[{earlier.Index}] \"{earlier.Name}\" [{earlier.Offset}, {earlier.Offset + earlier.ByteSize})");
            }
        }
    }

    private static long AlignUp(long position, int alignment) => (position + alignment - 1) / alignment * alignment;
}
