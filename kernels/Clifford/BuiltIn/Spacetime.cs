namespace TensorGen.Clifford;

/// <summary>A general multivector of the spacetime algebra Cl(1,3,0): 16 blades, e1² = 1 (time), e2² = e3² = e4² = −1.</summary>
[Multivector(1, 3, 0)]
public partial struct Spacetime;

/// <summary>An even multivector of Cl(1,3,0) (scalar, bivectors, pseudoscalar): spinors and Lorentz rotors.</summary>
[Multivector(1, 3, 0, Grades = [0, 2, 4])]
public partial struct SpacetimeEven;

/// <summary>A four-vector of Cl(1,3,0).</summary>
[Multivector(1, 3, 0, Grades = [1])]
public partial struct SpacetimeVector;
