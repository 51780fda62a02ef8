using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TensorGen.Generators.Semirings;

/// <summary>
/// Lowers the body of Add or Multiply to the <see cref="Expr"/> IR. Every construct it cannot lower is
/// recorded in <see cref="Failures"/> with its location and the reason, and lowering goes on so that one
/// build reports every problem.
/// </summary>
internal sealed class ExpressionLowering
{
    private readonly SemanticModel _model;
    private readonly INamedTypeSymbol _semiring;
    private readonly IMethodSymbol _method;
    private readonly ElementKind _element;
    private readonly CancellationToken _cancellationToken;

    public ExpressionLowering(SemanticModel model, INamedTypeSymbol semiring, IMethodSymbol method, ElementKind element, CancellationToken cancellationToken)
    {
        _model = model;
        _semiring = semiring;
        _method = method;
        _element = element;
        _cancellationToken = cancellationToken;
    }

    public List<(Location Location, string Construct, string Reason)> Failures { get; } = new();

    public Expr? LowerBody(MethodDeclarationSyntax method)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (method.ExpressionBody is { } arrow)
        {
            return Lower(arrow.Expression);
        }

        if (method.Body is null)
        {
            return Fail(method.Identifier, method.Identifier.ValueText, "the method has no body");
        }

        if (method.Body.Statements.Count == 1 && method.Body.Statements[0] is ReturnStatementSyntax { Expression: { } returned })
        {
            return Lower(returned);
        }

