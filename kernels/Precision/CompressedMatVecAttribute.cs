using System;

namespace TensorGen;

/// <summary>A compact storage format for the weights of a generated kernel.</summary>
public enum StorageFormat
{
    /// <summary><see cref="TensorGen.Numerics.BFloat16"/>, decoded by a shift.</summary>
    BFloat16 = 1,

    /// <summary>IEEE <see cref="System.Half"/>.</summary>
    Half = 2,

    /// <summary><see cref="TensorGen.Numerics.Posit8"/> (es = 0).</summary>
    Posit8 = 3,

    /// <summary><see cref="TensorGen.Numerics.Posit16"/> (es = 1).</summary>
    Posit16 = 4,

    /// <summary><see cref="TensorGen.Numerics.Posit16Es2"/> (es = 2).</summary>
    Posit16Es2 = 5,

    /// <summary>Signed bytes with int8 activations and int32 results.</summary>
    Int8 = 6,

    /// <summary>GGUF <see cref="TensorGen.Numerics.BlockQ4_0"/> blocks; activations are quantized to Q8_0 on the fly.</summary>
    Q4_0 = 7,
}

/// <summary>The format partial sums are kept in.</summary>
public enum AccumulationFormat
{
    /// <summary>IEEE single precision (int32 for <see cref="StorageFormat.Int8"/>).</summary>
    Single = 1,

    /// <summary>IEEE double precision (not supported yet; the generator reports TGEN0103).</summary>
    Double = 2,
}

/// <summary>
/// Generates the body of a <c>static partial void</c> matrix-vector product whose weights are stored in a compact
/// format and decoded in registers: <c>(ReadOnlySpan&lt;W&gt; w, ReadOnlySpan&lt;X&gt; x, Span&lt;Y&gt; y, int rows, int cols)</c>
/// with W the storage type (<c>BFloat16</c>, <c>Half</c>, <c>Posit8</c>, <c>Posit16</c>, <c>Posit16Es2</c>, <c>sbyte</c>,
/// <c>BlockQ4_0</c>), X = Y = <c>float</c> (X = <c>sbyte</c>, Y = <c>int</c> for int8). Wrong shapes are compile-time
/// errors TGEN0100…TGEN0199 at the declaration.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CompressedMatVecAttribute : Attribute
{
    /// <summary>Declares the weights' storage format.</summary>
    public CompressedMatVecAttribute(StorageFormat storage) => Storage = storage;

    /// <summary>The weights' storage format.</summary>
    public StorageFormat Storage { get; }

    /// <summary>The accumulation format (default <see cref="AccumulationFormat.Single"/>).</summary>
    public AccumulationFormat Accumulation { get; set; } = AccumulationFormat.Single;
}
