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

        public static Extraction<PermutationMethodModel> Transform(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
            GuardedExtraction.Run(context, AttributeName, found => Extract(context, (MethodDeclarationSyntax)context.TargetNode, found, cancellationToken), cancellationToken);

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
            else if ((long)k + l > SetPartitions.MaxPoints)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.TensorOrderTooHigh, at, name, ((long)k + l).ToString(CultureInfo.InvariantCulture)));
            }
            else
            {
                int basisCount = SetPartitions.Bell(k + l);
                if (inChannels < 1 || outChannels < 1 || (long)inChannels * outChannels * basisCount > int.MaxValue)
                {
                    diagnostics.Add(DiagnosticInfo.Create(Diagnostics.BadChannelCount, at, name, Invariant(inChannels), Invariant(outChannels), Invariant(basisCount)));
                }
            }

            PartialMethod? shape = PartialMethods.Read(method, declaration, Diagnostics.PermutationNotStaticPartialMethod, diagnostics);
            if (shape is null)
            {
                return null;
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

            return new PermutationMethodModel(shape, k, l, inChannels, outChannels);
        }

        private static int ConstructorInt(AttributeData attribute, int index) =>
            attribute.ConstructorArguments.Length > index && attribute.ConstructorArguments[index].Value is int value ? value : 0;

        private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
