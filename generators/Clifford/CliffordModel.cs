using System.Collections.Generic;
using System.Linq;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Clifford;

/// <summary>
/// One [Multivector] struct as plain equatable data: where it is declared, its algebra Cl(p, q, r) and the grades
/// it holds (sorted, distinct). No symbols, syntax or compilations.
/// </summary>
internal sealed record MultivectorModel(
    string Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string Name,
    string Accessibility,
    int Positive,
    int Negative,
    int Zero,
    EquatableArray<int> Grades)
{
    /// <summary>Basis vectors: p + q + r.</summary>
    public int Dimension => Positive + Negative + Zero;

    /// <summary>The signature as written: <c>Cl(4,1,0)</c>.</summary>
    public string SignatureText => $"Cl({Positive},{Negative},{Zero})";

    /// <summary>The fully qualified name, <c>global::Ns.Outer.Name</c>.</summary>
    public string FullName => Declarations.FullName(Namespace, ContainingTypes, Name);

    /// <summary>The hint name's readable stem (namespace, containing types and name) and the type's identity.</summary>
    public HintEntry Hint => new(FullName, Declarations.HintStem(Namespace, ContainingTypes, Name));

    /// <summary>Whether every grade 0…p+q+r is held.</summary>
    public bool IsFull => Grades.Count == Dimension + 1;

    /// <summary>Whether every held grade is even (rotors, motors, spinors).</summary>
    public bool IsEven => Grades.All(g => g % 2 == 0);

    /// <summary>The blades held, as bitmaps in ascending order: the order of the generated fields (computed, not stored).</summary>
    internal IReadOnlyList<int> Blades
    {
        get
        {
            var blades = new List<int>();
            for (int blade = 0; blade < 1 << Dimension; blade++)
            {
                if (Grades.Contains(Signature.Grade(blade))) blades.Add(blade);
            }

            return blades;
        }
    }
}

/// <summary>One type to emit, with every declared type of its signature (itself included), ordered by full name.</summary>
internal sealed record AlgebraMember(MultivectorModel Type, EquatableArray<MultivectorModel> Siblings);
