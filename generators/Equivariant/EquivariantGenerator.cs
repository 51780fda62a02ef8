using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TensorGen.Generators.Equivariant;

/// <summary>
/// Generates the bodies of <c>[TensorGen.Equivariant.SphericalHarmonics]</c> and <c>[TensorGen.Equivariant.TensorProduct]</c>
/// partial methods: per attribute a syntactic filter, a transform that checks the declaration and returns an equatable
/// model, then one output for the sources and one for diagnostics. Clebsch–Gordan tables and harmonic polynomials are
/// computed in the output step, exactly, and emitted as straight-line code with the zero coefficients left out.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class EquivariantGenerator : IIncrementalGenerator
{
    internal const string HarmonicsAttributeName = "TensorGen.Equivariant.SphericalHarmonicsAttribute";
    internal const string TensorProductAttributeName = "TensorGen.Equivariant.TensorProductAttribute";

    /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
    internal static class Steps
    {
        public const string HarmonicsResults = "EquivariantHarmonicsResults";
        public const string HarmonicsModels = "EquivariantHarmonicsModels";
        public const string TensorProductResults = "EquivariantTensorProductResults";
        public const string TensorProductModels = "EquivariantTensorProductModels";
        public const string Diagnostics = "EquivariantDiagnostics";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<EquivariantResult<SphericalHarmonicsModel>> harmonics = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                HarmonicsAttributeName,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (ctx, ct) => Execute.Harmonics(ctx, ct))
            .WithTrackingName(Steps.HarmonicsResults);

        IncrementalValuesProvider<EquivariantResult<TensorProductModel>> products = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                TensorProductAttributeName,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (ctx, ct) => Execute.TensorProduct(ctx, ct))
            .WithTrackingName(Steps.TensorProductResults);

        IncrementalValuesProvider<SphericalHarmonicsModel> harmonicsModels = harmonics
            .Where(static r => r.Model is not null)
            .Select(static (r, _) => r.Model!)
            .WithTrackingName(Steps.HarmonicsModels);

        IncrementalValuesProvider<TensorProductModel> productModels = products
            .Where(static r => r.Model is not null)
            .Select(static (r, _) => r.Model!)
            .WithTrackingName(Steps.TensorProductModels);

        IncrementalValuesProvider<Common.DiagnosticInfo> harmonicsDiagnostics = harmonics
            .SelectMany(static (r, _) => r.Diagnostics.ToArray())
            .WithTrackingName(Steps.Diagnostics);

        IncrementalValuesProvider<Common.DiagnosticInfo> productDiagnostics = products
            .SelectMany(static (r, _) => r.Diagnostics.ToArray())
            .WithTrackingName(Steps.Diagnostics);

        context.RegisterSourceOutput(harmonicsModels, static (spc, model) => Emit.Harmonics(spc, model));
        context.RegisterSourceOutput(productModels, static (spc, model) => Emit.TensorProduct(spc, model));
        context.RegisterSourceOutput(harmonicsDiagnostics, static (spc, info) => spc.ReportDiagnostic(info.ToDiagnostic()));
        context.RegisterSourceOutput(productDiagnostics, static (spc, info) => spc.ReportDiagnostic(info.ToDiagnostic()));
    }
}
