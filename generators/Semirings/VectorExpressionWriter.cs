using System;

namespace TensorGen.Generators.Semirings;

/// <summary>
/// Writes an <see cref="Expr"/> as a C# expression over <c>Vector128/256/512</c> of the lane type.
/// Boolean sub-expressions are masks (all-ones lanes) for numeric semirings; for bool semirings, whose
/// lanes hold 0 or 1, boolean values stay 0/1 and become masks only where a condition needs one.
/// </summary>
internal sealed class VectorExpressionWriter
{
    private readonly string _vector;
    private readonly ElementKind _element;
    private readonly string _lane;

    public VectorExpressionWriter(int width, ElementKind element)
    {
        _vector = "global::System.Runtime.Intrinsics.Vector" + width;
        _element = element;
        _lane = element.Lane();
    }

    private bool IsBoolSemiring => _element == ElementKind.Boolean;

    /// <summary>The vector type, e.g. <c>Vector256&lt;float&gt;</c>.</summary>
    public string VectorType => $"{_vector}<{_lane}>";

    /// <summary>Writes <paramref name="expr"/> as a value vector, with parameters named by <paramref name="parameters"/>.</summary>
    public string Value(Expr expr, string[] parameters) => AsValue(expr, parameters);

    private string AsValue(Expr expr, string[] p)
    {
        if (IsMaskNative(expr))
        {
            // Only a bool semiring can need a boolean value from a mask: lanes become 0 or 1.
            return $"({AsMask(expr, p)} & {_vector}.Create((byte)1))";
        }

        switch (expr)
        {
            case ParameterExpr parameter:
                return p[parameter.Index];
            case ConstantExpr constant:
                return IsBoolSemiring ? $"{_vector}.Create((byte){(constant.Literal == "true" ? 1 : 0)})" : $"{_vector}.Create({constant.Literal})";
            case UniformExpr uniform:
                return IsBoolSemiring ? $"{_vector}.Create({uniform.Access} ? (byte)1 : (byte)0)" : $"{_vector}.Create({uniform.Access})";
            case UnaryExpr { Operator: UnaryOperator.Negate } unary:
                return $"(-{AsValue(unary.Operand, p)})";
            case UnaryExpr { Operator: UnaryOperator.BitwiseNot } unary:
                return $"(~{AsValue(unary.Operand, p)})";
            case UnaryExpr { Operator: UnaryOperator.LogicalNot } unary:
                return $"({AsValue(unary.Operand, p)} ^ {_vector}.Create((byte)1))";
            case BinaryExpr binary:
                return $"({AsValue(binary.Left, p)} {ValueOperator(binary.Operator)} {AsValue(binary.Right, p)})";
            case ConditionalExpr conditional:
                return $"{_vector}.ConditionalSelect({AsMask(conditional.Condition, p)}, {AsValue(conditional.WhenTrue, p)}, {AsValue(conditional.WhenFalse, p)})";
            case CallExpr call:
                return Call(call, p);
            default:
                throw new InvalidOperationException("Unknown IR node " + expr.GetType().Name);
        }
    }

    private string AsMask(Expr expr, string[] p)
    {
        if (!IsMaskNative(expr))
        {
            // A bool semiring's 0/1 value used as a condition.
            return $"~{_vector}.Equals({AsValue(expr, p)}, {_vector}<byte>.Zero)";
        }

        switch (expr)
        {
            case ConstantExpr constant:
                return constant.Literal == "true" ? $"{VectorType}.AllBitsSet" : $"{VectorType}.Zero";
            case UniformExpr uniform:
                return $"({uniform.Access} ? {VectorType}.AllBitsSet : {VectorType}.Zero)";
            case UnaryExpr { Operator: UnaryOperator.LogicalNot or UnaryOperator.BitwiseNot } unary:
                return $"~{AsMask(unary.Operand, p)}";
            case BinaryExpr { IsComparison: true } comparison:
                return Comparison(comparison, p);
            case BinaryExpr binary:
                return $"({AsMask(binary.Left, p)} {MaskOperator(binary.Operator)} {AsMask(binary.Right, p)})";
            case ConditionalExpr conditional:
                return $"{_vector}.ConditionalSelect({AsMask(conditional.Condition, p)}, {AsMask(conditional.WhenTrue, p)}, {AsMask(conditional.WhenFalse, p)})";
            default:
                throw new InvalidOperationException("No mask form for IR node " + expr.GetType().Name);
        }
    }

    /// <summary>Comparisons are always masks; other boolean nodes are masks only in numeric semirings.</summary>
    private bool IsMaskNative(Expr expr) =>
        expr is BinaryExpr { IsComparison: true } || (expr.IsBoolean && !IsBoolSemiring);

    private string Comparison(BinaryExpr comparison, string[] p)
    {
        if (comparison.Left.IsBoolean && !IsBoolSemiring)
        {
            // Equality of two conditions: compare the masks themselves.
            string xor = $"({AsMask(comparison.Left, p)} ^ {AsMask(comparison.Right, p)})";
            return comparison.Operator == BinaryOperator.Equal ? "~" + xor : xor;
        }

        string left = AsValue(comparison.Left, p), right = AsValue(comparison.Right, p);
        return comparison.Operator switch
        {
            BinaryOperator.LessThan => $"{_vector}.LessThan({left}, {right})",
            BinaryOperator.LessThanOrEqual => $"{_vector}.LessThanOrEqual({left}, {right})",
            BinaryOperator.GreaterThan => $"{_vector}.GreaterThan({left}, {right})",
            BinaryOperator.GreaterThanOrEqual => $"{_vector}.GreaterThanOrEqual({left}, {right})",
            BinaryOperator.Equal => $"{_vector}.Equals({left}, {right})",
            _ => $"~{_vector}.Equals({left}, {right})",
        };
    }

    private string Call(CallExpr call, string[] p)
    {
        string left = AsValue(call.Left, p), right = AsValue(call.Right, p);
        return call.Function switch
        {
            Intrinsic.Max => $"{_vector}.Max({left}, {right})",
            Intrinsic.Min => $"{_vector}.Min({left}, {right})",
            Intrinsic.MaxNative => $"{_vector}.MaxNative({left}, {right})",
            Intrinsic.MinNative => $"{_vector}.MinNative({left}, {right})",
            _ => $"global::TensorGen.Kernels.VectorMath.LogAddExp({left}, {right})",
        };
    }

    private static string ValueOperator(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.BitwiseAnd or BinaryOperator.LogicalAnd => "&",
        BinaryOperator.BitwiseOr or BinaryOperator.LogicalOr => "|",
        BinaryOperator.ExclusiveOr => "^",
        _ => throw new InvalidOperationException("Not a value operator: " + op),
    };

    private static string MaskOperator(BinaryOperator op) => op switch
    {
        BinaryOperator.BitwiseAnd or BinaryOperator.LogicalAnd => "&",
        BinaryOperator.BitwiseOr or BinaryOperator.LogicalOr => "|",
        BinaryOperator.ExclusiveOr or BinaryOperator.NotEqual => "^",
        _ => throw new InvalidOperationException("Not a mask operator: " + op),
    };
}
