using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Equivariant;

public sealed partial class EquivariantGenerator
{
    /// <summary>The transform steps: validate a declaration, expand shorthands, never throw.</summary>
    internal static class Execute
    {
        public const int MaxShLMax = 8;

        public static Extraction<SphericalHarmonicsModel> Harmonics(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
            Guarded(context, HarmonicsAttributeName, (method, declaration, attribute, diagnostics) => ExtractHarmonics(method, declaration, attribute, diagnostics, cancellationToken), cancellationToken);

        public static Extraction<TensorProductModel> TensorProduct(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
            Guarded(context, TensorProductAttributeName, (method, declaration, attribute, diagnostics) => ExtractTensorProduct(method, declaration, attribute, diagnostics, cancellationToken), cancellationToken);

        private static Extraction<T> Guarded<T>(GeneratorAttributeSyntaxContext context, string attributeName,
            Func<IMethodSymbol, MethodDeclarationSyntax, AttributeData, List<DiagnosticInfo>, T?> extract, CancellationToken cancellationToken) where T : class =>
            GuardedExtraction.Run(context, attributeName, found =>
                context.TargetSymbol is IMethodSymbol method && context.Attributes.Length > 0
                    ? extract(method, (MethodDeclarationSyntax)context.TargetNode, context.Attributes[0], found)
                    : null, cancellationToken);

        // ---- spherical harmonics ------------------------------------------------------------------------------

        private static SphericalHarmonicsModel? ExtractHarmonics(IMethodSymbol method, MethodDeclarationSyntax declaration, AttributeData attribute,
                                                                List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            Location at = declaration.Identifier.GetLocation();
            int lmax = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int l ? l : -1;
            if (lmax < 0 || lmax > MaxShLMax)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.BadLMax, at, method.Name, lmax.ToString(CultureInfo.InvariantCulture)));
            }

