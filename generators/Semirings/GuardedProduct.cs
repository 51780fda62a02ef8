namespace TensorGen.Generators.Semirings;

/// <summary>
/// An integer ⊗ that guards its zero, <c>(x == Z) | (y == Z) ? Z : body</c>, under an ⊕ that is min with Z the lane
/// type's largest value (or max with Z the smallest), as in the tropical int semirings. Z is then ⊕'s identity, so a
/// step <c>acc ⊕ (a ⊗ b)</c> is <c>acc ⊕ clamp(body, guard(a), guard(b))</c>, where a side's guard is Z in a lane that
/// holds Z and the other extreme (<see cref="Other"/>) elsewhere, and clamp is the opposite of ⊕ (max under min):
/// a guarded lane clamps to Z and leaves the accumulator as it is; any other lane is <c>body</c> unchanged, wrapped
/// sums included, so the step is bit-identical to the scalar one. The micro-kernel computes each B vector's guard once
/// per step and tests each A value once per row, a scalar compare that makes the row read all-Z guards instead of B's,
/// leaving add, clamp and ⊕ per accumulator (the lowered conditional's two compares, or, and/andn/or and min, with
/// half the 6 x 16 tile's accumulators spilled, ran min-plus i32 at 24% of the add+min ceiling).
/// </summary>
/// <param name="Zero">The literal of Z: <c>int.MaxValue</c>, <c>int.MinValue</c>, <c>long.MaxValue</c> or <c>long.MinValue</c>.</param>
/// <param name="Other">The other extreme of the lane type: a guard's value in a lane that is not Z.</param>
/// <param name="AddIsMin">⊕ is min (Z is the largest value); otherwise max (Z is the smallest).</param>
/// <param name="Body">⊗'s value when neither side is Z, over the parameters x (0) and y (1).</param>
internal sealed record GuardedProduct(string Zero, string Other, bool AddIsMin, Expr Body)
{
    /// <summary>The guarded form of <paramref name="model"/>'s ⊗, or null when it does not have one.</summary>
    public static GuardedProduct? Find(SemiringModel model)
    {
        if (model.Element is not (ElementKind.Int32 or ElementKind.Int64)
            || model.Multiply is not ConditionalExpr { WhenTrue: ConstantExpr { Literal: var zero }, WhenFalse: { IsBoolean: false } body, Condition: BinaryExpr guard }
            || guard.Operator is not (BinaryOperator.LogicalOr or BinaryOperator.BitwiseOr)
            || !(TestsZero(guard.Left, 0, zero) && TestsZero(guard.Right, 1, zero) || TestsZero(guard.Left, 1, zero) && TestsZero(guard.Right, 0, zero))
            || AddKind(model.Add) is not bool addIsMin)
        {
            return null;
        }

        string keyword = model.Element == ElementKind.Int32 ? "int" : "long";
        bool addIsMax = !addIsMin;
        if (addIsMin && zero == keyword + ".MaxValue")
        {
            return new GuardedProduct(zero, keyword + ".MinValue", AddIsMin: true, body);
        }

        if (addIsMax && zero == keyword + ".MinValue")
        {
            return new GuardedProduct(zero, keyword + ".MaxValue", AddIsMin: false, body);
        }

        return null;
    }

    /// <summary>
    /// True when ⊕ is min of the two parameters, false when max, null otherwise: <c>Math.Min(x, y)</c> and its native
    /// form, or a comparison selecting one, <c>x &lt; y ? x : y</c> (on integers &lt; and &lt;= select the same value).
    /// </summary>
    private static bool? AddKind(Expr add)
    {
        switch (add)
        {
            case CallExpr { Left: ParameterExpr left, Right: ParameterExpr right } call when left.Index != right.Index:
                return call.Function switch
                {
                    Intrinsic.Min or Intrinsic.MinNative => true,
                    Intrinsic.Max or Intrinsic.MaxNative => false,
                    _ => null,
                };
            case ConditionalExpr { Condition: BinaryExpr { Left: ParameterExpr left, Right: ParameterExpr right } test, WhenTrue: ParameterExpr chosen, WhenFalse: ParameterExpr other }
                when left.Index != right.Index && chosen.Index != other.Index && (chosen.Index == left.Index || chosen.Index == right.Index):
            {
                bool? leftIsSmaller = test.Operator switch
                {
                    BinaryOperator.LessThan or BinaryOperator.LessThanOrEqual => true,
                    BinaryOperator.GreaterThan or BinaryOperator.GreaterThanOrEqual => false,
                    _ => null,
                };
                // chosen when the test holds: the left operand selects min when it is the smaller one.
                return leftIsSmaller is bool smaller ? smaller == (chosen.Index == left.Index) : null;
            }

            default:
                return null;
        }
    }

    private static bool TestsZero(Expr test, int parameter, string zero) => test is BinaryExpr { Operator: BinaryOperator.Equal } equal
        && (equal is { Left: ParameterExpr p, Right: ConstantExpr c } && p.Index == parameter && c.Literal == zero
            || equal is { Left: ConstantExpr c2, Right: ParameterExpr p2 } && p2.Index == parameter && c2.Literal == zero);
}
