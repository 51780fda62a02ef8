using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TensorGen.Generators.Precision;

/// <summary>
/// Generates the bodies of <c>[TensorGen.CompressedMatVec]</c> and <c>[TensorGen.CompressedMatMul]</c> partial methods:
/// per attribute, a syntactic filter, a transform that checks the signature against the storage format and returns
/// an equatable model, then one output for the sources and one for diagnostics. The emitted body calls the
/// hand-written drivers (decode-in-register GEMV, decoded-panel or integer GEMM, the Q4_0 × Q8_0 GEMM).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class PrecisionGenerator : IIncrementalGenerator
{
    internal const string AttributeName = "TensorGen.CompressedMatVecAttribute";
    internal const string MatMulAttributeName = "TensorGen.CompressedMatMulAttribute";

    /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
    internal static class Steps
    {
        public const string Results = "PrecisionResults";
        public const string Models = "PrecisionModels";
        public const string Diagnostics = "PrecisionDiagnostics";
        public const string MatMulResults = "PrecisionMatMulResults";
        public const string MatMulModels = "PrecisionMatMulModels";
        public const string MatMulDiagnostics = "PrecisionMatMulDiagnostics";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        Register(context, AttributeName, PrecisionOperation.MatVec, Steps.Results, Steps.Models, Steps.Diagnostics);
        Register(context, MatMulAttributeName, PrecisionOperation.MatMul, Steps.MatMulResults, Steps.MatMulModels, Steps.MatMulDiagnostics);
    }

    private static void Register(IncrementalGeneratorInitializationContext context, string attribute, PrecisionOperation operation,
                                 string resultsStep, string modelsStep, string diagnosticsStep)
    {
        IncrementalValuesProvider<PrecisionResult> results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                attribute,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: (ctx, ct) => Execute.Transform(ctx, operation, ct))
            .WithTrackingName(resultsStep);

        IncrementalValuesProvider<PrecisionMethodModel> models = results
            .Where(static r => r.Model is not null)
            .Select(static (r, _) => r.Model!)
            .WithTrackingName(modelsStep);

        IncrementalValuesProvider<Common.DiagnosticInfo> diagnostics = results
            .SelectMany(static (r, _) => r.Diagnostics.ToArray())
            .WithTrackingName(diagnosticsStep);

        context.RegisterSourceOutput(models, static (spc, model) => Emit.Source(spc, model));
        context.RegisterSourceOutput(diagnostics, static (spc, info) => spc.ReportDiagnostic(info.ToDiagnostic()));
    }
}
