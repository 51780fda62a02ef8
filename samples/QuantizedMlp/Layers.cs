using TensorGen;
using TensorGen.Numerics;

namespace QuantizedMlp;

/// <summary>The MLP's projections, one per weight format; TensorGen generates the bodies.</summary>
public static partial class Layers
{
    /// <summary>y = W·x with GGUF Q4_0 weights (x quantized to Q8_0 on the fly).</summary>
    [CompressedMatVec(StorageFormat.Q4_0)]
    public static partial void ProjectQ4_0(ReadOnlySpan<BlockQ4_0> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols);

    /// <summary>y = W·x with bfloat16 weights widened in registers.</summary>
    [CompressedMatVec(StorageFormat.BFloat16)]
    public static partial void ProjectBFloat16(ReadOnlySpan<BFloat16> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols);

    /// <summary>
    /// Y = W·X for a whole batch with GGUF Q4_0 weights: W is m × k, X is k × n with one column per input (each
    /// column quantized to Q8_0 once per call), Y is m × n; integer block sums as llama.cpp's CPU path.
    /// </summary>
    [CompressedMatMul(StorageFormat.Q4_0)]
    public static partial void MultiplyQ4_0(ReadOnlySpan<BlockQ4_0> w, ReadOnlySpan<float> x, Span<float> y, int m, int n, int k);
}
