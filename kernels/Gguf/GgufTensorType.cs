namespace TensorGen.Gguf;

/// <summary>
/// A ggml tensor type as GGUF stores it (a 32-bit id). The names are ggml's; ids 4 and 5 (the removed Q4_2 and
/// Q4_3) and ids past the last listed one have no name. A file may hold any id: an id without a known layout is kept
/// as its number (<see cref="GgufTensorInfo.IsKnownType"/> is false).
/// </summary>
public enum GgufTensorType : uint
{
    /// <summary>IEEE binary32, one value per element.</summary>
    F32 = 0,

    /// <summary>IEEE binary16 (half), one value per element.</summary>
    F16 = 1,

    /// <summary>Blocks of 32: a half scale and 16 bytes of 4-bit codes.</summary>
    Q4_0 = 2,

    /// <summary>Blocks of 32: half scale and minimum, 16 bytes of 4-bit codes.</summary>
    Q4_1 = 3,

    /// <summary>Blocks of 32: a half scale, 4 bytes of high bits, 16 bytes of low nibbles.</summary>
    Q5_0 = 6,

    /// <summary>Blocks of 32: half scale and minimum, 4 bytes of high bits, 16 bytes of low nibbles.</summary>
    Q5_1 = 7,

    /// <summary>Blocks of 32: a half scale and 32 signed bytes.</summary>
    Q8_0 = 8,

    /// <summary>Blocks of 32: a half scale, a half sum and 32 signed bytes.</summary>
    Q8_1 = 9,

    /// <summary>K-quant super-blocks of 256 values, 2-bit.</summary>
    Q2_K = 10,

    /// <summary>K-quant super-blocks of 256 values, 3-bit.</summary>
    Q3_K = 11,

    /// <summary>K-quant super-blocks of 256 values, 4-bit.</summary>
    Q4_K = 12,

    /// <summary>K-quant super-blocks of 256 values, 5-bit.</summary>
    Q5_K = 13,

    /// <summary>K-quant super-blocks of 256 values, 6-bit.</summary>
    Q6_K = 14,

    /// <summary>K-quant super-blocks of 256 values, 8-bit (intermediate products).</summary>
    Q8_K = 15,

    /// <summary>Importance-matrix quantization, super-blocks of 256.</summary>
    IQ2_XXS = 16,

    /// <summary>Importance-matrix quantization, super-blocks of 256.</summary>
    IQ2_XS = 17,

    /// <summary>Importance-matrix quantization, super-blocks of 256.</summary>
    IQ3_XXS = 18,

    /// <summary>Importance-matrix quantization, super-blocks of 256.</summary>
    IQ1_S = 19,

    /// <summary>Non-linear 4-bit blocks of 32.</summary>
    IQ4_NL = 20,

    /// <summary>Importance-matrix quantization, super-blocks of 256.</summary>
    IQ3_S = 21,

    /// <summary>Importance-matrix quantization, super-blocks of 256.</summary>
    IQ2_S = 22,

    /// <summary>Non-linear 4-bit super-blocks of 256.</summary>
    IQ4_XS = 23,

    /// <summary>Signed 8-bit integers.</summary>
    I8 = 24,

    /// <summary>Signed 16-bit integers.</summary>
    I16 = 25,

    /// <summary>Signed 32-bit integers.</summary>
    I32 = 26,

    /// <summary>Signed 64-bit integers.</summary>
    I64 = 27,

    /// <summary>IEEE binary64.</summary>
    F64 = 28,

    /// <summary>Importance-matrix quantization, super-blocks of 256.</summary>
    IQ1_M = 29,

    /// <summary>bfloat16, one value per element.</summary>
    BF16 = 30,

    /// <summary>Ternary super-blocks of 256, five values packed per byte.</summary>
    TQ1_0 = 34,

    /// <summary>Ternary super-blocks of 256, 2 bits per value.</summary>
    TQ2_0 = 35,

    /// <summary>Microscaling FP4 blocks of 32: an 8-bit shared exponent and 16 bytes of E2M1 codes.</summary>
    MXFP4 = 39,
}
