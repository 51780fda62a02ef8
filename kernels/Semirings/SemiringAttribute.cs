using System;
using System.Diagnostics;

namespace TensorGen;

/// <summary>
/// Declares a semiring whose kernels TensorGen generates at compile time. Apply it to a
/// <c>readonly partial struct</c> that implements <see cref="ISemiring{TSelf, T}"/>; the generator
/// reads the bodies of <c>Add</c> and <c>Multiply</c>, lowers them to vector code and adds
/// <see cref="ISemiringKernels{TSelf, T}"/> (MatMul, MatVec, Dot, element-wise Add and Multiply,
/// and Closure when Add is idempotent) to the struct.
/// </summary>
/// <remarks>
/// <c>Add</c> and <c>Multiply</c> must be a single expression (expression-bodied or one <c>return</c>)
/// built from the parameters, literals and constants, static fields or properties of the element
/// type declared on the struct, <c>+ - * /</c> (division for floating types only), <c>&amp; | ^ ~ !</c>,
/// comparisons, <c>?:</c>, <c>&amp;&amp; ||</c>, <see cref="Math.Max(double, double)"/> /
/// <see cref="Math.Min(double, double)"/> and their <see cref="MathF"/> and primitive-type forms (IEEE 754:2019
/// <c>maximum</c>/<c>minimum</c>: NaN propagates, -0 &lt; +0), <see cref="SemiringMath.MaxNative(float, float)"/> /
/// <see cref="SemiringMath.MinNative(float, float)"/> (one instruction; NaN and signed-zero results are
/// platform-defined) and <see cref="SemiringMath.LogAddExp(float, float)"/>. Anything else is reported as
/// diagnostic TGEN0001 at the construct.
/// </remarks>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
[Conditional("TENSORGEN_KEEP_ATTRIBUTES")]
public sealed class SemiringAttribute : Attribute
{
    /// <summary>
    /// Declares that <c>Add</c> is idempotent (<c>x ⊕ x = x</c>) when the generator cannot see it from the
    /// body. Max, min, logical or and the select-one-argument patterns are recognised without it.
    /// Idempotent semirings get a <c>Closure</c> kernel.
    /// </summary>
    public bool IdempotentAdd { get; set; }
}
