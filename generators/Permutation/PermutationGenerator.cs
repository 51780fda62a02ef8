using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TensorGen.Generators.Permutation;

/// <summary>
/// Generates the bodies of <c>[TensorGen.PermutationEquivariant]</c> partial methods: a syntactic filter, a transform
/// that checks the orders, channels and signature and returns an equatable model, then one output for the sources
/// and one for diagnostics. The emitted body applies one factored basis map per set partition of the k + l points.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class PermutationGenerator : IIncrementalGenerator
{
    internal const string AttributeName = "TensorGen.PermutationEquivariantAttribute";

    /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
    internal static class Steps
    {
        public const string Results = "PermutationResults";
        public const string Models = "PermutationModels";
        public const string Diagnostics = "PermutationDiagnostics";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<PermutationResult> results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeName,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (ctx, ct) => Execute.Transform(ctx, ct))
            .WithTrackingName(Steps.Results);

        IncrementalValuesProvider<PermutationMethodModel> models = results
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
