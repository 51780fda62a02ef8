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

        public static Extraction<PrecisionMethodModel> Transform(GeneratorAttributeSyntaxContext context, string attributeName,
                                                                 PrecisionOperation operation, CancellationToken cancellationToken) =>
            GuardedExtraction.Run(context, attributeName, found => Extract(context, (MethodDeclarationSyntax)context.TargetNode, operation, found, cancellationToken), cancellationToken);

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

            PartialMethod? shape = PartialMethods.Read(method, declaration,
                matVec ? Diagnostics.NotStaticPartialMethod : Diagnostics.MatMulNotStaticPartialMethod, diagnostics);
            if (shape is null)
            {
                return null;
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

            return new PrecisionMethodModel(shape, storage, operation);
        }

        private static string AccumulationName(int value) => value switch
        {
            2 => "Double",
            _ => value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
