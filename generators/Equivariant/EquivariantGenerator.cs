using Microsoft.CodeAnalysis;
using TensorGen.Generators.Common;

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

    /// <summary>Tracking names of the [SphericalHarmonics] pipeline's steps.</summary>
    internal static readonly PipelineSteps HarmonicsSteps = new("EquivariantHarmonics");

    /// <summary>Tracking names of the [TensorProduct] pipeline's steps.</summary>
    internal static readonly PipelineSteps TensorProductSteps = new("EquivariantTensorProduct");

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<SphericalHarmonicsModel> harmonics = Pipeline.Models(context, HarmonicsAttributeName, Pipeline.IsMethodLike,
            static (ctx, ct) => Execute.Harmonics(ctx, ct), HarmonicsSteps);
        IncrementalValuesProvider<TensorProductModel> products = Pipeline.Models(context, TensorProductAttributeName, Pipeline.IsMethodLike,
            static (ctx, ct) => Execute.TensorProduct(ctx, ct), TensorProductSteps);
        Pipeline.Emit(context, harmonics, HarmonicsSteps, static m => m.Method.Hint(".SphericalHarmonics"), Emit.Harmonics);
        Pipeline.Emit(context, products, TensorProductSteps, static m => m.Method.Hint(".TensorProduct"), Emit.TensorProduct);
    }
}
