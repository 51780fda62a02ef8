using TensorGen.Generators.Common;

namespace TensorGen.Generators.Permutation;

/// <summary>A type containing the method, as its partial declaration header needs it.</summary>
internal sealed record PermutationContainer(string Keyword, string Name);

/// <summary>
/// One [PermutationEquivariant] method as plain equatable data: no symbols, syntax or compilations.
/// <see cref="ParameterNames"/> are the declaration's (input, weights, output, n), escaped.
/// </summary>
internal sealed record PermutationMethodModel(
    string Namespace,
    EquatableArray<PermutationContainer> ContainingTypes,
    string Name,
    string Modifiers,
    int InputOrder,
    int OutputOrder,
    int InChannels,
    int OutChannels,
    EquatableArray<string> ParameterNames)
{
    /// <summary>The hint-name stem: namespace, containing types, method name and orders.</summary>
    public string HintStem
    {
        get
        {
            string stem = Namespace.Length == 0 ? string.Empty : Namespace + ".";
            foreach (PermutationContainer type in ContainingTypes) stem += type.Name + ".";
            return (stem + Name + ".K" + InputOrder + "L" + OutputOrder).Replace("@", string.Empty);
        }
    }
}

/// <summary>The transform's result: a model when the declaration is valid, and the diagnostics found.</summary>
internal sealed record PermutationResult(PermutationMethodModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
