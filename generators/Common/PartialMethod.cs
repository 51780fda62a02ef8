using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TensorGen.Generators.Common;

/// <summary>One parameter of a partial method as its implementation repeats it: modifiers (<c>this</c>, <c>scoped</c>, <c>params</c>), fully qualified type, escaped name.</summary>
internal sealed record ParameterModel(string Modifiers, string Type, string Name)
{
    /// <summary>The parameter as the implementation declares it.</summary>
    public override string ToString() => (Modifiers.Length == 0 ? string.Empty : Modifiers + " ") + Type + " " + Name;
}

/// <summary>
/// A <c>static partial void</c> method that receives a generated body, as plain data: where it lives, its modifiers in
/// order, its parameters. The method families (precision, permutation, equivariant) share it.
/// </summary>
internal sealed record PartialMethod(
    string Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string Name,
    string Modifiers,
    EquatableArray<ParameterModel> Parameters)
{
    /// <summary>The escaped parameter names, in order.</summary>
    public string[] ParameterNames => Parameters.Select(p => p.Name).ToArray();

    /// <summary>The readable hint-name stem: namespace, containing types and method name.</summary>
    public string HintStem => Declarations.HintStem(Namespace, ContainingTypes, Name);

    /// <summary>What tells two methods apart: the full name and the parameter types (overloads share a stem).</summary>
    public string Identity =>
        Declarations.FullName(Namespace, ContainingTypes, Name) + "(" + string.Join(", ", Parameters.Select(p => p.Type)) + ")";

    /// <summary>The implementing declaration's first line: modifiers, <c>void</c>, name and parameters exactly as declared.</summary>
    public string Signature => $"{Modifiers} void {Name}({string.Join(", ", Parameters)})";

    /// <summary>The accessibility modifiers alone, for members generated beside the method.</summary>
    public string Accessibility
    {
        get
        {
            string[] access = Modifiers.Split(' ').Where(m => m is "public" or "internal" or "private" or "protected").ToArray();
            return access.Length == 0 ? "private" : string.Join(" ", access);
        }
    }
}

/// <summary>Reads a <see cref="PartialMethod"/> from a declaration, or says why the declaration cannot take a generated body.</summary>
internal static class PartialMethods
{
    /// <summary>The modifiers a generated body cannot carry, with the reason.</summary>
    private static readonly Dictionary<SyntaxKind, string> s_refused = new()
    {
        [SyntaxKind.AsyncKeyword] = "it is async, but a generated kernel is synchronous",
        [SyntaxKind.UnsafeKeyword] = "it is unsafe, but a generated kernel needs no unsafe context (and the project may not allow one)",
        [SyntaxKind.ExternKeyword] = "it is extern, so it cannot have a body",
        [SyntaxKind.VirtualKeyword] = "it is virtual",
        [SyntaxKind.OverrideKeyword] = "it is an override",
        [SyntaxKind.AbstractKeyword] = "it is abstract",
        [SyntaxKind.NewKeyword] = "it hides an inherited member",
    };

    /// <summary>
    /// The method as a model, or null with one reason added to <paramref name="diagnostics"/> under <paramref name="notPartial"/>:
    /// not static, not void, generic, with a body, with a refused modifier, with a by-reference parameter, in a type that
    /// is not partial, generic or file-local.
    /// </summary>
    public static PartialMethod? Read(IMethodSymbol method, MethodDeclarationSyntax declaration, DiagnosticDescriptor notPartial,
                                      List<DiagnosticInfo> diagnostics)
    {
        string? problem = Problem(method, declaration);
        EquatableArray<ContainingType>? containing = problem is null ? Declarations.Containers(declaration, out problem) : null;
        if (problem is null && Declarations.FileLocalType(method) is string local)
        {
            problem = $"its containing type '{local}' is file-local, and the generated part lives in another file";
        }

        if (problem is not null || containing is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(notPartial, declaration.Identifier.GetLocation(), method.Name, problem ?? "it cannot be read"));
            return null;
        }

        var parameters = new List<ParameterModel>();
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            ParameterSyntax? syntax = parameter.Ordinal < declaration.ParameterList.Parameters.Count ? declaration.ParameterList.Parameters[parameter.Ordinal] : null;
            string modifiers = syntax is null ? string.Empty : string.Join(" ", syntax.Modifiers.Select(m => m.Text));
            parameters.Add(new ParameterModel(modifiers, parameter.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), Declarations.Escape(parameter.Name)));
        }

        return new PartialMethod(Declarations.Namespace(method), containing.Value, Declarations.Escape(method.Name),
            string.Join(" ", declaration.Modifiers.Select(m => m.Text)), parameters.ToEquatableArray());
    }

    private static string? Problem(IMethodSymbol method, MethodDeclarationSyntax declaration)
    {
        if (!method.IsStatic) return "it is not static";
        if (!method.ReturnsVoid) return "it does not return void";
        if (method.IsGenericMethod) return "it is generic";
        if (declaration.Body is not null || declaration.ExpressionBody is not null)
            return "it already has a body";
        if (method.PartialImplementationPart is { } implementation && Declarations.IsUserDeclared(implementation))
            return "it already has an implementing declaration";
        if (!method.IsPartialDefinition) return "it is not partial";
        foreach (SyntaxToken modifier in declaration.Modifiers)
        {
            if (s_refused.TryGetValue(modifier.Kind(), out string? why)) return why;
        }

        IParameterSymbol? byReference = method.Parameters.FirstOrDefault(p => p.RefKind != RefKind.None);
        return byReference is null ? null
            : $"parameter '{byReference.Name}' is passed by reference ({byReference.RefKind.ToString().ToLowerInvariant()}); the kernels take spans and sizes by value";
    }
}
