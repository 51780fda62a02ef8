using TensorGen.Generators.Common;

namespace TensorGen.Generators.Equivariant;

/// <summary>The method a kernel is generated for, and its element type (<c>float</c> or <c>double</c>).</summary>
internal sealed record MethodShape(PartialMethod Method, string ElementType)
{
    public string Namespace => Method.Namespace;

    public EquatableArray<ContainingType> ContainingTypes => Method.ContainingTypes;

    /// <summary>The escaped method name.</summary>
    public string Name => Method.Name;

    /// <summary>The declaration's modifiers, in order.</summary>
    public string Modifiers => Method.Modifiers;

    /// <summary>The declaration's escaped parameter names, in order.</summary>
    public string[] ParameterNames => Method.ParameterNames;

    /// <summary>The literal suffix of the element type: <c>f</c> for float, none for double.</summary>
    public bool IsSingle => ElementType == "float";

    /// <summary>The hint name's readable stem with <paramref name="suffix"/>, and the method's identity.</summary>
    public HintEntry Hint(string suffix) => new(Method.Identity, Method.HintStem + suffix);
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