        StatementSyntax? offender = method.Body.Statements.FirstOrDefault(s => s is not ReturnStatementSyntax) ?? method.Body.Statements.FirstOrDefault();
        return offender is null
            ? Fail(method.Body, "{ }", "the body must be a single expression or one return statement")
            : Fail(offender, Describe(offender), "the body must be a single expression or one return statement");
    }

    private Expr? Lower(ExpressionSyntax syntax)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        switch (syntax)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Lower(parenthesized.Expression);
            case CheckedExpressionSyntax @checked when @checked.IsKind(SyntaxKind.UncheckedExpression):
                return Lower(@checked.Expression);
        }

        if (_model.GetConstantValue(syntax, _cancellationToken) is { HasValue: true } constant)
        {
            return LowerConstant(syntax, constant.Value);
        }

        ITypeSymbol? type = _model.GetTypeInfo(syntax, _cancellationToken).Type;
        if (type is null || type.TypeKind == TypeKind.Error)
        {
            return Fail(syntax, Describe(syntax), "its type could not be determined");
        }

        bool isBoolean = type.SpecialType == SpecialType.System_Boolean;
        if (!isBoolean && type.SpecialType != ElementSpecialType)
        {
            return Fail(syntax, Describe(syntax), $"it has type '{type.ToDisplayString()}', but only '{_element.Keyword()}' and 'bool' values can be vectorized");
        }

        switch (syntax)
        {
            case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                return LowerName(syntax, isBoolean);
            case PrefixUnaryExpressionSyntax unary:
                return LowerUnary(unary, isBoolean);
            case BinaryExpressionSyntax binary:
                return LowerBinary(binary, isBoolean);
            case ConditionalExpressionSyntax conditional:
            {
                Expr? condition = Lower(conditional.Condition);
                Expr? whenTrue = Lower(conditional.WhenTrue);
                Expr? whenFalse = Lower(conditional.WhenFalse);
                return condition is null || whenTrue is null || whenFalse is null ? null : new ConditionalExpr(condition, whenTrue, whenFalse, isBoolean);
            }

            case InvocationExpressionSyntax invocation:
                return LowerInvocation(invocation, isBoolean);
            case CastExpressionSyntax cast when _model.GetTypeInfo(cast.Expression, _cancellationToken).Type is { } inner
                                               && SymbolEqualityComparer.Default.Equals(inner, type):
                return Lower(cast.Expression);
            default:
                return Fail(syntax, Describe(syntax), "this kind of expression has no vector form");
        }
    }

    private SpecialType ElementSpecialType => _element switch
    {
        ElementKind.Single => SpecialType.System_Single,
        ElementKind.Double => SpecialType.System_Double,
        ElementKind.Int32 => SpecialType.System_Int32,
        ElementKind.Int64 => SpecialType.System_Int64,
        _ => SpecialType.System_Boolean,
    };

    private Expr? LowerName(ExpressionSyntax syntax, bool isBoolean)
    {
        ISymbol? symbol = _model.GetSymbolInfo(syntax, _cancellationToken).Symbol;
        switch (symbol)
        {
            case IParameterSymbol parameter when SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, _method):
                return new ParameterExpr(parameter.Ordinal, isBoolean);
            case IFieldSymbol { IsStatic: true } field when field.ContainingType is not null:
                return new UniformExpr(field.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + Common.Declarations.Escape(field.Name), isBoolean);
            case IPropertySymbol { IsStatic: true, Parameters.Length: 0, GetMethod: not null } property when property.ContainingType is not null:
                if (SymbolEqualityComparer.Default.Equals(property.ContainingType, _semiring) || property.ContainingType.SpecialType != SpecialType.None)
                {
                    return new UniformExpr(property.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + Common.Declarations.Escape(property.Name), isBoolean);
                }

                return Fail(syntax, Describe(syntax), "only static properties of the semiring or of a primitive type can be read");
            default:
                return Fail(syntax, Describe(syntax), "only the parameters, constants and static fields or properties can be referenced");
        }
    }

    private Expr? LowerUnary(PrefixUnaryExpressionSyntax unary, bool isBoolean)
    {
        if (unary.IsKind(SyntaxKind.UnaryPlusExpression))
        {
            return Lower(unary.Operand);
        }

        UnaryOperator? op = unary.Kind() switch
        {
            SyntaxKind.UnaryMinusExpression => UnaryOperator.Negate,
            SyntaxKind.BitwiseNotExpression => UnaryOperator.BitwiseNot,
            SyntaxKind.LogicalNotExpression => UnaryOperator.LogicalNot,
            _ => null,
        };
        if (op is null)
        {
            return Fail(unary, Describe(unary), $"the operator '{unary.OperatorToken.Text}' has no vector form");
        }

        Expr? operand = Lower(unary.Operand);
        return operand is null ? null : new UnaryExpr(op.Value, operand, isBoolean);
    }

    private Expr? LowerBinary(BinaryExpressionSyntax binary, bool isBoolean)
    {
        BinaryOperator? op = binary.Kind() switch
        {
            SyntaxKind.AddExpression => BinaryOperator.Add,
            SyntaxKind.SubtractExpression => BinaryOperator.Subtract,
            SyntaxKind.MultiplyExpression => BinaryOperator.Multiply,
            SyntaxKind.DivideExpression => BinaryOperator.Divide,
            SyntaxKind.BitwiseAndExpression => BinaryOperator.BitwiseAnd,
            SyntaxKind.BitwiseOrExpression => BinaryOperator.BitwiseOr,
            SyntaxKind.ExclusiveOrExpression => BinaryOperator.ExclusiveOr,
            SyntaxKind.LogicalAndExpression => BinaryOperator.LogicalAnd,
            SyntaxKind.LogicalOrExpression => BinaryOperator.LogicalOr,
            SyntaxKind.LessThanExpression => BinaryOperator.LessThan,
            SyntaxKind.LessThanOrEqualExpression => BinaryOperator.LessThanOrEqual,
            SyntaxKind.GreaterThanExpression => BinaryOperator.GreaterThan,
            SyntaxKind.GreaterThanOrEqualExpression => BinaryOperator.GreaterThanOrEqual,
            SyntaxKind.EqualsExpression => BinaryOperator.Equal,
            SyntaxKind.NotEqualsExpression => BinaryOperator.NotEqual,
            _ => null,
        };
        if (op is null)
        {
            return Fail(binary, Describe(binary), $"the operator '{binary.OperatorToken.Text}' has no vector form");
        }

        if (op == BinaryOperator.Divide && !_element.IsFloatingPoint())
        {
            return Fail(binary, Describe(binary), "integer division has no vector instruction");
        }

        Expr? left = Lower(binary.Left);
        Expr? right = Lower(binary.Right);
        return left is null || right is null ? null : new BinaryExpr(op.Value, left, right, isBoolean);
    }

    private Expr? LowerInvocation(InvocationExpressionSyntax invocation, bool isBoolean)
    {
        if (_model.GetSymbolInfo(invocation, _cancellationToken).Symbol is not IMethodSymbol callee)
        {
            return Fail(invocation, Describe(invocation), "the call could not be resolved");
        }

        string container = callee.ContainingType?.ToDisplayString() ?? string.Empty;
        Intrinsic? function = (container, callee.Name) switch
        {
            ("System.Math" or "System.MathF" or "float" or "double" or "int" or "long", "Max") => Intrinsic.Max,
            ("System.Math" or "System.MathF" or "float" or "double" or "int" or "long", "Min") => Intrinsic.Min,
            ("TensorGen.SemiringMath", "MaxNative") => Intrinsic.MaxNative,
            ("TensorGen.SemiringMath", "MinNative") => Intrinsic.MinNative,
            ("TensorGen.SemiringMath", "LogAddExp") when _element.IsFloatingPoint() => Intrinsic.LogAddExp,
            _ => null,
        };
        if (function is null || invocation.ArgumentList.Arguments.Count != 2)
        {
            return Fail(invocation, Describe(invocation),
                $"'{container}.{callee.Name}' is not one of the calls the generator can vectorize (Math/MathF Max and Min, SemiringMath.MaxNative, MinNative, LogAddExp)");
        }

        Expr? left = Lower(invocation.ArgumentList.Arguments[0].Expression);
        Expr? right = Lower(invocation.ArgumentList.Arguments[1].Expression);
        return left is null || right is null ? null : new CallExpr(function.Value, left, right, isBoolean);
    }

    private Expr? LowerConstant(ExpressionSyntax syntax, object? value)
    {
        if (value is bool flag)
        {
            return new ConstantExpr(flag ? "true" : "false", IsBoolean: true);
        }

        // The converted type is what the operator sees: an int literal in a long or float expression becomes that type.
        ITypeSymbol? converted = _model.GetTypeInfo(syntax, _cancellationToken).ConvertedType;
        if (converted?.SpecialType != ElementSpecialType || _element == ElementKind.Boolean)
        {
            return Fail(syntax, Describe(syntax), $"constants must have the element type '{_element.Keyword()}' or bool");
        }

        try
        {
            return new ConstantExpr(Literal(value), IsBoolean: false);
        }
        catch (Exception exception) when (exception is InvalidCastException or FormatException or OverflowException)
        {
            return Fail(syntax, Describe(syntax), $"the constant does not fit '{_element.Keyword()}'");
        }
    }

    private string Literal(object? value)
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        switch (_element)
        {
            case ElementKind.Single:
            {
                float f = Convert.ToSingle(value, invariant);
                if (float.IsPositiveInfinity(f)) return "float.PositiveInfinity";
                if (float.IsNegativeInfinity(f)) return "float.NegativeInfinity";
                if (float.IsNaN(f)) return "float.NaN";
                return f.ToString("R", invariant) + "f";
            }

            case ElementKind.Double:
            {
                double d = Convert.ToDouble(value, invariant);
                if (double.IsPositiveInfinity(d)) return "double.PositiveInfinity";
                if (double.IsNegativeInfinity(d)) return "double.NegativeInfinity";
                if (double.IsNaN(d)) return "double.NaN";
                return d.ToString("R", invariant) + "d";
            }

            case ElementKind.Int32:
            {
                int i = Convert.ToInt32(value, invariant);
                return i == int.MinValue ? "int.MinValue" : i == int.MaxValue ? "int.MaxValue" : i.ToString(invariant);
            }

            default:
            {
                long l = Convert.ToInt64(value, invariant);
                return l == long.MinValue ? "long.MinValue" : l == long.MaxValue ? "long.MaxValue" : l.ToString(invariant) + "L";
            }
        }
    }

    private Expr? Fail(SyntaxNode node, string construct, string reason)
    {
        Failures.Add((node.GetLocation(), construct, reason));
        return null;
    }

    private Expr? Fail(SyntaxToken token, string construct, string reason)
    {
        Failures.Add((token.GetLocation(), construct, reason));
        return null;
    }

    private static string Describe(SyntaxNode node)
    {
        string text = node.ToString().Replace("\r", " ").Replace("\n", " ");
        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }
}
