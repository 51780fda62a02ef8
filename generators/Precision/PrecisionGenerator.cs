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

    /// <summary>Tracking-name prefixes of the pipeline steps (<c>Results</c>, <c>Models</c>, <c>Diagnostics</c>, …), for incrementality tests.</summary>
    internal static class Steps
    {
        public const string MatVec = "Precision";
        public const string MatMul = "PrecisionMatMul";
        public const string Results = MatVec + "Results";
        public const string Models = MatVec + "Models";
        public const string Diagnostics = MatVec + "Diagnostics";
        public const string MatMulResults = MatMul + "Results";
        public const string MatMulModels = MatMul + "Models";
        public const string MatMulDiagnostics = MatMul + "Diagnostics";
        public const string Hinted = MatVec + "Hinted";
        public const string MatMulHinted = MatMul + "Hinted";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<PrecisionMethodModel> matVec = Pipeline.Models(context, AttributeName, Pipeline.IsMethodLike,
            static (ctx, ct) => Execute.Transform(ctx, AttributeName, PrecisionOperation.MatVec, ct), Steps.MatVec);
        IncrementalValuesProvider<PrecisionMethodModel> matMul = Pipeline.Models(context, MatMulAttributeName, Pipeline.IsMethodLike,
            static (ctx, ct) => Execute.Transform(ctx, MatMulAttributeName, PrecisionOperation.MatMul, ct), Steps.MatMul);
        Pipeline.Emit(context, matVec, Steps.MatVec, static m => m.Hint, Emit.Source);
        Pipeline.Emit(context, matMul, Steps.MatMul, static m => m.Hint, Emit.Source);
    }
}
