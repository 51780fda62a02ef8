using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TensorGen.Generators.Precision;

/// <summary>
/// Generates the bodies of <c>[TensorGen.CompressedMatVec]</c> partial methods: a syntactic filter, a transform
/// that checks the signature against the storage format and returns an equatable model, then one output for
/// the sources and one for diagnostics. The emitted body calls the hand-written decode-in-register driver.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class PrecisionGenerator : IIncrementalGenerator
{
    internal const string AttributeName = "TensorGen.CompressedMatVecAttribute";

    /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
    internal static class Steps
    {
        public const string Results = "PrecisionResults";
        public const string Models = "PrecisionModels";
        public const string Diagnostics = "PrecisionDiagnostics";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<PrecisionResult> results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeName,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (ctx, ct) => Execute.Transform(ctx, ct))
            .WithTrackingName(Steps.Results);

        IncrementalValuesProvider<PrecisionMethodModel> models = results
            .Where(static r => r.Model is not null)
            .Select(static (r, _) => r.Model!)
            .WithTrackingName(Steps.Models);

        IncrementalValuesProvider<Common.DiagnosticInfo> diagnostics = results
            .SelectMany(static (r, _) => r.Diagnostics.ToArray())
            .WithTrackingName(Steps.Diagnostics);

        context.RegisterSourceOutput(models, static (spc, model) => Emit.Source(spc, model));
        context.RegisterSourceOutput(diagnostics, static (spc, info) => spc.ReportDiagnostic(info.ToDiagnostic()));
    }
}
