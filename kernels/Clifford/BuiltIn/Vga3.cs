namespace TensorGen.Clifford;

/// <summary>A general multivector of 3D Euclidean geometric algebra Cl(3,0,0): 8 blades, e1² = e2² = e3² = 1.</summary>
[Multivector(3, 0, 0)]
public partial struct Vga3;

/// <summary>A rotor (even multivector: scalar and bivector) of Cl(3,0,0); unit rotors rotate by the sandwich.</summary>
[Multivector(3, 0, 0, Grades = [0, 2])]
public partial struct Vga3Rotor;

/// <summary>A vector of Cl(3,0,0).</summary>
[Multivector(3, 0, 0, Grades = [1])]
public partial struct Vga3Vector;
