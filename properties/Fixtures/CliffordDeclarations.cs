using TensorGen;

namespace TensorGen.Properties.Fixtures;

/// <summary>Multivector types declared as a user would, for the F# suite: small signatures, a null vector, nesting.</summary>
public static partial class CliffordDeclarations
{
    /// <summary>The plane, Cl(2,0,0).</summary>
    [Multivector(2, 0, 0)]
    public partial struct Plane2;

    /// <summary>Cl(0,2,0), the quaternions.</summary>
    [Multivector(0, 2, 0)]
    public partial struct Quaternion2;

    /// <summary>A mixed, degenerate signature Cl(1,1,1).</summary>
    [Multivector(1, 1, 1)]
    public partial struct Mixed111;

    /// <summary>The odd part of Cl(1,1,1).</summary>
    [Multivector(1, 1, 1, Grades = [1, 3])]
    public partial struct Mixed111Odd;

    /// <summary>Vectors of the largest supported algebra, Cl(2,3,1).</summary>
    [Multivector(2, 3, 1, Grades = [1])]
    public partial struct Vector231;

    /// <summary>Scalars and bivectors of Cl(2,3,1): the holder of a product of two vectors.</summary>
    [Multivector(2, 3, 1, Grades = [0, 2])]
    public partial struct Bivector231;
}