            int normalization = 1, layout = 0;
            bool normalize = true;
            foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
            {
                if (named.Key == "Normalization" && named.Value.Value is int n)
                {
                    normalization = n;
                    if (n < 1 || n > 3) diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UndefinedEquivariantOption, at, method.Name, "Normalization", Invariant(n)));
                }
                else if (named.Key == "Normalize" && named.Value.Value is bool b)
                {
                    normalize = b;
                }
                else if (named.Key == "Layout" && named.Value.Value is int k)
                {
                    layout = k;
                    if (k < 0 || k > 1) diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UndefinedEquivariantOption, at, method.Name, "Layout", Invariant(k)));
                }
            }

            MethodShape? shape = Shape(method, declaration, diagnostics);
            if (shape is null || Collides(method, TensorProductAttributeName, at, diagnostics)) return null;
            cancellationToken.ThrowIfCancellationRequested();

            string? element = ElementType(method, 0);
            string[] expected = element is null ? [] : [Ro(element), Ro(element), Ro(element), Rw(element)];
            if (element is null || !Matches(method, expected))
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.WrongEquivariantSignature, at, method.Name,
                    "ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> z, Span<T> output", Actual(method)));
                return null;
            }

            return diagnostics.Count > 0 ? null : new SphericalHarmonicsModel(shape with { ElementType = element }, lmax, normalization, normalize, layout);
        }

        // ---- tensor products ----------------------------------------------------------------------------------

        private static TensorProductModel? ExtractTensorProduct(IMethodSymbol method, MethodDeclarationSyntax declaration, AttributeData attribute,
                                                               List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            Location at = declaration.Identifier.GetLocation();
            string name = method.Name;
            string[] texts = attribute.ConstructorArguments.Select(a => a.Value as string ?? string.Empty).ToArray();
            if (texts.Length != 3) return null;

            string[] which = ["first input", "second input", "output"];
            var irreps = new List<IrrepTerm>?[3];
            for (int i = 0; i < 3; i++)
            {
                irreps[i] = EquivariantSyntax.ParseIrreps(texts[i], out string error);
                if (irreps[i] is null) diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnparseableIrreps, at, name, which[i], texts[i], error));
            }

            (int kind, int irrepNormalization, int pathNormalization, int layout, bool sharedWeights, string instructionText) =
                ProductOptions(attribute, name, at, diagnostics);

            MethodShape? shape = Shape(method, declaration, diagnostics);
            if (diagnostics.Count > 0 || shape is null || Collides(method, TensorProductAttributeName, at, diagnostics)) return null;
            cancellationToken.ThrowIfCancellationRequested();

            List<IrrepTerm> in1 = irreps[0]!, in2 = irreps[1]!, output = irreps[2]!;
            if (!DeclaredWithinLimits(name, [in1, in2, output], which, at, diagnostics)) return null;
            List<InstructionModel>? instructions = kind switch
            {
                1 => Full(name, in1, in2, ref output, texts[2], at, diagnostics),
                2 => FullyConnected(in1, in2, output),
                3 => Elementwise(name, ref in1, ref in2, ref output, texts[2], at, diagnostics),
                _ => Custom(name, instructionText, at, diagnostics),
            };
            if (instructions is null) return null;
            if (instructions.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ShorthandMismatch, at, name,
                    $"no instruction couples {EquivariantSyntax.Format(in1)} ⊗ {EquivariantSyntax.Format(in2)} to {EquivariantSyntax.Format(output)}"));
                return null;
            }

            for (int i = 0; i < instructions.Count; i++)
            {
                Validate(name, i, instructions[i], in1, in2, output, at, diagnostics);
            }

            if (diagnostics.Count > 0 || !WithinLimits(name, in1, in2, output, instructions, at, diagnostics)) return null;
            cancellationToken.ThrowIfCancellationRequested();

            bool weighted = instructions.Any(i => i.HasWeight);
            string? element = ElementType(method, 0);
            string[] expected = element is null ? [] : weighted
                ? [Ro(element), Ro(element), Ro(element), Rw(element), "int"]
                : [Ro(element), Ro(element), Rw(element), "int"];
            if (element is null || !Matches(method, expected))
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.WrongEquivariantSignature, at, name,
                    weighted ? "ReadOnlySpan<T> x1, ReadOnlySpan<T> x2, ReadOnlySpan<T> weights, Span<T> output, int batch"
                             : "ReadOnlySpan<T> x1, ReadOnlySpan<T> x2, Span<T> output, int batch (no instruction is weighted)",
                    Actual(method)));
                return null;
            }

            string declared = $"[TensorProduct(\"{texts[0]}\", \"{texts[1]}\", \"{texts[2]}\"" + (kind switch
            {
                1 => ", Kind = Full",
                2 => ", Kind = FullyConnected",
                3 => ", Kind = Elementwise",
                _ => string.Empty,
            }) + (layout == 1 ? ", Layout = BatchLayout.ComponentMajor" : string.Empty) + (sharedWeights ? string.Empty : ", SharedWeights = false") + ")]";
            return new TensorProductModel(shape with { ElementType = element }, in1.ToEquatableArray(), in2.ToEquatableArray(), output.ToEquatableArray(),
                instructions.ToEquatableArray(), irrepNormalization, pathNormalization, declared, layout, sharedWeights);
        }

        /// <summary>The highest degree l of any input or output term: Clebsch–Gordan tables grow as l³ and the straight-line code with them.</summary>
        public const int MaxDegree = 16;

        /// <summary>The most dense Clebsch–Gordan entries, Σ (2l₁+1)(2l₂+1)(2l+1) over the paths, that one declaration may need computed.</summary>
        public const long MaxDenseCoefficients = 500_000;

        /// <summary>The largest multiplicity of one term: the product of two still fits an int (a full product multiplies them).</summary>
        public const int MaxMultiplicity = 46_340;

        /// <summary>Degrees and multiplicities as declared, before a shorthand derives anything from them.</summary>
        private static bool DeclaredWithinLimits(string name, List<IrrepTerm>[] irreps, string[] which, Location at, List<DiagnosticInfo> diagnostics)
        {
            for (int i = 0; i < irreps.Length; i++)
            {
                foreach (IrrepTerm term in irreps[i])
                {
                    (string what, long value, long limit)? past =
                        term.L > MaxDegree ? ($"the degree of {term} in the {which[i]}", term.L, MaxDegree)
                        : term.Mul > MaxMultiplicity ? ($"the multiplicity of {term} in the {which[i]}", term.Mul, MaxMultiplicity)
                        : null;
                    if (past is (string what, long value, long limit))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(Diagnostics.TooLarge, at, name, what,
                            value.ToString(CultureInfo.InvariantCulture), limit.ToString(CultureInfo.InvariantCulture)));
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>
        /// Checks every size the kernels derive, in 64-bit arithmetic: degrees, values per sample, weights and Clebsch–Gordan
        /// work; a size past its limit is TGEN0013 instead of an overflow or a generator that runs for minutes.
        /// </summary>
        private static bool WithinLimits(string name, List<IrrepTerm> in1, List<IrrepTerm> in2, List<IrrepTerm> output,
                                         List<InstructionModel> instructions, Location at, List<DiagnosticInfo> diagnostics)
        {
            void TooLarge(string what, long value, long limit) => diagnostics.Add(DiagnosticInfo.Create(Diagnostics.TooLarge, at, name, what,
                value.ToString(CultureInfo.InvariantCulture), limit.ToString(CultureInfo.InvariantCulture)));

            foreach ((List<IrrepTerm> terms, string which) in new[] { (in1, "the first input"), (in2, "the second input"), (output, "the output") })
            {
                IrrepTerm? highest = terms.OrderByDescending(t => t.L).FirstOrDefault();
                if (highest is not null && highest.L > MaxDegree)
                {
                    TooLarge($"the degree of {highest} in {which}", highest.L, MaxDegree);
                    return false;
                }

                long values = terms.Sum(t => (long)t.Mul * (2 * t.L + 1));
                if (values > int.MaxValue)
                {
                    TooLarge($"the number of values per sample of {which}", values, int.MaxValue);
                    return false;
                }
            }

            long weights = 0, dense = 0;
            foreach (InstructionModel ins in instructions)
            {
                IrrepTerm a = in1[ins.Input1], b = in2[ins.Input2], c = output[ins.Output];
                dense += (2L * a.L + 1) * (2L * b.L + 1) * (2L * c.L + 1);
                if (ins.HasWeight)
                    weights += ins.Mode switch { "uvw" => (long)a.Mul * b.Mul * c.Mul, "uuu" => a.Mul, _ => (long)a.Mul * b.Mul };
            }

            if (weights > int.MaxValue)
            {
                TooLarge("the number of weights", weights, int.MaxValue);
                return false;
            }

            if (dense > MaxDenseCoefficients)
            {
                TooLarge("the number of Clebsch–Gordan entries to compute", dense, MaxDenseCoefficients);
                return false;
            }

            return true;
        }

        /// <summary>The named arguments of [TensorProduct], each enum checked against its defined values.</summary>
        private static (int Kind, int IrrepNormalization, int PathNormalization, int Layout, bool SharedWeights, string Instructions) ProductOptions(
            AttributeData attribute, string name, Location at, List<DiagnosticInfo> diagnostics)
        {
            int kind = 0, irrepNormalization = 1, pathNormalization = 1, layout = 0;
            bool sharedWeights = true;
            string instructionText = string.Empty;
            foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
            {
                switch (named.Key)
                {
                    case "Kind" when named.Value.Value is int k:
                        kind = k;
                        if (k < 0 || k > 3) diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UndefinedEquivariantOption, at, name, "Kind", Invariant(k)));
                        break;
                    case "IrrepNormalization" when named.Value.Value is int n:
                        irrepNormalization = n;
                        if (n < 1 || n > 3) diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UndefinedEquivariantOption, at, name, "IrrepNormalization", Invariant(n)));
                        break;
                    case "PathNormalization" when named.Value.Value is int n:
                        pathNormalization = n;
                        if (n < 1 || n > 3) diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UndefinedEquivariantOption, at, name, "PathNormalization", Invariant(n)));
                        break;
                    case "Instructions" when named.Value.Value is string s:
                        instructionText = s;
                        break;
                    case "Layout" when named.Value.Value is int k:
                        layout = k;
                        if (k < 0 || k > 1) diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UndefinedEquivariantOption, at, name, "Layout", Invariant(k)));
                        break;
                    case "SharedWeights" when named.Value.Value is bool shared:
                        sharedWeights = shared;
                        break;
                }
            }

            return (kind, irrepNormalization, pathNormalization, layout, sharedWeights, instructionText);
        }

        private static List<InstructionModel>? Custom(string name, string text, Location at, List<DiagnosticInfo> diagnostics)
        {
            List<InstructionModel>? parsed = EquivariantSyntax.ParseInstructions(text, out string error);
            if (parsed is null) diagnostics.Add(DiagnosticInfo.Create(Diagnostics.BadInstruction, at, name, $"the instructions \"{text}\" do not parse {error}"));
            return parsed;
        }

        /// <summary>e3nn's FullTensorProduct: every path, uvuv, unweighted; the outputs sorted, instructions remapped.</summary>
        private static List<InstructionModel>? Full(string name, List<IrrepTerm> in1, List<IrrepTerm> in2, ref List<IrrepTerm> output,
                                                    string declaredOutput, Location at, List<DiagnosticInfo> diagnostics)
        {
            var unsorted = new List<IrrepTerm>();
            var raw = new List<(int I1, int I2, int IOut)>();
            for (int i1 = 0; i1 < in1.Count; i1++)
            for (int i2 = 0; i2 < in2.Count; i2++)
            for (int l = Math.Abs(in1[i1].L - in2[i2].L); l <= in1[i1].L + in2[i2].L; l++)
            {
                raw.Add((i1, i2, unsorted.Count));
                unsorted.Add(new IrrepTerm(in1[i1].Mul * in2[i2].Mul, l, in1[i1].P * in2[i2].P));
            }

            int[] order = Enumerable.Range(0, unsorted.Count)
                .OrderBy(i => unsorted[i].L).ThenBy(i => unsorted[i].P).ThenBy(i => i).ToArray();
            int[] position = new int[order.Length];
            for (int i = 0; i < order.Length; i++) position[order[i]] = i;
            List<IrrepTerm> derived = order.Select(i => unsorted[i]).ToList();
            if (declaredOutput.Trim().Length > 0 && EquivariantSyntax.Format(output) != EquivariantSyntax.Format(derived))
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ShorthandMismatch, at, name,
                    $"the full tensor product of these inputs has output irreps {EquivariantSyntax.Format(derived)}, not {EquivariantSyntax.Format(output)}; leave the output empty or write it so"));
                return null;
            }

            output = derived;
            return raw.Select(r => new InstructionModel(r.I1, r.I2, position[r.IOut], "uvuv", false, 1.0)).ToList();
        }

        /// <summary>e3nn's FullyConnectedTensorProduct: every allowed (in1, in2, out), uvw, weighted.</summary>
        private static List<InstructionModel> FullyConnected(List<IrrepTerm> in1, List<IrrepTerm> in2, List<IrrepTerm> output)
        {
            var result = new List<InstructionModel>();
            for (int i1 = 0; i1 < in1.Count; i1++)
            for (int i2 = 0; i2 < in2.Count; i2++)
            for (int o = 0; o < output.Count; o++)
            {
                if (ClebschGordan.Triangle(in1[i1].L, in2[i2].L, output[o].L) && in1[i1].P * in2[i2].P == output[o].P)
                    result.Add(new InstructionModel(i1, i2, o, "uvw", true, 1.0));
            }

            return result;
        }

        /// <summary>e3nn's ElementwiseTensorProduct: both inputs simplified and split so their terms pair up, uuu, unweighted.</summary>
        private static List<InstructionModel>? Elementwise(string name, ref List<IrrepTerm> in1, ref List<IrrepTerm> in2, ref List<IrrepTerm> output,
                                                           string declaredOutput, Location at, List<DiagnosticInfo> diagnostics)
        {
            List<IrrepTerm> a = EquivariantSyntax.Simplify(in1), b = EquivariantSyntax.Simplify(in2);
            if (a.Sum(t => t.Mul) != b.Sum(t => t.Mul))
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ShorthandMismatch, at, name,
                    $"an element-wise product needs inputs with as many irreps: {EquivariantSyntax.Format(a)} has {a.Sum(t => t.Mul)}, {EquivariantSyntax.Format(b)} has {b.Sum(t => t.Mul)}"));
                return null;
            }

            int i = 0;
            while (i < a.Count)
            {
                if (a[i].Mul < b[i].Mul)
                {
                    b.Insert(i + 1, new IrrepTerm(b[i].Mul - a[i].Mul, b[i].L, b[i].P));
                    b[i] = new IrrepTerm(a[i].Mul, b[i].L, b[i].P);
                }
                else if (a[i].Mul > b[i].Mul)
                {
                    a.Insert(i + 1, new IrrepTerm(a[i].Mul - b[i].Mul, a[i].L, a[i].P));
                    a[i] = new IrrepTerm(b[i].Mul, a[i].L, a[i].P);
                }

                i++;
            }

            var derived = new List<IrrepTerm>();
            var result = new List<InstructionModel>();
            for (int k = 0; k < a.Count; k++)
            for (int l = Math.Abs(a[k].L - b[k].L); l <= a[k].L + b[k].L; l++)
            {
                result.Add(new InstructionModel(k, k, derived.Count, "uuu", false, 1.0));
                derived.Add(new IrrepTerm(a[k].Mul, l, a[k].P * b[k].P));
            }

            if (declaredOutput.Trim().Length > 0 && EquivariantSyntax.Format(output) != EquivariantSyntax.Format(derived))
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.ShorthandMismatch, at, name,
                    $"the element-wise product of these inputs has output irreps {EquivariantSyntax.Format(derived)}, not {EquivariantSyntax.Format(output)}; leave the output empty or write it so"));
                return null;
            }

            in1 = a;
            in2 = b;
            output = derived;
            return result;
        }

        private static void Validate(string name, int index, InstructionModel ins, List<IrrepTerm> in1, List<IrrepTerm> in2, List<IrrepTerm> output,
                                     Location at, List<DiagnosticInfo> diagnostics)
        {
            if (ins.Input1 >= in1.Count || ins.Input2 >= in2.Count || ins.Output >= output.Count)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.BadInstruction, at, name,
                    $"instruction {index} ({ins.Input1}, {ins.Input2}, {ins.Output}) refers past the irreps ({in1.Count}, {in2.Count} and {output.Count} terms)"));
                return;
            }

            IrrepTerm a = in1[ins.Input1], b = in2[ins.Input2], c = output[ins.Output];
            if (!ClebschGordan.Triangle(a.L, b.L, c.L) || a.P * b.P != c.P)
            {
                string why = !ClebschGordan.Triangle(a.L, b.L, c.L)
                    ? $"violates the triangle rule |l1 - l2| ≤ l ≤ l1 + l2"
                    : $"violates the parity rule p1 · p2 = p";
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.SelectionRule, at, name, Invariant(index), a.ToString(), b.ToString(), c.ToString(), why));
                return;
            }

            string? mismatch = ins.Mode switch
            {
                "uvu" when c.Mul != a.Mul => "mode uvu needs mul_out = mul1",
                "uuu" when a.Mul != b.Mul || c.Mul != a.Mul => "mode uuu needs mul1 = mul2 = mul_out",
                "uvuv" when c.Mul != a.Mul * b.Mul => "mode uvuv needs mul_out = mul1 · mul2",
                _ => null,
            };
            if (mismatch is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.BadInstruction, at, name,
                    $"instruction {index} couples {a} ⊗ {b} to {c}, but {mismatch}"));
            }
        }

        // ---- shared ------------------------------------------------------------------------------------------

        private static MethodShape? Shape(IMethodSymbol method, MethodDeclarationSyntax declaration, List<DiagnosticInfo> diagnostics)
        {
            PartialMethod? shape = PartialMethods.Read(method, declaration, Diagnostics.EquivariantNotStaticPartial, diagnostics);
            return shape is null ? null : new MethodShape(shape, string.Empty);
        }

        /// <summary>
        /// Whether a member the generator writes beside <paramref name="method"/> (its backward, block and path methods, its
        /// dimension constants) would collide with the containing type's name or a member the user declared (TGEN0012).
        /// Overloads of a [TensorProduct] method collide too: each writes the same constants.
        /// </summary>
        private static bool Collides(IMethodSymbol method, string productAttribute, Location at, List<DiagnosticInfo> diagnostics)
        {
            INamedTypeSymbol type = method.ContainingType;
            bool product = method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == productAttribute);
            var generated = new System.Text.RegularExpressions.Regex(
                "^" + System.Text.RegularExpressions.Regex.Escape(method.Name) + "(Backward(Blocks\\w*|Scalar)?|Blocks\\w*|Scalar"
                + (product ? "|Coefficients|OutputIrreps|WeightCount|Input1Dim|Input2Dim|OutputDim|Path\\d+\\w*|Terms\\d+And\\d+\\w*" : string.Empty) + ")$");
            string? with = generated.IsMatch(type.Name) ? $"the containing type's name '{type.Name}'" : null;
            string clash = type.Name;
            foreach (ISymbol member in type.GetMembers())
            {
                if (with is not null) break;
                if (!Declarations.IsUserDeclared(member) || SymbolEqualityComparer.Default.Equals(member, method)) continue;
                if (member.Name == method.Name)
                {
                    if (product && member is IMethodSymbol other && other.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == productAttribute))
                    {
                        with = $"the one generated for the [TensorProduct] overload '{other.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)}'";
                        clash = method.Name + "WeightCount";
                    }

                    continue;
                }

                if (generated.IsMatch(member.Name))
                {
                    with = $"the {member.Kind.ToString().ToLowerInvariant()} '{member.Name}' declared in '{type.Name}'";
                    clash = member.Name;
                }
            }

            if (with is null) return false;
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NameCollision, at, method.Name, clash, with));
            return true;
        }

        /// <summary>float or double, from the first parameter's span element type; null otherwise.</summary>
        private static string? ElementType(IMethodSymbol method, int parameter)
        {
            if (method.Parameters.Length <= parameter || method.Parameters[parameter].Type is not INamedTypeSymbol { TypeArguments.Length: 1 } span)
                return null;
            return span.TypeArguments[0].SpecialType switch
            {
                SpecialType.System_Single => "float",
                SpecialType.System_Double => "double",
                _ => null,
            };
        }

        private static string Ro(string element) => $"System.ReadOnlySpan<{element}>";

        private static string Rw(string element) => $"System.Span<{element}>";

        private static bool Matches(IMethodSymbol method, string[] expected) =>
            method.Parameters.Select(p => p.RefKind == RefKind.None ? p.Type.ToDisplayString() : "ref").SequenceEqual(expected);

        private static string Actual(IMethodSymbol method) =>
            "(" + string.Join(", ", method.Parameters.Select(p => (p.RefKind == RefKind.None ? string.Empty : p.RefKind.ToString().ToLowerInvariant() + " ") + p.Type.ToDisplayString())) + ")";

        private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
