using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Semirings;

public sealed partial class SemiringGenerator
{
    /// <summary>The transform step: validates the declaration and lowers its members, never throwing.</summary>
    internal static class Execute
    {
        /// <summary>The members the generator adds to a semiring struct (besides the span overloads of Add and Multiply).</summary>
        private static readonly string[] s_generatedMembers = ["IsAddIdempotent", "MatMul", "MatMulAdd", "MatVec", "Dot", "Closure"];

        public static Extraction<SemiringModel> Transform(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
            GuardedExtraction.Run(context, AttributeName, found => Extract(context, (TypeDeclarationSyntax)context.TargetNode, found, cancellationToken), cancellationToken);

        private static SemiringModel? Extract(GeneratorAttributeSyntaxContext context, TypeDeclarationSyntax declaration,
                                              List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol type)
            {
                return null;
            }

            string name = type.Name;
            Location nameLocation = declaration.Identifier.GetLocation();
            EquatableArray<ContainingType>? containing = Placement(type, declaration, nameLocation, diagnostics);
            if (containing is null)
            {
                return null;
            }

            INamedTypeSymbol? contract = type.AllInterfaces.FirstOrDefault(i =>
                i.OriginalDefinition.ToDisplayString() == "TensorGen.ISemiring<TSelf, T>");
            if (contract is null || !SymbolEqualityComparer.Default.Equals(contract.TypeArguments[0], type))
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.MissingInterface, nameLocation, name));
                return null;
            }

            ITypeSymbol elementType = contract.TypeArguments[1];
            ElementKind? element = elementType.SpecialType switch
            {
                SpecialType.System_Single => ElementKind.Single,
                SpecialType.System_Double => ElementKind.Double,
                SpecialType.System_Int32 => ElementKind.Int32,
                SpecialType.System_Int64 => ElementKind.Int64,
                SpecialType.System_Boolean => ElementKind.Boolean,
                _ => null,
            };
            if (element is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnsupportedElementType, nameLocation, name, elementType.ToDisplayString()));
                return null;
            }

            foreach (string identity in new[] { "Zero", "One" })
            {
                if (!HasStaticValue(type, identity, elementType))
                {
                    diagnostics.Add(DiagnosticInfo.Create(Diagnostics.MissingMember, nameLocation, name,
                        $"a static property or field '{identity}' of type {elementType.ToDisplayString()}"));
                }
            }

            Expr? add = LowerOperation(context, type, elementType, element.Value, "Add", nameLocation, diagnostics, cancellationToken);
            Expr? multiply = LowerOperation(context, type, elementType, element.Value, "Multiply", nameLocation, diagnostics, cancellationToken);
            if (add is null || multiply is null || diagnostics.Count > 0)
            {
                return null;
            }

            bool idempotent = Idempotence.IsIdempotent(add) || DeclaresIdempotent(context.Attributes);
            return new SemiringModel(
                Declarations.Namespace(type),
                containing.Value,
                Declarations.Escape(name),
                declaration is RecordDeclarationSyntax ? "record struct" : "struct",
                element.Value,
                add,
                multiply,
                idempotent);
        }

        /// <summary>
        /// Whether the declaration can take a generated part: a non-generic partial struct in partial, non-generic,
        /// non-file-local types, none of its generated members taken. Returns the containing types, or null with a diagnostic.
        /// </summary>
        private static EquatableArray<ContainingType>? Placement(INamedTypeSymbol type, TypeDeclarationSyntax declaration, Location nameLocation,
                                                                 List<DiagnosticInfo> diagnostics)
        {
            string name = type.Name;
            if (type.TypeKind != TypeKind.Struct)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NotPartialStruct, nameLocation, name, $"it is a {KindName(type)}"));
                return null;
            }

            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NotPartialStruct, nameLocation, name, "add the 'partial' modifier"));
                return null;
            }

            EquatableArray<ContainingType>? containing = Declarations.Containers(declaration, out string? containerProblem);
            if (containing is null)
            {
                bool generic = declaration.Ancestors().OfType<TypeDeclarationSyntax>().Any(outer => outer.TypeParameterList is not null);
                diagnostics.Add(generic
                    ? DiagnosticInfo.Create(Diagnostics.GenericSemiring, nameLocation, name)
                    : DiagnosticInfo.Create(Diagnostics.NotPartialStruct, nameLocation, name, containerProblem!));
                return null;
            }

            if (Declarations.FileLocalType(type) is string local)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NotPartialStruct, nameLocation, name,
                    $"'{local}' is file-local, and the generated part lives in another file"));
                return null;
            }

            if (Collision(type, name) is (string member, string with))
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NameCollision, nameLocation, name, member, with));
                return null;
            }

            if (type.IsGenericType)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.GenericSemiring, nameLocation, name));
                return null;
            }

            return containing;
        }

        private static Expr? LowerOperation(GeneratorAttributeSyntaxContext context, INamedTypeSymbol type, ITypeSymbol elementType,
                                            ElementKind element, string memberName, Location nameLocation,
                                            List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            IMethodSymbol? method = type.GetMembers(memberName).OfType<IMethodSymbol>().FirstOrDefault(m =>
                m.IsStatic && m.Parameters.Length == 2 && !m.IsGenericMethod && m.Parameters.All(p => p.RefKind == RefKind.None)
                && SymbolEqualityComparer.Default.Equals(m.ReturnType, elementType)
                && m.Parameters.All(p => SymbolEqualityComparer.Default.Equals(p.Type, elementType)));
            if (method is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.MissingMember, nameLocation, type.Name,
                    $"a non-generic method 'public static {elementType.ToDisplayString()} {memberName}({elementType.ToDisplayString()} x, {elementType.ToDisplayString()} y)' taking its operands by value"));
                return null;
            }

            if (method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not MethodDeclarationSyntax syntax)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.CannotLower, method.Locations.FirstOrDefault(), memberName, memberName, type.Name,
                    "its source is not available in this compilation"));
                return null;
            }

            SemanticModel semanticModel = syntax.SyntaxTree == context.TargetNode.SyntaxTree
                ? context.SemanticModel
                : context.SemanticModel.Compilation.GetSemanticModel(syntax.SyntaxTree);
            if (ExpressionLimits.Exceeded(syntax) is (string what, int value, int limit))
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.TooLarge, syntax.Identifier.GetLocation(), type.Name,
                    $"{what} in {memberName}", value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                return null;
            }

            var lowering = new ExpressionLowering(semanticModel, type, method, element, cancellationToken);
            Expr? result = lowering.LowerBody(syntax);
            foreach ((Location location, string construct, string reason) in lowering.Failures)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.CannotLower, location, construct, memberName, type.Name, reason));
            }

            return lowering.Failures.Count == 0 ? result : null;
        }

        private static bool HasStaticValue(INamedTypeSymbol type, string name, ITypeSymbol elementType) =>
            type.GetMembers(name).Any(member => member switch
            {
                IPropertySymbol property => property.IsStatic && property.GetMethod is not null && property.Parameters.Length == 0
                                            && SymbolEqualityComparer.Default.Equals(property.Type, elementType),
                IFieldSymbol field => field.IsStatic && SymbolEqualityComparer.Default.Equals(field.Type, elementType),
                _ => false,
            });

        private static bool DeclaresIdempotent(IEnumerable<AttributeData> attributes) =>
            attributes.SelectMany(a => a.NamedArguments)
                      .Any(arg => arg.Key == "IdempotentAdd" && arg.Value.Value is true);

        /// <summary>A generated member that would collide with the struct's own name or with a member the user declared, and with what.</summary>
        private static (string Member, string With)? Collision(INamedTypeSymbol type, string name)
        {
            string operators = name == "Operators" ? "SemiringOperators" : "Operators";
            foreach (string generated in s_generatedMembers.Append(operators))
            {
                if (generated == name) return (generated, "the struct's own name (a member cannot be named as its type)");
                // Methods of these names are overloads (the library's own bit-packed OrAnd.MatMul is one); anything else collides.
                ISymbol? declared = type.GetMembers(generated).FirstOrDefault(m => Declarations.IsUserDeclared(m) && m is not IMethodSymbol);
                if (declared is not null) return (generated, $"the {declared.Kind.ToString().ToLowerInvariant()} '{generated}' declared in '{name}'");
            }

            return null;
        }

        private static string KindName(INamedTypeSymbol type) => type.TypeKind switch
        {
            TypeKind.Class => type.IsRecord ? "record class" : "class",
            TypeKind.Interface => "interface",
            _ => type.TypeKind.ToString().ToLowerInvariant(),
        };
    }
}
