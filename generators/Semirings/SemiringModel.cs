using TensorGen.Generators.Common;
using TensorGen.Generators.Semirings.Baking;

namespace TensorGen.Generators.Semirings;

/// <summary>A type that contains the semiring struct, as its partial declaration header needs it (e.g. <c>partial class Outer</c>).</summary>
internal sealed record ContainingType(string Keyword, string Name);

/// <summary>
/// Everything the emitters need about one [Semiring] struct, as plain equatable data: no symbols, syntax
/// or compilations, so the pipeline caches it. <see cref="Baked"/> is set after the transform, when an
/// AdditionalFiles tuning profile has an entry for this semiring.
/// </summary>
internal sealed record SemiringModel(
    string Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string Name,
    string Keyword,
    ElementKind Element,
    Expr Add,
    Expr Multiply,
    bool IsAddIdempotent,
    BakedVariant? Baked = null)
{
    /// <summary>
    /// The nested operator struct's name: <c>Operators</c>, unless the semiring itself is called that
    /// (a nested type may not share its parent's name).
    /// </summary>
    public string OperatorsName => Name == "Operators" ? "SemiringOperators" : "Operators";

    /// <summary>The fully qualified name, e.g. <c>global::Graphs.Distance</c>.</summary>
    public string FullName
    {
        get
        {
            string prefix = Namespace.Length == 0 ? "global::" : "global::" + Namespace + ".";
            foreach (ContainingType type in ContainingTypes) prefix += type.Name + ".";
            return prefix + Name;
        }
    }

    /// <summary>The hint-name stem: containing types and name, dot-separated.</summary>
    public string HintStem
    {
        get
        {
            string stem = Namespace.Length == 0 ? string.Empty : Namespace + ".";
            foreach (ContainingType type in ContainingTypes) stem += type.Name + ".";
            return (stem + Name).Replace("@", string.Empty);
        }
    }
}

/// <summary>The result of the transform step: a model when the declaration is valid, and the diagnostics found.</summary>
internal sealed record SemiringResult(SemiringModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
