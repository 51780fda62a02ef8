using System.Linq;
using Microsoft.CodeAnalysis;
using TensorGen.Generators.Common;

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

    /// <summary>Tracking-name prefix of the pipeline steps (<c>Results</c>, <c>Models</c>, <c>Diagnostics</c>, …), for incrementality tests.</summary>
    internal static class Steps
    {
        public const string Prefix = "Permutation";
        public const string Results = Prefix + "Results";
        public const string Models = Prefix + "Models";
        public const string Diagnostics = Prefix + "Diagnostics";
        public const string Hinted = Prefix + "Hinted";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<PermutationMethodModel> models = Pipeline.Models(context, AttributeName, Pipeline.IsMethodLike,
            static (ctx, ct) => Execute.Transform(ctx, ct), Steps.Prefix);
        Pipeline.Emit(context, models, Steps.Prefix, static m => m.Hint, Emit.Source);
    }
}
