namespace TensorGen.Generators.Semirings;

/// <summary>
/// The expression IR that Add and Multiply bodies lower to. Records give structural equality, so a model
/// holding an IR tree caches across compilations. <see cref="IsBoolean"/> records the C# type of the node
/// (bool or the element type), which decides between mask and value vector code.
/// </summary>
internal abstract record Expr(bool IsBoolean);

/// <summary>The i-th parameter of the member (0 = left operand, 1 = right operand).</summary>
internal sealed record ParameterExpr(int Index, bool IsBoolean) : Expr(IsBoolean);

/// <summary>A compile-time constant, already written as a C# literal of its type (e.g. <c>float.PositiveInfinity</c>, <c>2.5f</c>, <c>true</c>).</summary>
internal sealed record ConstantExpr(string Literal, bool IsBoolean) : Expr(IsBoolean);

/// <summary>A static field or property of the element type, read at run time and broadcast (e.g. <c>global::Ns.S.Zero</c>).</summary>
internal sealed record UniformExpr(string Access, bool IsBoolean) : Expr(IsBoolean);

internal enum UnaryOperator
{
    Negate,
    BitwiseNot,
    LogicalNot,
}

internal sealed record UnaryExpr(UnaryOperator Operator, Expr Operand, bool IsBoolean) : Expr(IsBoolean);

internal enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    BitwiseAnd,
    BitwiseOr,
    ExclusiveOr,
    LogicalAnd,
    LogicalOr,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
    Equal,
    NotEqual,
}

internal sealed record BinaryExpr(BinaryOperator Operator, Expr Left, Expr Right, bool IsBoolean) : Expr(IsBoolean)
{
    public bool IsComparison => Operator >= BinaryOperator.LessThan;
}

internal sealed record ConditionalExpr(Expr Condition, Expr WhenTrue, Expr WhenFalse, bool IsBoolean) : Expr(IsBoolean);

internal enum Intrinsic
{
    /// <summary>IEEE 754:2019 maximum (Math.Max): NaN propagates, -0 &lt; +0.</summary>
    Max,

    /// <summary>IEEE 754:2019 minimum (Math.Min).</summary>
    Min,

    /// <summary>One-instruction maximum; NaN and signed-zero results platform-defined.</summary>
    MaxNative,

    /// <summary>One-instruction minimum; NaN and signed-zero results platform-defined.</summary>
    MinNative,

    /// <summary>log(exp(x) + exp(y)).</summary>
    LogAddExp,
}

internal sealed record CallExpr(Intrinsic Function, Expr Left, Expr Right, bool IsBoolean) : Expr(IsBoolean);
