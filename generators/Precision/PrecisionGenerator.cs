using Microsoft.CodeAnalysis;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Precision;

/// <summary>
/// Generates the bodies of <c>[TensorGen.CompressedMatVec]</c> and <c>[TensorGen.CompressedMatMul]</c> partial methods:
/// per attribute, the shared pipeline (a syntactic filter, a transform that checks the signature against the storage
/// format and returns an equatable model, diagnostics apart, unique hint names). The emitted body calls the
/// hand-written drivers (decode-in-register GEMV, decoded-panel or integer GEMM, the Q4_0 × Q8_0 GEMM).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class PrecisionGenerator : IIncrementalGenerator
{
    internal const string AttributeName = "TensorGen.CompressedMatVecAttribute";
    internal const string MatMulAttributeName = "TensorGen.CompressedMatMulAttribute";

    /// <summary>Tracking names of the [CompressedMatVec] pipeline's steps.</summary>
    internal static readonly PipelineSteps MatVecSteps = new("Precision");

    /// <summary>Tracking names of the [CompressedMatMul] pipeline's steps.</summary>
    internal static readonly PipelineSteps MatMulSteps = new("PrecisionMatMul");

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<PrecisionMethodModel> matVec = Pipeline.Models(context, AttributeName, Pipeline.IsMethodLike,
            static (ctx, ct) => Execute.Transform(ctx, AttributeName, PrecisionOperation.MatVec, ct), MatVecSteps);
        IncrementalValuesProvider<PrecisionMethodModel> matMul = Pipeline.Models(context, MatMulAttributeName, Pipeline.IsMethodLike,
            static (ctx, ct) => Execute.Transform(ctx, MatMulAttributeName, PrecisionOperation.MatMul, ct), MatMulSteps);
        Pipeline.Emit(context, matVec, MatVecSteps, static m => m.Hint, Emit.Files);
        Pipeline.Emit(context, matMul, MatMulSteps, static m => m.Hint, Emit.Files);
    }
}
