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

    /// <summary>Tracking names of the pipeline's steps, for incrementality tests.</summary>
    internal static readonly PipelineSteps Steps = new("Clifford");

    /// <summary>Tracking name of the step that pairs each type with the other types of its algebra.</summary>
    internal const string MembersStep = "CliffordMembers";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<MultivectorModel> models = Pipeline.Models(context, AttributeName,
            static node => node is StructDeclarationSyntax or RecordDeclarationSyntax, static (ctx, ct) => Execute.Transform(ctx, ct), Steps);

        IncrementalValuesProvider<AlgebraMember> members = models
            .Collect()
            .SelectMany(static (all, _) => Group(all))
            .WithTrackingName(MembersStep);

        Pipeline.Emit(context, members, Steps, static m => m.Type.Hint, Emit.Files);
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
