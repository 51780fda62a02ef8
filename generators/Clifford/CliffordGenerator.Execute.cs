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

        public static Extraction<MultivectorModel> Transform(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
            GuardedExtraction.Run(context, AttributeName, found => Extract(context, (TypeDeclarationSyntax)context.TargetNode, found, cancellationToken), cancellationToken);

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
                : declaration.ParameterList is not null ? "it has a primary constructor, whose parameters would become fields beside the blades"
                : Declarations.FileLocalType(type) is string local ? $"'{local}' is file-local, and the generated part lives in another file"
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

            if (Collision(type, name) is (string member, string with))
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NameCollision, at, name, member, with));
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
            if (p < 0 || q < 0 || r < 0 || (long)p + q + r < 1 || (long)p + q + r > MaxDimension)
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
            EquatableArray<ContainingType> containing = Declarations.Containers(declaration, out _) ?? default;
            // Effective accessibility: public only when the type and every type around it are public.
            bool visible = true;
            for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType) visible &= t.DeclaredAccessibility == Accessibility.Public;
            string accessibility = visible ? "public" : "internal";
            return new MultivectorModel(Declarations.Namespace(type), containing, Declarations.Escape(name), accessibility, p, q, r, grades.ToEquatableArray());
        }

        /// <summary>The members every multivector gets, whatever its grades (blade fields are checked by <see cref="Collision"/> too).</summary>
        private static readonly string[] s_generatedMembers =
        [
            "Scalar", "BladeCount", "BladeBitmaps", "Reverse", "GradeInvolution", "CliffordConjugate", "Grade", "Norm", "NormSquared",
            "CopyTo", "ScalarProduct", "Sandwich", "TryInverse", "Inverse", "GeometricProduct", "OuterProduct", "LeftContraction",
            "GeometricProductKernel",
        ];

        /// <summary>A generated member that would collide with the struct's own name or with a member the user declared, and with what.</summary>
        private static (string Member, string With)? Collision(INamedTypeSymbol type, string name)
        {
            var bladeName = new System.Text.RegularExpressions.Regex("^(E[1-6]+|Sandwich\\w*)$");
            if (s_generatedMembers.Contains(name) || bladeName.IsMatch(name))
                return (name, "the struct's own name (a member cannot be named as its type)");
            foreach (ISymbol declared in type.GetMembers())
            {
                // Methods are overloads unless they take what a generated one takes: nothing, on an instance.
                if (!Declarations.IsUserDeclared(declared) || declared is IMethodSymbol { MethodKind: not MethodKind.Ordinary }
                    || declared is IMethodSymbol { IsStatic: true } or IMethodSymbol { Parameters.Length: > 0 }) continue;
                if (s_generatedMembers.Contains(declared.Name) || bladeName.IsMatch(declared.Name))
                    return (declared.Name, $"the {declared.Kind.ToString().ToLowerInvariant()} '{declared.Name}' declared in '{name}'");
            }

            return null;
        }

        private readonly record struct SignatureArguments(int P, int Q, int R);

        private static SignatureArguments ReadSignature(AttributeData attribute)
        {
            int Read(int index) =>
                attribute.ConstructorArguments.Length > index && attribute.ConstructorArguments[index].Value is int v ? v : -1;
            return new SignatureArguments(Read(0), Read(1), Read(2));
        }
    }
}
