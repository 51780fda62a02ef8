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

    /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
    internal static class Steps
    {
        public const string Prefix = "Semiring";
        public const string Results = Prefix + "Results";
        public const string Declarations = Prefix + "Models";
        public const string ProfileFiles = "TuningProfileFiles";
        public const string Profile = "TuningProfile";
        public const string Baking = Prefix + "Baking";
        public const string Models = Prefix + "BakedModels";
        public const string Diagnostics = Prefix + "Diagnostics";
        public const string BakingDiagnostics = Prefix + "BakingDiagnostics";
        public const string Hinted = Prefix + "Hinted";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<SemiringModel> declarations = Pipeline.Models(context, AttributeName,
            static node => node is TypeDeclarationSyntax, static (ctx, ct) => Execute.Transform(ctx, ct), Steps.Prefix);

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

        IncrementalValuesProvider<Common.DiagnosticInfo> bakingDiagnostics = baking
            .SelectMany(static (r, _) => r.Diagnostics.ToArray())
            .WithTrackingName(Steps.BakingDiagnostics);

        Pipeline.Emit(context, models, Steps.Prefix, static m => m.Hint, Emit.Sources);
        context.RegisterSourceOutput(profile, static (spc, choice) =>
        {
            foreach (Common.DiagnosticInfo info in choice.Diagnostics) spc.ReportDiagnostic(info.ToDiagnostic());
        });
        context.RegisterSourceOutput(bakingDiagnostics, static (spc, info) => spc.ReportDiagnostic(info.ToDiagnostic()));
    }
}
