namespace TensorGen.Clifford;

/// <summary>
/// A general multivector of 3D projective geometric algebra Cl(3,0,1): 16 blades, e1² = e2² = e3² = 1 and the null
/// vector e4² = 0 (often written e0 elsewhere; here it is numbered last, so blade order stays the bitmap order).
/// </summary>
[Multivector(3, 0, 1)]
public partial struct Pga3;

/// <summary>A motor (even multivector) of Cl(3,0,1): rotations, translations and screws act by the sandwich.</summary>
[Multivector(3, 0, 1, Grades = [0, 2, 4])]
public partial struct Pga3Motor;

/// <summary>A plane (vector) of Cl(3,0,1).</summary>
[Multivector(3, 0, 1, Grades = [1])]
public partial struct Pga3Plane;

/// <summary>A point (trivector) of Cl(3,0,1).</summary>
[Multivector(3, 0, 1, Grades = [3])]
public partial struct Pga3Point;
