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

    /// <summary>Tracking-name prefixes of the pipeline steps (<c>Results</c>, <c>Models</c>, <c>Diagnostics</c>, …), for incrementality tests.</summary>
    internal static class Steps
    {
        public const string Harmonics = "EquivariantHarmonics";
        public const string TensorProduct = "EquivariantTensorProduct";
        public const string HarmonicsResults = Harmonics + "Results";
        public const string HarmonicsModels = Harmonics + "Models";
        public const string HarmonicsDiagnostics = Harmonics + "Diagnostics";
        public const string TensorProductResults = TensorProduct + "Results";
        public const string TensorProductModels = TensorProduct + "Models";
        public const string TensorProductDiagnostics = TensorProduct + "Diagnostics";
        public const string HarmonicsHinted = Harmonics + "Hinted";
        public const string TensorProductHinted = TensorProduct + "Hinted";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<SphericalHarmonicsModel> harmonics = Pipeline.Models(context, HarmonicsAttributeName, Pipeline.IsMethodLike,
            static (ctx, ct) => Execute.Harmonics(ctx, ct), Steps.Harmonics);
        IncrementalValuesProvider<TensorProductModel> products = Pipeline.Models(context, TensorProductAttributeName, Pipeline.IsMethodLike,
            static (ctx, ct) => Execute.TensorProduct(ctx, ct), Steps.TensorProduct);
        Pipeline.Emit(context, harmonics, Steps.Harmonics, static m => m.Method.Hint(".SphericalHarmonics"), Emit.Harmonics);
        Pipeline.Emit(context, products, Steps.TensorProduct, static m => m.Method.Hint(".TensorProduct"), Emit.TensorProduct);
    }
}
