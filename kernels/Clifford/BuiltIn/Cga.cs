namespace TensorGen.Clifford;

/// <summary>
/// A general multivector of 3D conformal geometric algebra Cl(4,1,0): 32 blades, e1² = e2² = e3² = e4² = 1,
/// e5² = −1 (e4 = e₊, e5 = e₋; the null vectors are e₀ = (e5 − e4)/2 and e∞ = e4 + e5).
/// </summary>
[Multivector(4, 1, 0)]
public partial struct Cga;

/// <summary>An even multivector of Cl(4,1,0): rotors, translators, dilators and their products act by the sandwich.</summary>
[Multivector(4, 1, 0, Grades = [0, 2, 4])]
public partial struct CgaEven;

/// <summary>A vector of Cl(4,1,0): points (null vectors), spheres and planes in the dual representation.</summary>
[Multivector(4, 1, 0, Grades = [1])]
public partial struct CgaPoint;
