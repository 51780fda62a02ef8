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
        public static SemiringResult Transform(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var declaration = (TypeDeclarationSyntax)context.TargetNode;
            (SemiringModel? model, EquatableArray<DiagnosticInfo> diagnostics) =
                GuardedExtraction.Run(declaration.Identifier, found => Extract(context, declaration, found, cancellationToken));
            return new SemiringResult(model, diagnostics);
        }

        private static SemiringModel? Extract(GeneratorAttributeSyntaxContext context, TypeDeclarationSyntax declaration,
                                              List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol type)
            {
                return null;
            }

            string name = type.Name;
            Location nameLocation = declaration.Identifier.GetLocation();
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

            var containing = new List<ContainingType>();
            for (SyntaxNode? parent = declaration.Parent; parent is TypeDeclarationSyntax outer; parent = parent.Parent)
            {
                if (!outer.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NotPartialStruct, nameLocation, name,
                        $"its containing type '{outer.Identifier.ValueText}' must be partial too"));
                    return null;
                }

                if (outer.TypeParameterList is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(Diagnostics.GenericSemiring, nameLocation, name));
                    return null;
                }

                containing.Insert(0, new ContainingType(ContainerKeyword(outer), Escape(outer.Identifier.ValueText)));
            }

            if (type.IsGenericType)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.GenericSemiring, nameLocation, name));
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
                type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Substring("global::".Length),
                containing.ToEquatableArray(),
                Escape(name),
                declaration is RecordDeclarationSyntax ? "record struct" : "struct",
                element.Value,
                add,
                multiply,
                idempotent);
        }

        private static Expr? LowerOperation(GeneratorAttributeSyntaxContext context, INamedTypeSymbol type, ITypeSymbol elementType,
                                            ElementKind element, string memberName, Location nameLocation,
                                            List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            IMethodSymbol? method = type.GetMembers(memberName).OfType<IMethodSymbol>().FirstOrDefault(m =>
                m.IsStatic && m.Parameters.Length == 2
                && SymbolEqualityComparer.Default.Equals(m.ReturnType, elementType)
                && m.Parameters.All(p => SymbolEqualityComparer.Default.Equals(p.Type, elementType)));
            if (method is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.MissingMember, nameLocation, type.Name,
                    $"a method 'public static {elementType.ToDisplayString()} {memberName}({elementType.ToDisplayString()} x, {elementType.ToDisplayString()} y)'"));
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

        /// <summary>Writes an identifier that is a C# keyword with its <c>@</c> prefix.</summary>
        private static string Escape(string identifier) =>
            SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;

        private static string KindName(INamedTypeSymbol type) => type.TypeKind switch
        {
            TypeKind.Class => type.IsRecord ? "record class" : "class",
            TypeKind.Interface => "interface",
            _ => type.TypeKind.ToString().ToLowerInvariant(),
        };

        private static string ContainerKeyword(TypeDeclarationSyntax outer) => outer switch
        {
            RecordDeclarationSyntax record => record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
            StructDeclarationSyntax => "struct",
            InterfaceDeclarationSyntax => "interface",
            _ => "class",
        };
    }
}
