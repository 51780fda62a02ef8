using TensorGen.Generators.Common;
using TensorGen.Generators.Semirings.Baking;

namespace TensorGen.Generators.Semirings;

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
    public string FullName => Declarations.FullName(Namespace, ContainingTypes, Name);

    /// <summary>The hint name's readable stem (namespace, containing types and name) and the type's identity.</summary>
    public HintEntry Hint => new(FullName, Declarations.HintStem(Namespace, ContainingTypes, Name));
}
