using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Clifford;

public sealed partial class CliffordGenerator
{
    /// <summary>The transform step: validates the declaration and its signature, never throwing.</summary>
    internal static class Execute
    {
        internal const int MaxDimension = 6;

        public static MultivectorResult Transform(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var declaration = (TypeDeclarationSyntax)context.TargetNode;
            (MultivectorModel? model, EquatableArray<DiagnosticInfo> diagnostics) =
                GuardedExtraction.Run(declaration.Identifier, found => Extract(context, declaration, found, cancellationToken));
            return new MultivectorResult(model, diagnostics);
        }

        private static MultivectorModel? Extract(GeneratorAttributeSyntaxContext context, TypeDeclarationSyntax declaration,
                                                 List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol type || context.Attributes.Length == 0)
            {
                return null;
            }

            string name = type.Name;
            Location at = declaration.Identifier.GetLocation();
            AttributeData attribute = context.Attributes[0];

            // The declaration's shape: a partial, non-readonly, non-generic struct in partial, non-generic types.
            string? shapeProblem =
                declaration is not StructDeclarationSyntax ? "it is a record struct, whose compiler-generated members would not know the blades"
                : !declaration.Modifiers.Any(SyntaxKind.PartialKeyword) ? "it is not partial"
                : declaration.Modifiers.Any(SyntaxKind.ReadOnlyKeyword) ? "it is readonly, but its generated components are fields the products write"
                : declaration.Modifiers.Any(SyntaxKind.RefKeyword) ? "it is a ref struct"
                : declaration.TypeParameterList is not null ? "it is generic"
                : null;
            for (SyntaxNode? parent = declaration.Parent; shapeProblem is null && parent is TypeDeclarationSyntax outer; parent = parent.Parent)
            {
                if (!outer.Modifiers.Any(SyntaxKind.PartialKeyword) || outer.TypeParameterList is not null)
                {
                    shapeProblem = $"its containing type '{outer.Identifier.ValueText}' must be partial and not generic";
                }
            }

            if (shapeProblem is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.MultivectorNotPartialStruct, at, name, shapeProblem));
                return null;
            }

            IFieldSymbol? field = type.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => !f.IsStatic && !f.IsConst && !f.IsImplicitlyDeclared);
            if (field is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.MultivectorHasFields, at, name, field.Name));
                return null;
            }

            SignatureArguments arguments = ReadSignature(attribute);
            int p = arguments.P, q = arguments.Q, r = arguments.R;
            if (p < 0 || q < 0 || r < 0 || p + q + r < 1 || p + q + r > MaxDimension)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnsupportedSignature, at, name,
                    string.Format(CultureInfo.InvariantCulture, "Cl({0},{1},{2})", p, q, r)));
                return null;
            }

            int n = p + q + r;
            List<int> grades;
            TypedConstant gradesArgument = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Grades").Value;
            if (gradesArgument.Kind == TypedConstantKind.Array && !gradesArgument.IsNull)
            {
                grades = gradesArgument.Values.Select(v => v.Value is int g ? g : -1).ToList();
                int outside = grades.FindIndex(g => g < 0 || g > n);
                string? problem =
                    grades.Count == 0 ? "the list is empty"
                    : outside >= 0 ? string.Format(CultureInfo.InvariantCulture, "grade {0} is outside 0…{1}", grades[outside], n)
                    : grades.Distinct().Count() != grades.Count ? "a grade appears twice"
                    : null;
                if (problem is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(Diagnostics.BadGrades, at, name,
                        string.Format(CultureInfo.InvariantCulture, "Cl({0},{1},{2})", p, q, r), problem));
                    return null;
                }

                grades.Sort();
            }
            else
            {
                grades = Enumerable.Range(0, n + 1).ToList();
            }

            cancellationToken.ThrowIfCancellationRequested();
            var containing = new List<MultivectorContainer>();
            for (SyntaxNode? parent = declaration.Parent; parent is TypeDeclarationSyntax outer; parent = parent.Parent)
            {
                containing.Insert(0, new MultivectorContainer(ContainerKeyword(outer), Escape(outer.Identifier.ValueText)));
            }

            string ns = type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString();
            string accessibility = type.DeclaredAccessibility == Accessibility.Public ? "public" : "internal";
            return new MultivectorModel(ns, containing.ToEquatableArray(), Escape(name), accessibility, p, q, r, grades.ToEquatableArray());
        }

        private readonly record struct SignatureArguments(int P, int Q, int R);

        private static SignatureArguments ReadSignature(AttributeData attribute)
        {
            int Read(int index) =>
                attribute.ConstructorArguments.Length > index && attribute.ConstructorArguments[index].Value is int v ? v : -1;
            return new SignatureArguments(Read(0), Read(1), Read(2));
        }

        private static string Escape(string identifier) =>
            SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;

        private static string ContainerKeyword(TypeDeclarationSyntax outer) => outer switch
        {
            RecordDeclarationSyntax record => record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
            StructDeclarationSyntax => "struct",
            InterfaceDeclarationSyntax => "interface",
            _ => "class",
        };
    }
}
