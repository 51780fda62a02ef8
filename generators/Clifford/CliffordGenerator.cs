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

    /// <summary>Tracking names of the pipeline steps (the shared ones are <c>Clifford</c> + <c>Results</c>, <c>Models</c>, …), for incrementality tests.</summary>
    internal static class Steps
    {
        public const string Prefix = "Clifford";
        public const string Results = Prefix + "Results";
        public const string Models = Prefix + "Models";
        public const string Members = Prefix + "Members";
        public const string Diagnostics = Prefix + "Diagnostics";
        public const string Hinted = Prefix + "Hinted";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<MultivectorModel> models = Pipeline.Models(context, AttributeName,
            static node => node is StructDeclarationSyntax or RecordDeclarationSyntax, static (ctx, ct) => Execute.Transform(ctx, ct), Steps.Prefix);

        IncrementalValuesProvider<AlgebraMember> members = models
            .Collect()
            .SelectMany(static (all, _) => Group(all))
            .WithTrackingName(Steps.Members);

        Pipeline.Emit(context, members, Steps.Prefix, static m => m.Type.Hint, Emit.Source);
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
