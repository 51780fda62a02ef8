using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Permutation;

public sealed partial class PermutationGenerator
{
    /// <summary>The transform step: validates orders, channels and signature, never throwing.</summary>
    internal static class Execute
    {
        /// <summary>The parameter types the generated body expects, as the compiler displays them.</summary>
        internal static readonly string[] ExpectedParameters =
            ["System.ReadOnlySpan<float>", "System.ReadOnlySpan<float>", "System.Span<float>", "int"];

        public static PermutationResult Transform(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var declaration = (MethodDeclarationSyntax)context.TargetNode;
            (PermutationMethodModel? model, EquatableArray<DiagnosticInfo> diagnostics) =
                GuardedExtraction.Run(declaration.Identifier, found => Extract(context, declaration, found, cancellationToken));
            return new PermutationResult(model, diagnostics);
        }

        private static PermutationMethodModel? Extract(GeneratorAttributeSyntaxContext context, MethodDeclarationSyntax declaration,
                                                       List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not IMethodSymbol method || context.Attributes.Length == 0)
            {
                return null;
            }

            string name = method.Name;
            Location at = declaration.Identifier.GetLocation();
            AttributeData attribute = context.Attributes[0];

            // The orders and channels first: they decide the basis whatever the signature says.
            int k = ConstructorInt(attribute, 0), l = ConstructorInt(attribute, 1);
            int inChannels = 1, outChannels = 1;
            foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
            {
                if (named.Value.Value is not int value) continue;
                if (named.Key == "InChannels") inChannels = value;
                else if (named.Key == "OutChannels") outChannels = value;
            }

            if (k < 0 || l < 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NegativeTensorOrder, at, name, Invariant(k), Invariant(l)));
            }
            else if (k + l > SetPartitions.MaxPoints)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.TensorOrderTooHigh, at, name, Invariant(k + l)));
            }
            else
            {
                int basisCount = SetPartitions.Bell(k + l);
                if (inChannels < 1 || outChannels < 1 || (long)inChannels * outChannels * basisCount > int.MaxValue)
                {
                    diagnostics.Add(DiagnosticInfo.Create(Diagnostics.BadChannelCount, at, name, Invariant(inChannels), Invariant(outChannels), Invariant(basisCount)));
                }
            }

            if (!method.IsStatic || !method.IsPartialDefinition || !method.ReturnsVoid || method.IsGenericMethod)
            {
                string reason = !method.IsStatic ? "it is not static"
                    : !method.ReturnsVoid ? "it does not return void"
                    : method.IsGenericMethod ? "it is generic"
                    : method.PartialImplementationPart is not null || declaration.Body is not null || declaration.ExpressionBody is not null
                        ? "it already has a body" : "it is not partial";
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.PermutationNotStaticPartialMethod, at, name, reason));
                return null;
            }

            var containing = new List<PermutationContainer>();
            for (SyntaxNode? parent = declaration.Parent; parent is TypeDeclarationSyntax outer; parent = parent.Parent)
            {
                if (!outer.Modifiers.Any(SyntaxKind.PartialKeyword) || outer.TypeParameterList is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(Diagnostics.PermutationNotStaticPartialMethod, at, name,
                        $"its containing type '{outer.Identifier.ValueText}' must be partial and not generic"));
                    return null;
                }

                containing.Insert(0, new PermutationContainer(ContainerKeyword(outer), Escape(outer.Identifier.ValueText)));
            }

            cancellationToken.ThrowIfCancellationRequested();
            string[] actual = method.Parameters
                .Select(p => p.RefKind == RefKind.None ? p.Type.ToDisplayString() : p.RefKind.ToString().ToLowerInvariant() + " " + p.Type.ToDisplayString())
                .ToArray();
            if (!actual.SequenceEqual(ExpectedParameters))
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.WrongPermutationSignature, at, name, "(" + string.Join(", ", actual) + ")"));
            }

            if (diagnostics.Count > 0)
            {
                return null;
            }

            string ns = method.ContainingNamespace.IsGlobalNamespace ? string.Empty : method.ContainingNamespace.ToDisplayString();
            string modifiers = string.Join(" ", declaration.Modifiers.Select(m => m.ValueText));
            return new PermutationMethodModel(ns, containing.ToEquatableArray(), Escape(name), modifiers, k, l, inChannels, outChannels,
                method.Parameters.Select(p => Escape(p.Name)).ToEquatableArray());
        }

        private static int ConstructorInt(AttributeData attribute, int index) =>
            attribute.ConstructorArguments.Length > index && attribute.ConstructorArguments[index].Value is int value ? value : 0;

        private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

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
