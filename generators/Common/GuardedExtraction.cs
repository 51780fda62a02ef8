using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TensorGen.Generators.Common;

/// <summary>
/// The transform step every family shares. Before the family's own extraction it decides, the same way for all:
/// a declaration with syntax errors of its own gets nothing (the compiler reports them); a symbol whose attribute sits
/// on several partial parts gets one model, from the first; a method attribute on a local function, lambda, accessor,
/// operator or constructor is TGEN0010; attributes of two families on one declaration are TGEN0011. The extraction then
/// runs, its model kept only when it reported no diagnostic, and an unexpected exception becomes TGEN0099 at the
/// declaration instead of failing the whole generator (cancellation still propagates).
/// </summary>
internal static class GuardedExtraction
{
    public static Extraction<TModel> Run<TModel>(GeneratorAttributeSyntaxContext context, string attribute,
                                                 Func<List<DiagnosticInfo>, TModel?> extract, System.Threading.CancellationToken cancellationToken)
        where TModel : class
    {
        var diagnostics = new List<DiagnosticInfo>();
        SyntaxNode node = context.TargetNode;
        Location at = NameLocation(context);
        string name = context.TargetSymbol.Name;
        try
        {
            if (Declarations.HasSyntaxErrors(node) || Declarations.InBrokenNamespace(node) || !Declarations.IsFirstAttributedPart(context)
                || Declarations.HasDeclarationErrors(context, cancellationToken))
            {
                return new Extraction<TModel>(null, default);
            }

            if (node is not TypeDeclarationSyntax && Pipeline.NotAMethod(node) is string what)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnsupportedTarget, at, Declarations.ShortName(attribute), what));
                return new Extraction<TModel>(null, diagnostics.ToEquatableArray());
            }

            if (Declarations.OtherFamily(context.TargetSymbol, attribute) is (string other, bool reports))
            {
                if (reports)
                {
                    diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ConflictingFamilies, at, name, Declarations.ShortName(attribute), other));
                }

                return new Extraction<TModel>(null, diagnostics.ToEquatableArray());
            }

            TModel? model = extract(diagnostics);
            return new Extraction<TModel>(diagnostics.Count == 0 ? model : null, diagnostics.ToEquatableArray());
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.InternalError, at, name, exception.GetType().Name + ": " + exception.Message));
            return new Extraction<TModel>(null, diagnostics.ToEquatableArray());
        }
    }

    /// <summary>Where a declaration's diagnostics point: its name, or the attribute where it has none (a lambda).</summary>
    private static Location NameLocation(GeneratorAttributeSyntaxContext context) => context.TargetNode switch
    {
        BaseTypeDeclarationSyntax type => type.Identifier.GetLocation(),
        MethodDeclarationSyntax method => method.Identifier.GetLocation(),
        LocalFunctionStatementSyntax local => local.Identifier.GetLocation(),
        _ => context.Attributes.Length > 0 && context.Attributes[0].ApplicationSyntaxReference is SyntaxReference reference
            ? Location.Create(reference.SyntaxTree, reference.Span)
            : context.TargetNode.GetLocation(),
    };
}
