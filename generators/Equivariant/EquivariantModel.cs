using TensorGen.Generators.Common;

namespace TensorGen.Generators.Equivariant;

/// <summary>A type containing the method, as its partial declaration header needs it.</summary>
internal sealed record EquivariantContainer(string Keyword, string Name);

/// <summary>Where the method lives and how it is declared: namespace, containing types, name, modifiers, element type.</summary>
internal sealed record MethodShape(
    string Namespace,
    EquatableArray<EquivariantContainer> ContainingTypes,
    string Name,
    string Modifiers,
    string ElementType,
    EquatableArray<string> ParameterNames)
{
    /// <summary>The hint-name stem: namespace, containing types and method name.</summary>
    public string HintStem
    {
        get
        {
            string stem = Namespace.Length == 0 ? string.Empty : Namespace + ".";
            foreach (EquivariantContainer type in ContainingTypes) stem += type.Name + ".";
            return (stem + Name).Replace("@", string.Empty);
        }
    }

    /// <summary>The literal suffix of the element type: <c>f</c> for float, none for double.</summary>
    public bool IsSingle => ElementType == "float";
}

/// <summary>
/// One [SphericalHarmonics] method: lmax, normalization (1 integral, 2 component, 3 norm), normalize flag, batch layout
/// of the output (0 sample-major, 1 component-major).
/// </summary>
internal sealed record SphericalHarmonicsModel(MethodShape Method, int LMax, int Normalization, bool Normalize, int Layout);

/// <summary>One term mul × (l, p) of an irreps string.</summary>
internal sealed record IrrepTerm(int Mul, int L, int P)
{
    public int Dim => Mul * (2 * L + 1);

    public override string ToString() => Mul + "x" + L + (P > 0 ? "e" : "o");
}

/// <summary>One instruction (i_in1, i_in2, i_out, mode, has_weight, path_weight), as e3nn spells it.</summary>
internal sealed record InstructionModel(int Input1, int Input2, int Output, string Mode, bool HasWeight, double PathWeight);

/// <summary>
/// One [TensorProduct] method after the shorthand was expanded: the three irreps, the instructions, and the
/// normalizations (1 component / element, 2 norm / path, 3 none), how the declaration spelled it, the batch layout
/// (0 sample-major, 1 component-major) and whether the weights are shared by the batch.
/// </summary>
internal sealed record TensorProductModel(
    MethodShape Method,
    EquatableArray<IrrepTerm> Input1,
    EquatableArray<IrrepTerm> Input2,
    EquatableArray<IrrepTerm> Output,
    EquatableArray<InstructionModel> Instructions,
    int IrrepNormalization,
    int PathNormalization,
    string Declared,
    int Layout,
    bool SharedWeights);

/// <summary>A transform's result: a model when the declaration is valid, and the diagnostics found.</summary>
internal sealed record EquivariantResult<T>(T? Model, EquatableArray<DiagnosticInfo> Diagnostics) where T : class;
