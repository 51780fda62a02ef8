using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TensorGen.Generators.Common;

/// <summary>A transform's result: a model when the declaration is valid, and the diagnostics found (equatable, cached apart).</summary>
internal sealed record Extraction<TModel>(TModel? Model, EquatableArray<DiagnosticInfo> Diagnostics) where TModel : class;

/// <summary>One declaration's readable hint-name stem and the identity that tells it from every other.</summary>
internal sealed record HintEntry(string Identity, string Stem);

/// <summary>
/// The hint-name stems of every declaration of one generator, made unique: the compiler compares hint names ignoring
/// case, so declarations whose stems agree but for case (two types <c>Dist</c> and <c>dist</c>, two overloads of one
/// method) keep the stem in ordinal order of their identities, the first as it is and the others with <c>.2</c>, <c>.3</c>, …
/// </summary>
internal sealed record HintTable(EquatableArray<HintEntry> Entries)
{
    public static HintTable Build(ImmutableArray<HintEntry> all)
    {
        var entries = new List<HintEntry>();
        foreach (IGrouping<string, HintEntry> group in all.GroupBy(e => e.Stem, StringComparer.OrdinalIgnoreCase))
        {
            string[] identities = group.Select(e => e.Identity).Distinct(StringComparer.Ordinal).OrderBy(i => i, StringComparer.Ordinal).ToArray();
            for (int i = 0; i < identities.Length; i++)
            {
                string stem = group.First(e => e.Identity == identities[i]).Stem;
                entries.Add(new HintEntry(identities[i], i == 0 ? stem : stem + "." + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return new HintTable(entries.OrderBy(e => e.Identity, StringComparer.Ordinal).ToEquatableArray());
    }

    /// <summary>The unique stem of the declaration with <paramref name="identity"/>.</summary>
    public string For(string identity, string fallback) => Entries.FirstOrDefault(e => e.Identity == identity)?.Stem ?? fallback;
}

/// <summary>The tracking names of one attribute's pipeline steps, all starting with <see cref="Prefix"/>, for incrementality tests.</summary>
internal sealed class PipelineSteps(string prefix)
{
    public string Prefix { get; } = prefix;

    /// <summary>The transform's <see cref="Extraction{TModel}"/> per declaration.</summary>
    public string Results => Prefix + "Results";

    /// <summary>The valid declarations' models.</summary>
    public string Models => Prefix + "Models";

    /// <summary>The diagnostics, split from the models.</summary>
    public string Diagnostics => Prefix + "Diagnostics";

    /// <summary>The unique hint names of every model.</summary>
    public string HintTable => Prefix + "HintTable";

    /// <summary>Each model with its hint name: what the source output reads.</summary>
    public string Hinted => Prefix + "Hinted";
}

/// <summary>
/// The pipeline every family runs: <c>ForAttributeWithMetadataName</c> → an equatable <see cref="Extraction{TModel}"/> →
/// models and diagnostics split (so a diagnostic never invalidates the sources) → unique hint names → sources under the
/// invariant culture. Every step has its own tracking name (<see cref="PipelineSteps"/>).
/// </summary>
internal static class Pipeline
{
    /// <summary>Declarations with <paramref name="attribute"/> as models; their diagnostics are reported as they come.</summary>
    public static IncrementalValuesProvider<TModel> Models<TModel>(
        IncrementalGeneratorInitializationContext context, string attribute, Func<SyntaxNode, bool> predicate,
        Func<GeneratorAttributeSyntaxContext, CancellationToken, Extraction<TModel>> transform, PipelineSteps steps)
        where TModel : class
    {
        IncrementalValuesProvider<Extraction<TModel>> results = context.SyntaxProvider
            .ForAttributeWithMetadataName(attribute, (node, _) => predicate(node), transform)
            .WithTrackingName(steps.Results);

        IncrementalValuesProvider<DiagnosticInfo> diagnostics = results
            .SelectMany(static (r, _) => r.Diagnostics.ToArray())
            .WithTrackingName(steps.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, info) => spc.ReportDiagnostic(info.ToDiagnostic()));

        return results
            .Where(static r => r.Model is not null)
            .Select(static (r, _) => r.Model!)
            .WithTrackingName(steps.Models);
    }

    /// <summary>
    /// Emits every model's files, <c>{stem}{part}.g.cs</c> with a stem unique among this generator's models, under the
    /// invariant culture. <paramref name="write"/> returns every file before any is added, so a failure adds none: it is
    /// TGEN0099 naming the declaration, never a generator exception that drops the whole family's output.
    /// </summary>
    public static void Emit<TModel>(
        IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<TModel> models, PipelineSteps steps,
        Func<TModel, HintEntry> hint, Func<TModel, CancellationToken, IEnumerable<(string Part, string Text)>> write)
    {
        IncrementalValueProvider<HintTable> table = models
            .Select((m, _) => hint(m))
            .Collect()
            .Select(static (all, _) => HintTable.Build(all))
            .WithTrackingName(steps.HintTable);

        IncrementalValuesProvider<(TModel Model, string Stem)> hinted = models
            .Combine(table)
            .Select((pair, _) =>
            {
                HintEntry entry = hint(pair.Left);
                return (pair.Left, pair.Right.For(entry.Identity, entry.Stem));
            })
            .WithTrackingName(steps.Hinted);

        context.RegisterSourceOutput(hinted, (spc, item) =>
        {
            List<(string Part, string Text)> files;
            try
            {
                files = GeneratedFile.Invariant(() => write(item.Model, spc.CancellationToken).ToList());
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                spc.ReportDiagnostic(Diagnostic.Create(Diagnostics.InternalError, Location.None, item.Stem,
                    exception.GetType().Name + ": " + exception.Message));
                return;
            }

            foreach ((string part, string text) in files)
            {
                spc.AddSource(item.Stem + part + ".g.cs", Microsoft.CodeAnalysis.Text.SourceText.From(text, System.Text.Encoding.UTF8));
            }
        });
    }

    /// <summary>
    /// Whether a method-family attribute sits where no generated body can go (a local function, a lambda, an accessor,
    /// an operator, a constructor): such nodes are let through the predicate so that the transform reports them.
    /// </summary>
    public static bool IsMethodLike(SyntaxNode node) =>
        node is MethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax
            or AccessorDeclarationSyntax or BaseMethodDeclarationSyntax;

    /// <summary>What a user calls the node a method attribute is on, as written, when it is not a method declaration.</summary>
    public static string? NotAMethod(SyntaxNode node) => node switch
    {
        MethodDeclarationSyntax => null,
        LocalFunctionStatementSyntax local => $"the local function '{local.Identifier.ValueText}'",
        AnonymousFunctionExpressionSyntax => "a lambda",
        AccessorDeclarationSyntax accessor => $"the '{accessor.Keyword.ValueText}' accessor of '{(accessor.Parent?.Parent as BasePropertyDeclarationSyntax)?.ToString().Split('{')[0].Trim()}'",
        OperatorDeclarationSyntax op => $"the operator '{op.OperatorToken.ValueText}'",
        ConversionOperatorDeclarationSyntax conversion => $"the conversion operator to '{conversion.Type}'",
        ConstructorDeclarationSyntax constructor => $"the constructor of '{constructor.Identifier.ValueText}'",
        DestructorDeclarationSyntax destructor => $"the finalizer of '{destructor.Identifier.ValueText}'",
        _ => "something other than a method",
    };
}
