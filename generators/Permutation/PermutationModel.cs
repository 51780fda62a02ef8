using TensorGen.Generators.Common;

namespace TensorGen.Generators.Permutation;

/// <summary>
/// One [PermutationEquivariant] method as plain equatable data: no symbols, syntax or compilations. The method's
/// parameters are (input, weights, output, n).
/// </summary>
internal sealed record PermutationMethodModel(PartialMethod Method, int InputOrder, int OutputOrder, int InChannels, int OutChannels)
{
    /// <summary>The hint name's readable stem (namespace, containing types, method name and orders) and the method's identity.</summary>
    public HintEntry Hint => new(Method.Identity, Method.HintStem + ".K" + InputOrder + "L" + OutputOrder);
}
