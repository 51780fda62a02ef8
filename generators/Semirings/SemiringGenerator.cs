using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorGen.Generators.Common;
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

    /// <summary>Tracking names of the shared pipeline's steps, for incrementality tests.</summary>
    internal static readonly PipelineSteps Steps = new("Semiring");

    /// <summary>Tracking names of the baking steps between the models and the sources.</summary>
    internal static class BakingSteps
    {
        public const string ProfileFiles = "TuningProfileFiles";
        public const string Profile = "TuningProfile";
        public const string Baking = "SemiringBaking";
        public const string Models = "SemiringBakedModels";
        public const string Diagnostics = "SemiringBakingDiagnostics";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<SemiringModel> declarations = Pipeline.Models(context, AttributeName,
            static node => node is TypeDeclarationSyntax, static (ctx, ct) => Execute.Transform(ctx, ct), Steps);

        IncrementalValueProvider<ProfileChoice> profile = context.AdditionalTextsProvider
            .Where(static file => ProfileReader.IsProfile(file.Path))
            .Select(static (file, ct) => ProfileReader.Read(file.Path, file.GetText(ct), ct))
            .WithTrackingName(BakingSteps.ProfileFiles)
            .Collect()
            .Select(static (files, _) => Bake.Choose(files))
            .WithTrackingName(BakingSteps.Profile);

        IncrementalValuesProvider<BakeResult> baking = declarations
            .Combine(profile)
            .Select(static (pair, _) => Bake.Apply(pair.Left, pair.Right))
            .WithTrackingName(BakingSteps.Baking);

        IncrementalValuesProvider<SemiringModel> models = baking
            .Select(static (r, _) => r.Model)
            .WithTrackingName(BakingSteps.Models);

        IncrementalValuesProvider<Common.DiagnosticInfo> bakingDiagnostics = baking
            .SelectMany(static (r, _) => r.Diagnostics.ToArray())
            .WithTrackingName(BakingSteps.Diagnostics);

        Pipeline.Emit(context, models, Steps, static m => m.Hint, Emit.Files);
        context.RegisterSourceOutput(profile, static (spc, choice) =>
        {
            foreach (Common.DiagnosticInfo info in choice.Diagnostics) spc.ReportDiagnostic(info.ToDiagnostic());
        });
        context.RegisterSourceOutput(bakingDiagnostics, static (spc, info) => spc.ReportDiagnostic(info.ToDiagnostic()));
    }
}
