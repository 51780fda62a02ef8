using System;
using TensorGen;
using TensorGen.Numerics;

namespace TensorGen.Properties.Fixtures;

/// <summary>One generated compressed GEMV per storage format, declared as a user would, for the F# suite.</summary>
public static partial class PrecisionDeclarations
{
    /// <summary>bfloat16 weights.</summary>
    [CompressedMatVec(StorageFormat.BFloat16)]
    public static partial void BFloat16MatVec(ReadOnlySpan<BFloat16> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols);

    /// <summary>half weights.</summary>
    [CompressedMatVec(StorageFormat.Half)]
    public static partial void HalfMatVec(ReadOnlySpan<Half> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols);

    /// <summary>posit8 weights.</summary>
    [CompressedMatVec(StorageFormat.Posit8)]
    public static partial void Posit8MatVec(ReadOnlySpan<Posit8> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols);

    /// <summary>posit16 weights.</summary>
    [CompressedMatVec(StorageFormat.Posit16)]
    public static partial void Posit16MatVec(ReadOnlySpan<Posit16> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols);

    /// <summary>posit16 (es = 2) weights.</summary>
    [CompressedMatVec(StorageFormat.Posit16Es2)]
    public static partial void Posit16Es2MatVec(ReadOnlySpan<Posit16Es2> weights, ReadOnlySpan<float> input, Span<float> output, int m, int n);

    /// <summary>int8 weights and activations.</summary>
    [CompressedMatVec(StorageFormat.Int8)]
    internal static partial void Int8MatVec(ReadOnlySpan<sbyte> w, ReadOnlySpan<sbyte> x, Span<int> y, int rows, int cols);

    /// <summary>Q4_0 weights.</summary>
    [CompressedMatVec(StorageFormat.Q4_0)]
    public static partial void Q4_0MatVec(ReadOnlySpan<BlockQ4_0> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols);

    /// <summary>Calls the internal int8 declaration (F# sees only public members).</summary>
    public static void CallInt8MatVec(sbyte[] w, sbyte[] x, int[] y, int rows, int cols) => Int8MatVec(w, x, y, rows, cols);

    /// <summary>Q4_0 weights × activations quantized to Q8_0 per column, batched (the llama.cpp scheme).</summary>
    [CompressedMatMul(StorageFormat.Q4_0)]
    public static partial void Q4_0MatMul(ReadOnlySpan<BlockQ4_0> w, ReadOnlySpan<float> x, Span<float> y, int m, int n, int k);

    /// <summary>int8 weights and activations, int32 products.</summary>
    [CompressedMatMul(StorageFormat.Int8)]
    public static partial void Int8MatMul(ReadOnlySpan<sbyte> w, ReadOnlySpan<sbyte> x, Span<int> y, int m, int n, int k);

    /// <summary>bfloat16 weights, f32 GEMM.</summary>
    [CompressedMatMul(StorageFormat.BFloat16)]
    public static partial void BFloat16MatMul(ReadOnlySpan<BFloat16> w, ReadOnlySpan<float> x, Span<float> y, int m, int n, int k);

    /// <summary>half weights, f32 GEMM.</summary>
    [CompressedMatMul(StorageFormat.Half)]
    public static partial void HalfMatMul(ReadOnlySpan<Half> w, ReadOnlySpan<float> x, Span<float> y, int m, int n, int k);

    /// <summary>posit8 weights, f32 GEMM.</summary>
    [CompressedMatMul(StorageFormat.Posit8)]
    public static partial void Posit8MatMul(ReadOnlySpan<Posit8> w, ReadOnlySpan<float> x, Span<float> y, int m, int n, int k);

    /// <summary>posit16 weights, f32 GEMM.</summary>
    [CompressedMatMul(StorageFormat.Posit16)]
    public static partial void Posit16MatMul(ReadOnlySpan<Posit16> w, ReadOnlySpan<float> x, Span<float> y, int m, int n, int k);

    /// <summary>posit16 (es = 2) weights, f32 GEMM.</summary>
    [CompressedMatMul(StorageFormat.Posit16Es2)]
    public static partial void Posit16Es2MatMul(ReadOnlySpan<Posit16Es2> weights, ReadOnlySpan<float> input, Span<float> output, int rows, int tokens, int depth);
}
