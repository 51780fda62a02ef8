using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorGen.Generators.Semirings.Baking;

namespace TensorGen.Generators.Semirings;

/// <summary>
/// Generates kernels for every <c>[TensorGen.Semiring]</c> struct: a syntactic filter, a transform that
/// lowers Add and Multiply to an equatable model, combined with the tuning profile to bake (an AdditionalFiles
/// item named <c>tensorgen-profile.json</c> or <c>*.tensorgen-profile.json</c>, if any), then one output for the
/// sources and one per kind of diagnostic.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class SemiringGenerator : IIncrementalGenerator
{
    internal const string AttributeName = "TensorGen.SemiringAttribute";

    /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
    internal static class Steps
    {
        public const string Results = "SemiringResults";
        public const string Declarations = "SemiringDeclarations";
        public const string ProfileFiles = "TuningProfileFiles";
        public const string Profile = "TuningProfile";
        public const string Baking = "SemiringBaking";
        public const string Models = "SemiringModels";
        public const string Diagnostics = "SemiringDiagnostics";
        public const string BakingDiagnostics = "SemiringBakingDiagnostics";
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

        IncrementalValuesProvider<SemiringModel> declarations = results
            .Where(static r => r.Model is not null)
            .Select(static (r, _) => r.Model!)
            .WithTrackingName(Steps.Declarations);

        IncrementalValueProvider<ProfileChoice> profile = context.AdditionalTextsProvider
            .Where(static file => ProfileReader.IsProfile(file.Path))
            .Select(static (file, ct) => ProfileReader.Read(file.Path, file.GetText(ct), ct))
            .WithTrackingName(Steps.ProfileFiles)
            .Collect()
            .Select(static (files, _) => Bake.Choose(files))
            .WithTrackingName(Steps.Profile);

        IncrementalValuesProvider<BakeResult> baking = declarations
            .Combine(profile)
            .Select(static (pair, _) => Bake.Apply(pair.Left, pair.Right))
            .WithTrackingName(Steps.Baking);

        IncrementalValuesProvider<SemiringModel> models = baking
            .Select(static (r, _) => r.Model)
            .WithTrackingName(Steps.Models);

        IncrementalValuesProvider<Common.DiagnosticInfo> diagnostics = results
            .SelectMany(static (r, _) => r.Diagnostics.ToArray())
            .WithTrackingName(Steps.Diagnostics);

        IncrementalValuesProvider<Common.DiagnosticInfo> bakingDiagnostics = baking
            .SelectMany(static (r, _) => r.Diagnostics.ToArray())
            .WithTrackingName(Steps.BakingDiagnostics);

        context.RegisterSourceOutput(models, static (spc, model) => Emit.Sources(spc, model));
        context.RegisterSourceOutput(diagnostics, static (spc, info) => spc.ReportDiagnostic(info.ToDiagnostic()));
        context.RegisterSourceOutput(profile, static (spc, choice) =>
        {
            foreach (Common.DiagnosticInfo info in choice.Diagnostics) spc.ReportDiagnostic(info.ToDiagnostic());
        });
        context.RegisterSourceOutput(bakingDiagnostics, static (spc, info) => spc.ReportDiagnostic(info.ToDiagnostic()));
    }
}
