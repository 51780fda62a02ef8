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
}
