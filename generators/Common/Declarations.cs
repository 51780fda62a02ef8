using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace TensorGen.Generators.Common;

/// <summary>A type that contains a declaration, as its partial declaration header needs it (e.g. <c>partial class Outer</c>).</summary>
internal sealed record ContainingType(string Keyword, string Name);

/// <summary>
/// Reading where a declaration lives and whether it can take a generated part, the same way for every family:
/// identifiers escaped, containing types walked, file-local and half-typed declarations refused.
/// </summary>
internal static class Declarations
{
    /// <summary>The attributes that hand a declaration to a TensorGen generator, by metadata name, in a fixed order.</summary>
    public static readonly string[] FamilyAttributes =
    [
        "TensorGen.SemiringAttribute",
        "TensorGen.MultivectorAttribute",
        "TensorGen.CompressedMatVecAttribute",
        "TensorGen.CompressedMatMulAttribute",
        "TensorGen.PermutationEquivariantAttribute",
        "TensorGen.Equivariant.SphericalHarmonicsAttribute",
        "TensorGen.Equivariant.TensorProductAttribute",
    ];

    /// <summary>Writes an identifier that is a C# keyword with its <c>@</c> prefix.</summary>
    public static string Escape(string identifier) =>
        SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;

    /// <summary>The namespace a symbol is declared in, without <c>global::</c>, every part escaped; empty for the global namespace.</summary>
    public static string Namespace(ISymbol symbol)
    {
        var parts = new List<string>();
        for (INamespaceSymbol? ns = symbol.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            parts.Insert(0, Escape(ns.Name));
        }

        return string.Join(".", parts);
    }

    /// <summary>
    /// The partial, non-generic types around <paramref name="declaration"/>, outermost first, or null with the reason
    /// one of them cannot take a generated part.
    /// </summary>
    public static EquatableArray<ContainingType>? Containers(SyntaxNode declaration, out string? problem)
    {
        var containing = new List<ContainingType>();
        for (SyntaxNode? parent = declaration.Parent; parent is TypeDeclarationSyntax outer; parent = parent.Parent)
        {
            if (!outer.Modifiers.Any(SyntaxKind.PartialKeyword) || outer.TypeParameterList is not null)
            {
                problem = $"its containing type '{outer.Identifier.ValueText}' must be partial and not generic";
                return null;
            }

            containing.Insert(0, new ContainingType(ContainerKeyword(outer), Escape(outer.Identifier.ValueText)));
        }

        problem = null;
        return containing.ToEquatableArray();
    }

    /// <summary>The keyword a partial declaration of <paramref name="outer"/> repeats.</summary>
    public static string ContainerKeyword(TypeDeclarationSyntax outer) => outer switch
    {
        RecordDeclarationSyntax record => record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
        StructDeclarationSyntax => "struct",
        InterfaceDeclarationSyntax => "interface",
        _ => "class",
    };

    /// <summary>
    /// Whether the declaration, or a type around it, is <c>file</c>-local: its generated part would live in another
    /// file, where a file-local type cannot be named.
    /// </summary>
    public static string? FileLocalType(ISymbol symbol)
    {
        for (INamedTypeSymbol? type = symbol as INamedTypeSymbol ?? symbol.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.IsFileLocal) return type.Name;
        }

