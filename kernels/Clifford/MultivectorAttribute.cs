using System;

namespace TensorGen;

/// <summary>
/// Declares a multivector type of the Clifford algebra Cl(p, q, r) on a <c>partial struct</c>: p basis vectors square
/// to +1, q to −1 and r to 0, at most six in all
/// (64 blades). Basis vectors are numbered e1, e2, … in that order (so the null vector of PGA Cl(3,0,1) is e4).
/// </summary>
/// <remarks>
/// <para>
/// The generator adds one <see cref="float"/> field per blade the type holds, in the order of the blades' bitmaps
/// (bit i − 1 set when e<sub>i</sub> is a factor: <c>Scalar, E1, E2, E12, E3, E13, E23, E123, …</c>), and the
/// operations: geometric product (<c>*</c>), outer product (<c>^</c>), left contraction, scalar product, reverse
/// (<c>~</c>), grade involution, Clifford conjugate, grade projection, norm, inverse where it exists and the
/// sandwich <c>R x ~R</c>. Products between two types of the same signature (in the same compilation) are emitted
/// when a declared type of that signature holds every blade the product can produce; the smallest such type is
/// the result, and terms that are structurally zero are skipped.
/// </para>
/// <para>
/// Batched forms over spans in structure-of-arrays layout (component k of multivector m at <c>[k · count + m]</c>,
/// one SIMD lane per multivector) are emitted for full and even types: the geometric product with itself, and the
/// sandwich of itself and of every single-grade type of the signature. Bad declarations are compile-time errors TGEN0300…TGEN0319 at the declaration.
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class MultivectorAttribute : Attribute
{
    /// <summary>Declares a type of Cl(<paramref name="positive"/>, <paramref name="negative"/>, <paramref name="zero"/>).</summary>
    /// <param name="positive">Basis vectors squaring to +1 (p).</param>
    /// <param name="negative">Basis vectors squaring to −1 (q).</param>
    /// <param name="zero">Basis vectors squaring to 0 (r).</param>
    public MultivectorAttribute(int positive, int negative, int zero)
    {
        Positive = positive;
        Negative = negative;
        Zero = zero;
    }

    /// <summary>Basis vectors squaring to +1 (p).</summary>
    public int Positive { get; }

    /// <summary>Basis vectors squaring to −1 (q).</summary>
    public int Negative { get; }

    /// <summary>Basis vectors squaring to 0 (r).</summary>
    public int Zero { get; }

    /// <summary>
    /// The grades the type holds, e.g. <c>new[] { 0, 2 }</c> for rotors of Cl(3,0,0); null (the default) for the
    /// full multivector. Each grade is in 0…p+q+r and appears once.
    /// </summary>
    public int[]? Grades { get; set; }
}
