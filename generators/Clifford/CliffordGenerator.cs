using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Clifford;

/// <summary>
/// Generates the members of <c>[TensorGen.Multivector]</c> partial structs: a syntactic filter, a transform that
/// checks the declaration and returns an equatable model, then the types of each signature gathered so that
/// products between them can name their result type, then one output per type for the sources and one for
/// diagnostics.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class CliffordGenerator : IIncrementalGenerator
{
    internal const string AttributeName = "TensorGen.MultivectorAttribute";

    /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
    internal static class Steps
    {
        public const string Results = "CliffordResults";
        public const string Models = "CliffordModels";
        public const string Members = "CliffordMembers";
        public const string Diagnostics = "CliffordDiagnostics";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<MultivectorResult> results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeName,
                predicate: static (node, _) => node is StructDeclarationSyntax or RecordDeclarationSyntax,
                transform: static (ctx, ct) => Execute.Transform(ctx, ct))
            .WithTrackingName(Steps.Results);

        IncrementalValuesProvider<MultivectorModel> models = results
            .Where(static r => r.Model is not null)
            .Select(static (r, _) => r.Model!)
            .WithTrackingName(Steps.Models);

        IncrementalValuesProvider<AlgebraMember> members = models
            .Collect()
            .SelectMany(static (all, _) => Group(all))
            .WithTrackingName(Steps.Members);

        IncrementalValuesProvider<DiagnosticInfo> diagnostics = results
            .SelectMany(static (r, _) => r.Diagnostics.ToArray())
            .WithTrackingName(Steps.Diagnostics);

        context.RegisterSourceOutput(members, static (spc, member) => Emit.Source(spc, member));
        context.RegisterSourceOutput(diagnostics, static (spc, info) => spc.ReportDiagnostic(info.ToDiagnostic()));
    }

    /// <summary>Each type with every type of the same signature, in a stable order.</summary>
    private static IEnumerable<AlgebraMember> Group(ImmutableArray<MultivectorModel> all)
    {
        foreach (IGrouping<string, MultivectorModel> algebra in all.GroupBy(m => m.SignatureText))
        {
            EquatableArray<MultivectorModel> siblings = algebra
                .GroupBy(m => m.FullName).Select(g => g.First())
                .OrderBy(m => m.FullName, System.StringComparer.Ordinal)
                .ToEquatableArray();
            foreach (MultivectorModel type in siblings)
            {
                yield return new AlgebraMember(type, siblings);
            }
        }
    }
}
