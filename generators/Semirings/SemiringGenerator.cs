using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TensorGen.Generators.Semirings;

/// <summary>
/// Generates kernels for every <c>[TensorGen.Semiring]</c> struct: a syntactic filter, a transform that
/// lowers Add and Multiply to an equatable model, then one output for the sources and one for diagnostics.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class SemiringGenerator : IIncrementalGenerator
{
    internal const string AttributeName = "TensorGen.SemiringAttribute";

    /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
    internal static class Steps
    {
        public const string Results = "SemiringResults";
        public const string Models = "SemiringModels";
        public const string Diagnostics = "SemiringDiagnostics";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<SemiringResult> results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeName,
                predicate: static (node, _) => node is TypeDeclarationSyntax,
                transform: static (ctx, ct) => Execute.Transform(ctx, ct))
            .WithTrackingName(Steps.Results);

        IncrementalValuesProvider<SemiringModel> models = results
            .Where(static r => r.Model is not null)
            .Select(static (r, _) => r.Model!)
            .WithTrackingName(Steps.Models);

        IncrementalValuesProvider<Common.DiagnosticInfo> diagnostics = results
            .SelectMany(static (r, _) => r.Diagnostics.ToArray())
            .WithTrackingName(Steps.Diagnostics);

        context.RegisterSourceOutput(models, static (spc, model) => Emit.Sources(spc, model));
        context.RegisterSourceOutput(diagnostics, static (spc, info) => spc.ReportDiagnostic(info.ToDiagnostic()));
    }
}