        return null;
    }

    /// <summary>
    /// Whether the declaration has syntax errors of its own (a half-typed parameter list, a missing brace inside it):
    /// the compiler reports those, and the generator emits nothing for it until it parses.
    /// </summary>
    public static bool HasSyntaxErrors(SyntaxNode declaration) =>
        declaration.ContainsDiagnostics && declaration.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>
    /// Whether a namespace around the declaration has a name that did not parse (<c>namespace .</c>, <c>namespace Ns.</c>):
    /// a generated part could not name it; the compiler reports the namespace, and the generator emits nothing.
    /// </summary>
    public static bool InBrokenNamespace(SyntaxNode declaration) =>
        declaration.Ancestors().OfType<BaseNamespaceDeclarationSyntax>()
            .Any(n => HasSyntaxErrors(n.Name) || n.Name.DescendantTokens().Any(t => t.IsMissing));

    /// <summary>
    /// The compiler's errors in a declaration's header that a generated part would repeat in a file the user did not
    /// write: a parameter name used twice, a member or type defined twice, a member outside any type.
    /// </summary>
    private static readonly HashSet<string> s_repeatedByGeneratedCode = ["CS0100", "CS0101", "CS0102", "CS0111", "CS0116"];

    /// <summary>
    /// Whether the compiler already reports, in the declaration's header, an error that code generated from it would
    /// only repeat (<see cref="s_repeatedByGeneratedCode"/>); the compiler's report at the user's code is the diagnostic.
    /// </summary>
    public static bool HasDeclarationErrors(GeneratorAttributeSyntaxContext context, System.Threading.CancellationToken cancellationToken)
    {
        SyntaxNode node = context.TargetNode;
        if (node is MethodDeclarationSyntax && node.Parent is not TypeDeclarationSyntax) return true;
        // The declaration's header: modifiers, name and parameters of a method; modifiers, name and bases of a type.
        TextSpan span = node switch
        {
            BaseMethodDeclarationSyntax method => TextSpan.FromBounds(method.SpanStart, method.ParameterList.Span.End),
            TypeDeclarationSyntax type when type.OpenBraceToken.IsKind(SyntaxKind.OpenBraceToken)
                => TextSpan.FromBounds(type.SpanStart, type.OpenBraceToken.SpanStart),
            _ => node.Span,
        };
        return context.SemanticModel.GetDeclarationDiagnostics(span, cancellationToken)
            .Any(d => d.Severity == DiagnosticSeverity.Error && s_repeatedByGeneratedCode.Contains(d.Id));
    }

    /// <summary>
    /// Whether <paramref name="context"/>'s node is the first part of its symbol that carries the attribute, so that a
    /// symbol whose attribute appears on several partial parts (an error the compiler reports) gets one model.
    /// </summary>
    public static bool IsFirstAttributedPart(GeneratorAttributeSyntaxContext context)
    {
        if (context.Attributes.Length == 0) return false;
        INamedTypeSymbol? attributeClass = context.Attributes[0].AttributeClass;
        List<SyntaxReference> applications = context.TargetSymbol.GetAttributes()
            .Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeClass) && a.ApplicationSyntaxReference is not null)
            .Select(a => a.ApplicationSyntaxReference!)
            .ToList();
        // One application (the usual case) needs no ordering of the compilation's trees.
        SyntaxReference? first = applications.Count <= 1 ? applications.FirstOrDefault() : applications
            .OrderBy(r => TreeOrder(context.SemanticModel.Compilation, r.SyntaxTree))
            .ThenBy(r => r.Span.Start)
            .First();
        return first is null
            || (first.SyntaxTree == context.TargetNode.SyntaxTree && context.TargetNode.Span.Contains(first.Span));
    }

    /// <summary>
    /// The other TensorGen family attribute on the same symbol, if any, when this family is the one that reports it
    /// (the first of the two in <see cref="FamilyAttributes"/>); the other family then stays silent.
    /// </summary>
    public static (string Other, bool Reports)? OtherFamily(ISymbol symbol, string attribute)
    {
        int own = System.Array.IndexOf(FamilyAttributes, attribute);
        foreach (AttributeData data in symbol.GetAttributes())
        {
            string? name = data.AttributeClass?.ToDisplayString();
            int other = name is null ? -1 : System.Array.IndexOf(FamilyAttributes, name);
            if (other >= 0 && other != own)
            {
                return (ShortName(name!), own < other);
            }
        }

        return null;
    }

    /// <summary>The attribute's name as a user writes it: <c>TensorGen.SemiringAttribute</c> → <c>Semiring</c>.</summary>
    public static string ShortName(string metadataName)
    {
        string last = metadataName.Substring(metadataName.LastIndexOf('.') + 1);
        return last.EndsWith("Attribute", System.StringComparison.Ordinal) ? last.Substring(0, last.Length - "Attribute".Length) : last;
    }

    /// <summary>The hint-name stem of a declaration: namespace, containing types and name, dot-separated, without <c>@</c>.</summary>
    public static string HintStem(string ns, EquatableArray<ContainingType> containing, string name)
    {
        var stem = new System.Text.StringBuilder();
        if (ns.Length > 0) stem.Append(ns).Append('.');
        foreach (ContainingType type in containing) stem.Append(type.Name).Append('.');
        return stem.Append(name).Replace("@", string.Empty).ToString();
    }

    /// <summary>The fully qualified name of a declared type: <c>global::Ns.Outer.Name</c>.</summary>
    public static string FullName(string ns, EquatableArray<ContainingType> containing, string name)
    {
        var full = new System.Text.StringBuilder("global::");
        if (ns.Length > 0) full.Append(ns).Append('.');
        foreach (ContainingType type in containing) full.Append(type.Name).Append('.');
        return full.Append(name).ToString();
    }

    /// <summary>
    /// Whether the user wrote <paramref name="member"/>: declared in source outside generated files (<c>.g.cs</c>), so that
    /// a compilation that already holds a generator's output does not collide with itself.
    /// </summary>
    public static bool IsUserDeclared(ISymbol member) =>
        !member.IsImplicitlyDeclared
        && member.DeclaringSyntaxReferences.Any(r => !r.SyntaxTree.FilePath.EndsWith(".g.cs", System.StringComparison.OrdinalIgnoreCase));

    /// <summary><paramref name="wanted"/>, with underscores appended until it is none of <paramref name="taken"/> (a generated name beside the user's).</summary>
    public static string Fresh(string wanted, IEnumerable<string> taken)
    {
        var names = new HashSet<string>(taken.Select(t => t.TrimStart('@')));
        string name = wanted;
        while (names.Contains(name)) name += "_";
        return name;
    }

    private static int TreeOrder(Compilation compilation, SyntaxTree tree)
    {
        int index = 0;
        foreach (SyntaxTree candidate in compilation.SyntaxTrees)
        {
            if (candidate == tree) return index;
            index++;
        }

        return index;
    }
}
