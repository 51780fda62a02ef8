namespace TensorGen.Generators.Semirings;

/// <summary>Recognises Add bodies that are idempotent by construction (x ⊕ x = x).</summary>
internal static class Idempotence
{
    public static bool IsIdempotent(Expr add) => add switch
    {
        // max, min and their native forms of the two parameters
        CallExpr { Function: not Intrinsic.LogAddExp } call => AreBothParameters(call.Left, call.Right),
        // x | y, x & y, x || y, x && y
        BinaryExpr { Operator: BinaryOperator.BitwiseOr or BinaryOperator.BitwiseAnd or BinaryOperator.LogicalOr or BinaryOperator.LogicalAnd } binary
            => AreBothParameters(binary.Left, binary.Right),
        // a comparison of the parameters selecting one of them: x < y ? x : y
        ConditionalExpr { Condition: BinaryExpr { IsComparison: true } test } select
            => AreBothParameters(test.Left, test.Right) && AreBothParameters(select.WhenTrue, select.WhenFalse),
        _ => false,
    };

    private static bool AreBothParameters(Expr left, Expr right) =>
        left is ParameterExpr l && right is ParameterExpr r && l.Index != r.Index;
}
