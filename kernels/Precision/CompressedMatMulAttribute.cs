using System;

namespace TensorGen;

/// <summary>
/// Generates the body of a <c>static partial void</c> matrix product whose weights are stored in a compact format:
/// <c>(ReadOnlySpan&lt;W&gt; w, ReadOnlySpan&lt;X&gt; x, Span&lt;Y&gt; y, int m, int n, int k)</c> computing Y = W·X with W
/// m × k (row-major; for <c>BlockQ4_0</c>, m rows of k/32 blocks), X k × n and Y m × n, both row-major (a column of X is one
/// token). W is the storage type (<c>BFloat16</c>, <c>Half</c>, <c>Posit8</c>, <c>Posit16</c>, <c>Posit16Es2</c>,
/// <c>sbyte</c>, <c>BlockQ4_0</c>), X = Y = <c>float</c> (X = <c>sbyte</c>, Y = <c>int</c> for int8, exact). The body calls
/// <c>PrecisionKernels.MatMul</c> (decoded panels and the f32 GEMM; int8 × int8 → int32) or, for Q4_0,
/// <c>PrecisionKernels.MatMulQ8</c> (each column of X quantized to Q8_0, integer block dot products, the llama.cpp scheme).
/// Wrong declarations are compile-time errors at the declaration: TGEN0104 (not a static partial void method),
/// TGEN0105 (parameters that do not match the format), TGEN0102 (unknown format), TGEN0103 (unsupported accumulation).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CompressedMatMulAttribute : Attribute
{
    /// <summary>Declares the weights' storage format.</summary>
    public CompressedMatMulAttribute(StorageFormat storage) => Storage = storage;

    /// <summary>The weights' storage format.</summary>
    public StorageFormat Storage { get; }

    /// <summary>The accumulation format (default <see cref="AccumulationFormat.Single"/>).</summary>
    public AccumulationFormat Accumulation { get; set; } = AccumulationFormat.Single;
}
