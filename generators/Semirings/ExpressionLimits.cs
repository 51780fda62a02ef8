using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TensorGen.Generators.Semirings;

/// <summary>
/// The size an Add or Multiply body may have before it is lowered. The lowering, the idempotence check and the vector
/// writer recurse over the expression; bounding it here, with an iterative walk, keeps them far from the end of a
/// 1 MiB stack (an IDE or build-server thread) whatever the user writes, and keeps the emitted code small.
/// </summary>
internal static class ExpressionLimits
{
    /// <summary>Expressions nested inside one another: a few dozen is already more than any semiring needs.</summary>
    public const int MaxDepth = 100;

    /// <summary>Expressions in the whole body.</summary>
    public const int MaxNodes = 2000;

    /// <summary>What exceeds a limit in <paramref name="member"/>'s body, its measure and the limit; null when within both.</summary>
    public static (string What, int Value, int Limit)? Exceeded(MethodDeclarationSyntax member)
    {
        SyntaxNode? body = (SyntaxNode?)member.ExpressionBody ?? member.Body;
        if (body is null) return null;

        int nodes = 0, deepest = 0;
        var pending = new Stack<(SyntaxNode Node, int Depth)>();
        pending.Push((body, 0));
        while (pending.Count > 0)
        {
            (SyntaxNode node, int depth) = pending.Pop();
            if (node is ExpressionSyntax)
            {
                depth++;
                nodes++;
                if (depth > deepest) deepest = depth;
            }

            foreach (SyntaxNode child in node.ChildNodes()) pending.Push((child, depth));
        }

        return deepest > MaxDepth ? ("its expression nesting depth", deepest, MaxDepth)
            : nodes > MaxNodes ? ("its number of subexpressions", nodes, MaxNodes)
            : null;
    }
}
