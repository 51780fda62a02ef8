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

    /// <summary>Tracking names of the pipeline's steps, for incrementality tests.</summary>
    internal static readonly PipelineSteps Steps = new("Permutation");

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<PermutationMethodModel> models = Pipeline.Models(context, AttributeName, Pipeline.IsMethodLike,
            static (ctx, ct) => Execute.Transform(ctx, ct), Steps);
        Pipeline.Emit(context, models, Steps, static m => m.Hint, Emit.Files);
    }
}
