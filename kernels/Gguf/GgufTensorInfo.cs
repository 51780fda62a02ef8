using System;
using System.Collections.Generic;

namespace TensorGen.Gguf;

/// <summary>
/// One entry of a GGUF file's tensor directory. <see cref="Dimensions"/> are in GGUF (ggml) order: dimension 0 is
/// the contiguous row length, so a matrix of <c>rows</c> rows of <c>cols</c> values is <c>[cols, rows]</c>.
/// </summary>
public sealed class GgufTensorInfo
{
    internal GgufTensorInfo(int index, string name, GgufTensorType type, long[] dimensions, long elementCount,
                            long? byteSize, long relativeOffset, long offset)
    {
        Index = index;
        Name = name;
        Type = type;
        Dimensions = Array.AsReadOnly(dimensions);
        ElementCount = elementCount;
        ByteSize = byteSize;
        RelativeOffset = relativeOffset;
        Offset = offset;
    }

    /// <summary>The entry's position in the directory (file order).</summary>
    public int Index { get; }

    /// <summary>The tensor's name.</summary>
    public string Name { get; }

    /// <summary>The ggml type as stored; an id without a known layout keeps its number.</summary>
    public GgufTensorType Type { get; }

    /// <summary>The dimensions (one to four), row length first.</summary>
    public IReadOnlyList<long> Dimensions { get; }

    /// <summary>The product of the dimensions.</summary>
    public long ElementCount { get; }

    /// <summary>The bytes the data takes, or null where the type's layout is unknown.</summary>
    public long? ByteSize { get; }

    /// <summary>The data's offset from the start of the data section, as stored.</summary>
    public long RelativeOffset { get; }

    /// <summary>The data's absolute byte offset in the file.</summary>
    public long Offset { get; }

    /// <summary>Whether the type's block layout is known, so that <see cref="ByteSize"/> is set and the extent was checked.</summary>
    public bool IsKnownType => ByteSize.HasValue;

    /// <summary>
    /// Whether the data can be read as a span of elements: F32 (<see cref="float"/>), F16 (<see cref="Half"/>),
    /// BF16 (<see cref="Numerics.BFloat16"/>), Q4_0 (<see cref="Numerics.BlockQ4_0"/>), Q8_0
    /// (<see cref="Numerics.BlockQ8_0"/>), I8, I16, I32, I64 and F64 (<see cref="sbyte"/>, <see cref="short"/>,
    /// <see cref="int"/>, <see cref="long"/>, <see cref="double"/>). Other known types are readable as bytes.
    /// </summary>
    public bool IsSupported => GgufFile.ElementTypeOf(Type) is not null;

    /// <summary>The row length (dimension 0).</summary>
    public long Columns => Dimensions[0];

    /// <summary>The number of rows: the product of every dimension after the first.</summary>
    public long Rows => Dimensions[0] == 0 ? 0 : ElementCount / Dimensions[0];

    /// <summary>Name, type, dimensions, bytes and offset.</summary>
    public override string ToString() =>
        $"{Name}: {TypeName(Type)} [{string.Join(", ", Dimensions)}], {(ByteSize is long b ? b + " bytes" : "size unknown")} at {Offset}";

    /// <summary>The type's ggml name, or <c>type N</c> for an id without one.</summary>
    public static string TypeName(GgufTensorType type) =>
        Enum.IsDefined(type) ? type.ToString() : $"type {(uint)type}";
}
