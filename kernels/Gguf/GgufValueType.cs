namespace TensorGen.Gguf;

/// <summary>The type of a GGUF metadata value, with the numbers the format stores.</summary>
public enum GgufValueType : uint
{
    /// <summary>An unsigned 8-bit integer.</summary>
    UInt8 = 0,

    /// <summary>A signed 8-bit integer.</summary>
    Int8 = 1,

    /// <summary>An unsigned 16-bit integer.</summary>
    UInt16 = 2,

    /// <summary>A signed 16-bit integer.</summary>
    Int16 = 3,

    /// <summary>An unsigned 32-bit integer.</summary>
    UInt32 = 4,

    /// <summary>A signed 32-bit integer.</summary>
    Int32 = 5,

    /// <summary>An IEEE binary32 float.</summary>
    Float32 = 6,

    /// <summary>A boolean stored as one byte, 0 or 1.</summary>
    Bool = 7,

    /// <summary>A UTF-8 string: a 64-bit byte length, then the bytes, no terminator.</summary>
    String = 8,

    /// <summary>An array: a 32-bit element type, a 64-bit count, then the elements (arrays may nest).</summary>
    Array = 9,

    /// <summary>An unsigned 64-bit integer.</summary>
    UInt64 = 10,

    /// <summary>A signed 64-bit integer.</summary>
    Int64 = 11,

    /// <summary>An IEEE binary64 float.</summary>
    Float64 = 12,
}
