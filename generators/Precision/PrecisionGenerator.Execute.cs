using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Precision;

public sealed partial class PrecisionGenerator
{
    /// <summary>The transform step: validates the declaration against its storage format, never throwing.</summary>
    internal static class Execute
    {
        private const int AccumulationSingle = 1;

        public static PrecisionResult Transform(GeneratorAttributeSyntaxContext context, PrecisionOperation operation, CancellationToken cancellationToken)
        {
            var declaration = (MethodDeclarationSyntax)context.TargetNode;
            (PrecisionMethodModel? model, EquatableArray<DiagnosticInfo> diagnostics) =
                GuardedExtraction.Run(declaration.Identifier, found => Extract(context, declaration, operation, found, cancellationToken));
            return new PrecisionResult(model, diagnostics);
        }

        private static PrecisionMethodModel? Extract(GeneratorAttributeSyntaxContext context, MethodDeclarationSyntax declaration,
                                                     PrecisionOperation operation, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not IMethodSymbol method || context.Attributes.Length == 0)
            {
                return null;
            }

            string name = method.Name;
            Location at = declaration.Identifier.GetLocation();
            AttributeData attribute = context.Attributes[0];

            // The format first: an unknown format makes the signature check meaningless.
            int storageValue = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int s ? s : 0;
            if (!Enum.IsDefined(typeof(StorageKind), storageValue))
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnsupportedStorageFormat, at, name, storageValue.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                return null;
            }

            var storage = (StorageKind)storageValue;
            bool matVec = operation == PrecisionOperation.MatVec;
            foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
            {
                if (named.Key == "Accumulation" && named.Value.Value is int accumulation && accumulation != AccumulationSingle)
                {
                    diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnsupportedAccumulation, at, name, AccumulationName(accumulation), storage.ToString()));
                }
            }

            if (!method.IsStatic || !method.IsPartialDefinition || !method.ReturnsVoid || method.IsGenericMethod)
            {
                string reason = !method.IsStatic ? "it is not static"
                    : !method.ReturnsVoid ? "it does not return void"
                    : method.IsGenericMethod ? "it is generic"
                    : method.PartialImplementationPart is not null || declaration.Body is not null || declaration.ExpressionBody is not null
                        ? "it already has a body" : "it is not partial";
                diagnostics.Add(DiagnosticInfo.Create(matVec ? Diagnostics.NotStaticPartialMethod : Diagnostics.MatMulNotStaticPartialMethod, at, name, reason));
                return null;
            }

            var containing = new List<PrecisionContainer>();
            for (SyntaxNode? parent = declaration.Parent; parent is TypeDeclarationSyntax outer; parent = parent.Parent)
            {
                if (!outer.Modifiers.Any(SyntaxKind.PartialKeyword) || outer.TypeParameterList is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(matVec ? Diagnostics.NotStaticPartialMethod : Diagnostics.MatMulNotStaticPartialMethod, at, name,
                        $"its containing type '{outer.Identifier.ValueText}' must be partial and not generic"));
                    return null;
                }

                containing.Insert(0, new PrecisionContainer(ContainerKeyword(outer), Escape(outer.Identifier.ValueText)));
            }

            cancellationToken.ThrowIfCancellationRequested();
            string[] expected = StorageSignatures.Expected(storage, operation);
            string[] actual = method.Parameters.Select(p => p.RefKind == RefKind.None ? p.Type.ToDisplayString() : p.RefKind.ToString().ToLowerInvariant() + " " + p.Type.ToDisplayString()).ToArray();
            if (!actual.SequenceEqual(expected))
            {
                string[] names = StorageSignatures.Names(operation);
                string wanted = string.Join(", ", expected.Select((t, i) => t + " " + names[i]));
                diagnostics.Add(DiagnosticInfo.Create(matVec ? Diagnostics.WrongMatVecSignature : Diagnostics.WrongMatMulSignature, at, name, storage.ToString(), wanted, "(" + string.Join(", ", actual) + ")"));
            }

            if (diagnostics.Count > 0)
            {
                return null;
            }

            string ns = method.ContainingNamespace.IsGlobalNamespace ? string.Empty : method.ContainingNamespace.ToDisplayString();
            string modifiers = string.Join(" ", declaration.Modifiers.Select(m => m.ValueText));
            return new PrecisionMethodModel(ns, containing.ToEquatableArray(), Escape(name), modifiers, storage, operation,
                method.Parameters.Select(p => Escape(p.Name)).ToEquatableArray());
        }

        private static string AccumulationName(int value) => value switch
        {
            2 => "Double",
            _ => value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

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
