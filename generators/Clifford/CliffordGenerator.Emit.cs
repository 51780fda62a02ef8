using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Clifford;

public sealed partial class CliffordGenerator
{
    /// <summary>
    /// The output step: per type, <c>Name.Multivector.g.cs</c> (components and single-value operations) and, where the
    /// type has batched forms, <c>Name.Batch.g.cs</c> (structure-of-arrays kernels on every vector path).
    /// </summary>
    internal static partial class Emit
    {
        private static readonly string GeneratedCode = GeneratedFile.GeneratedCode;

        public static IEnumerable<(string Part, string Text)> Files(AlgebraMember member, CancellationToken cancellationToken)
        {
            yield return (".Multivector", Write(member));
            cancellationToken.ThrowIfCancellationRequested();
            string? batch = WriteBatch(member);
            if (batch is not null) yield return (".Batch", batch);
        }

        /// <summary>The smallest declared type of the signature holding every blade in <paramref name="needed"/>, or null.</summary>
        internal static MultivectorModel? Holder(AlgebraMember member, IReadOnlyCollection<int> needed) => member.Siblings
            .Where(t => needed.All(t.Blades.Contains))
            .OrderBy(t => t.Blades.Count)
            .ThenBy(t => t.FullName, StringComparer.Ordinal)
            .FirstOrDefault();

        /// <summary>The plan of <c>left ∘ right</c> into the holder of its result, or null when no declared type holds it.</summary>
        internal static (ProductPlan Plan, MultivectorModel Result)? Product(AlgebraMember member, MultivectorModel left, MultivectorModel right, ProductKind kind)
        {
            var signature = new Signature(left.Positive, left.Negative, left.Zero);
            List<Term> terms = signature.Terms(left.Blades, right.Blades, kind);
            MultivectorModel? result = Holder(member, Signature.ResultBlades(terms));
            return result is null ? null : (ProductPlan.Create(terms, left.Blades, right.Blades, result.Blades), result);
        }

        /// <summary>
        /// The sandwich <c>v x ~v</c> as two plans: <c>t = v x</c> onto every blade it can produce, then <c>t ~v</c>
        /// projected onto x's blades (exact when v is a versor, whose action preserves grades).
        /// </summary>
        internal static (ProductPlan First, IReadOnlyList<int> Intermediate, ProductPlan Second) Sandwich(MultivectorModel versor, MultivectorModel x)
        {
            var signature = new Signature(versor.Positive, versor.Negative, versor.Zero);
            List<Term> firstTerms = signature.Terms(versor.Blades, x.Blades, ProductKind.Geometric);
            List<int> intermediate = Signature.ResultBlades(firstTerms);
            ProductPlan first = ProductPlan.Create(firstTerms, versor.Blades, x.Blades, intermediate);
            List<Term> secondTerms = signature.Terms(intermediate, versor.Blades, ProductKind.Geometric);
            ProductPlan second = ProductPlan.Create(secondTerms, intermediate, versor.Blades, x.Blades, Signature.ReverseSign);
            return (first, intermediate, second);
        }

        /// <summary>Writes the file header, namespace and containing types, and opens the struct.</summary>
        private static Scopes Open(IndentedWriter writer, MultivectorModel type, string what, bool markType = true)
        {
            string grades = type.IsFull ? "every grade" : "grades " + string.Join(", ", type.Grades);
            Scopes open = GeneratedFile.Open(writer,
                $"the [Multivector] declaration of {type.Name}: {type.SignatureText}, {grades}; {type.Blades.Count} blades",
                type.Namespace, type.ContainingTypes, what);
            if (markType) writer.Line(GeneratedCode);
            open.Push(writer.Block($"partial struct {type.Name}"));
            return open;
        }

        /// <summary>
        /// Whether a member of <paramref name="owner"/> over these types can be public (and an operator exist): the owner is
        /// internal, or every type is public. Otherwise it is internal, as a public member may not expose an internal type.
        /// </summary>
        private static bool Exposed(MultivectorModel owner, params MultivectorModel[] others) =>
            owner.Accessibility != "public" || others.All(t => t.Accessibility == "public");

        private static string Close(IndentedWriter writer, Scopes open)
        {
            open.Dispose();
            return writer.ToString();
        }

        /// <summary>Writes <c>target = Σ ± left · right;</c>, four terms a line.</summary>
        private static void WriteSum(IndentedWriter writer, string target, PlanOutput output, Func<PlanTerm, string> left, Func<PlanTerm, string> right)
        {
            if (output.Terms.Count == 0)
            {
                writer.Line($"{target} = 0f;");
                return;
            }

            var lines = new List<string>();
            string line = target + " =";
            for (int i = 0; i < output.Terms.Count; i++)
            {
                PlanTerm term = output.Terms[i];
                string op = i == 0 ? (term.Sign < 0 ? " -" : " ") : (term.Sign < 0 ? " - " : " + ");
                if (i > 0 && i % 4 == 0)
                {
                    lines.Add(line);
                    line = "   ";
                }

                line += op + left(term) + " * " + right(term);
            }

            lines.Add(line + ";");
            writer.Line(lines[0]);
            for (int i = 1; i < lines.Count; i++) writer.Line("    " + lines[i].TrimStart());
        }

        private static string Write(AlgebraMember member)
        {
            MultivectorModel type = member.Type;
            var signature = new Signature(type.Positive, type.Negative, type.Zero);
            IReadOnlyList<int> blades = type.Blades;
            string name = type.Name;
            var writer = new IndentedWriter();
            Scopes open = Open(writer, type, "Components in bitmap order and single-value operations.");

            writer.Line("/// <summary>The number of components: one per blade held, in the order of the blades' bitmaps.</summary>");
            writer.Line($"public const int BladeCount = {blades.Count};");
            writer.Line();
            writer.Line("/// <summary>The blades held, as bitmaps (bit i − 1 set when e<sub>i</sub> is a factor), in field order.</summary>");
            writer.Line($"public static global::System.ReadOnlySpan<int> BladeBitmaps => [{string.Join(", ", blades)}];");
            foreach (int blade in blades)
            {
                writer.Line();
                string factors = blade == 0 ? "the scalar" : string.Join("∧", Enumerable.Range(0, type.Dimension).Where(i => (blade & (1 << i)) != 0).Select(i => "e" + (i + 1)));
                writer.Line($"/// <summary>Coefficient of {factors} (bitmap {blade}, grade {Signature.Grade(blade)}).</summary>");
                writer.Line($"public float {Signature.Name(blade)};");
            }

            writer.Line();
            writer.Line("/// <summary>Reads the components from <paramref name=\"components\"/>, in field order.</summary>");
            writer.Line("/// <exception cref=\"global::System.ArgumentException\">The span does not hold exactly <see cref=\"BladeCount\"/> values.</exception>");
            using (writer.Block($"public {name}(global::System.ReadOnlySpan<float> components)"))
            {
                using (writer.Block("if (components.Length != BladeCount)"))
                {
                    writer.Line($"throw new global::System.ArgumentException($\"'components' holds {{components.Length}} values; {name} has {{BladeCount}} components.\", nameof(components));");
                }

                writer.Line();
                for (int i = 0; i < blades.Count; i++) writer.Line($"{Signature.Name(blades[i])} = components[{i}];");
            }

            writer.Line();
            writer.Line("/// <summary>Writes the components to the start of <paramref name=\"destination\"/>, in field order.</summary>");
            writer.Line("/// <exception cref=\"global::System.ArgumentException\">The span holds fewer than <see cref=\"BladeCount\"/> values.</exception>");
            using (writer.Block("public readonly void CopyTo(global::System.Span<float> destination)"))
            {
                using (writer.Block("if (destination.Length < BladeCount)"))
                {
                    writer.Line($"throw new global::System.ArgumentException($\"'destination' holds {{destination.Length}} values; {name} has {{BladeCount}} components.\", nameof(destination));");
                }

                writer.Line();
                for (int i = 0; i < blades.Count; i++) writer.Line($"destination[{i}] = {Signature.Name(blades[i])};");
            }

            WriteUnary(writer, type, signature);
            foreach (MultivectorModel right in member.Siblings)
            {
                WriteProducts(writer, member, right);
            }

            foreach (MultivectorModel x in member.Siblings)
            {
                WriteSandwich(writer, type, x);
            }

            WriteInverse(writer, type);
            return Close(writer, open);
        }

        private static void WriteSignFlip(IndentedWriter writer, string summary, string header, MultivectorModel type, Func<int, int> sign)
        {
            writer.Line();
            writer.Line($"/// <summary>{summary}</summary>");
            using (writer.Block(header))
            {
                writer.Line($"{type.Name} result = this;");
                foreach (int blade in type.Blades.Where(b => sign(b) < 0)) writer.Line($"result.{Signature.Name(blade)} = -{Signature.Name(blade)};");
                writer.Line("return result;");
            }
        }

        private static void WriteUnary(IndentedWriter writer, MultivectorModel type, Signature signature)
        {
            string name = type.Name;
            IReadOnlyList<int> blades = type.Blades;
            WriteSignFlip(writer, "The reverse ~x: grade k scaled by (−1)^(k(k−1)/2); an anti-automorphism, ~(ab) = ~b ~a.", $"public readonly {name} Reverse()", type, Signature.ReverseSign);
            WriteSignFlip(writer, "The grade involution: grade k scaled by (−1)^k; an automorphism.", $"public readonly {name} GradeInvolution()", type, Signature.InvolutionSign);
            WriteSignFlip(writer, "The Clifford conjugate: the reverse of the grade involution, grade k scaled by (−1)^(k(k+1)/2).", $"public readonly {name} CliffordConjugate()", type,
                b => Signature.ReverseSign(b) * Signature.InvolutionSign(b));

            writer.Line();
            writer.Line("/// <summary>The grade projection ⟨x⟩_k: the components of grade <paramref name=\"grade\"/>, every other one zero.</summary>");
            writer.Line($"/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"grade\"/> is outside 0…{type.Dimension}.</exception>");
            using (writer.Block($"public readonly {name} Grade(int grade)"))
            {
                using (writer.Block($"if ((uint)grade > {type.Dimension})"))
                {
                    writer.Line($"throw new global::System.ArgumentOutOfRangeException(nameof(grade), grade, \"'grade' must be in 0…{type.Dimension} for {type.SignatureText}.\");");
                }

                writer.Line();
                writer.Line($"{name} result = default;");
                using (writer.Block("switch (grade)"))
                {
                    foreach (int grade in type.Grades)
                    {
                        writer.Line($"case {grade}:");
                        foreach (int blade in blades.Where(b => Signature.Grade(b) == grade)) writer.Line($"    result.{Signature.Name(blade)} = {Signature.Name(blade)};");
                        writer.Line("    break;");
                    }
                }

                writer.Line();
                writer.Line("return result;");
            }

            var norm = new PlanOutput(0, "NormSquared", blades
                .Where(b => signature.SelfNorm(b) != 0)
                .Select(b => new PlanTerm(0, Signature.Name(b), 0, Signature.Name(b), signature.SelfNorm(b))).ToList());
            writer.Line();
            writer.Line("/// <summary>The squared norm ⟨x ~x⟩₀ = Σ x_b² e_b ~e_b (negative or zero where the metric is indefinite or degenerate).</summary>");
            using (writer.Block("public readonly float NormSquared()"))
            {
                WriteSum(writer, "float normSquared", norm, t => t.LeftName, t => t.RightName);
                writer.Line("return normSquared;");
            }

            writer.Line();
            writer.Line("/// <summary>The norm √|⟨x ~x⟩₀|.</summary>");
            writer.Line("public readonly float Norm() => global::System.MathF.Sqrt(global::System.MathF.Abs(NormSquared()));");

            writer.Line();
            writer.Line("/// <summary>The reverse: <c>~x</c>.</summary>");
            writer.Line($"public static {name} operator ~(in {name} x) => x.Reverse();");
            writer.Line();
            writer.Line("/// <summary>The negation, component by component.</summary>");
            using (writer.Block($"public static {name} operator -(in {name} x)"))
            {
                writer.Line($"{name} result = default;");
                foreach (int blade in blades) writer.Line($"result.{Signature.Name(blade)} = -x.{Signature.Name(blade)};");
                writer.Line("return result;");
            }

            foreach ((string op, string verb) in new[] { ("+", "sum"), ("-", "difference") })
            {
                writer.Line();
                writer.Line($"/// <summary>The {verb}, component by component.</summary>");
                using (writer.Block($"public static {name} operator {op}(in {name} left, in {name} right)"))
                {
                    writer.Line($"{name} result = default;");
                    foreach (int blade in blades) writer.Line($"result.{Signature.Name(blade)} = left.{Signature.Name(blade)} {op} right.{Signature.Name(blade)};");
                    writer.Line("return result;");
                }
            }

            writer.Line();
            writer.Line("/// <summary>Every component scaled by <paramref name=\"scale\"/>.</summary>");
            using (writer.Block($"public static {name} operator *(float scale, in {name} x)"))
            {
                writer.Line($"{name} result = default;");
                foreach (int blade in blades) writer.Line($"result.{Signature.Name(blade)} = scale * x.{Signature.Name(blade)};");
                writer.Line("return result;");
            }

            writer.Line();
            writer.Line("/// <summary>Every component scaled by <paramref name=\"scale\"/>.</summary>");
            writer.Line($"public static {name} operator *(in {name} x, float scale) => scale * x;");
        }

        private static void WriteProducts(IndentedWriter writer, AlgebraMember member, MultivectorModel right)
        {
            MultivectorModel left = member.Type;
            string rightType = right.FullName;
            foreach ((ProductKind kind, string method, string? op, string summary) in new[]
            {
                (ProductKind.Geometric, "GeometricProduct", "*", "The geometric product"),
                (ProductKind.Outer, "OuterProduct", "^", "The outer (wedge) product"),
                (ProductKind.LeftContraction, "LeftContraction", (string?)null, "The left contraction ⌋"),
            })
            {
                if (Product(member, left, right, kind) is not { } product)
                {
                    continue;
                }

                (ProductPlan plan, MultivectorModel result) = product;
                writer.Line();
                writer.Line($"/// <summary>{summary} of <paramref name=\"left\"/> and a {right.Name}, as a {result.Name}: {plan.TermCount} multiply-adds, structural zeros skipped.</summary>");
                bool exposed = Exposed(left, right, result);
                using (writer.Block($"{(exposed ? "public" : "internal")} static {result.FullName} {method}(in {left.Name} left, in {rightType} right)"))
                {
                    writer.Line($"{result.FullName} result = default;");
                    foreach (PlanOutput output in plan.Outputs.Where(o => o.Terms.Count > 0))
                    {
                        WriteSum(writer, "result." + output.Name, output, t => "left." + t.LeftName, t => "right." + t.RightName);
                    }

                    writer.Line("return result;");
                }

                if (op is not null && exposed)
                {
                    writer.Line();
                    writer.Line($"/// <summary>{summary}; the same as {method}.</summary>");
                    writer.Line($"public static {result.FullName} operator {op}(in {left.Name} left, in {rightType} right) => {method}(in left, in right);");
                }
            }

            var scalarTerms = new Signature(left.Positive, left.Negative, left.Zero).Terms(left.Blades, right.Blades, ProductKind.Scalar);
            ProductPlan scalar = ProductPlan.Create(scalarTerms, left.Blades, right.Blades, new[] { 0 });
            writer.Line();
            writer.Line($"/// <summary>The scalar product ⟨left right⟩₀ with a {right.Name}.</summary>");
            using (writer.Block($"{(Exposed(left, right) ? "public" : "internal")} static float ScalarProduct(in {left.Name} left, in {rightType} right)"))
            {
                WriteSum(writer, "float product", scalar.Outputs[0], t => "left." + t.LeftName, t => "right." + t.RightName);
                writer.Line("return product;");
            }
        }

        /// <summary>Above this many multiply-adds the sandwich keeps t in a stack buffer and runs its two products in two
        /// methods: one method with thousands of terms would exceed the JIT's budget for optimized code.</summary>
        private const int SplitSandwichAbove = 512;

        private static void WriteSandwich(IndentedWriter writer, MultivectorModel versor, MultivectorModel x)
        {
            (ProductPlan first, IReadOnlyList<int> intermediate, ProductPlan second) = Sandwich(versor, x);
            bool split = first.TermCount + second.TermCount > SplitSandwichAbove;
            string suffix = x.FullName == versor.FullName ? string.Empty : x.Name;
            writer.Line();
            writer.Line($"/// <summary>");
            writer.Line($"/// The sandwich <c>versor x ~versor</c> of a {x.Name}, projected onto its blades (exact when <paramref name=\"versor\"/> is a");
            writer.Line($"/// versor, whose action preserves grades): {first.TermCount} + {second.TermCount} multiply-adds.");
            writer.Line($"/// </summary>");
            using (writer.Block($"{(Exposed(versor, x) ? "public" : "internal")} static {x.FullName} Sandwich(in {versor.Name} versor, in {x.FullName} x)"))
            {
                if (split)
                {
                    writer.Line($"global::System.Span<float> t = stackalloc float[{intermediate.Count}];");
                    writer.Line($"Sandwich{suffix}Product(in versor, in x, t);");
                    writer.Line($"return Sandwich{suffix}Reverse(in versor, t);");
                }
                else
                {
                    writer.Line("// t = versor x");
                    foreach (PlanOutput output in first.Outputs)
                    {
                        WriteSum(writer, "float t" + output.Name, output, t => "versor." + t.LeftName, t => "x." + t.RightName);
                    }

                    writer.Line();
                    writer.Line("// result = t ~versor, the reversion's signs folded in");
                    writer.Line($"{x.FullName} result = default;");
                    foreach (PlanOutput output in second.Outputs.Where(o => o.Terms.Count > 0))
                    {
                        WriteSum(writer, "result." + output.Name, output, t => "t" + t.LeftName, t => "versor." + t.RightName);
                    }

                    writer.Line("return result;");
                }
            }

            if (!split)
            {
                return;
            }

            writer.Line();
            writer.Line($"/// <summary>t = versor x, the sandwich's first product: t[i] is the i-th of the blades {string.Join(", ", intermediate.Select(Signature.Name))}.</summary>");
            using (writer.Block($"private static void Sandwich{suffix}Product(in {versor.Name} versor, in {x.FullName} x, global::System.Span<float> t)"))
            {
                foreach (PlanOutput output in first.Outputs)
                {
                    WriteSum(writer, $"t[{output.Position}] /* {output.Name} */", output, t => "versor." + t.LeftName, t => "x." + t.RightName);
                }
            }

            writer.Line();
            writer.Line($"/// <summary>t ~versor projected onto the blades of a {x.Name}, the reversion's signs folded in.</summary>");
            using (writer.Block($"private static {x.FullName} Sandwich{suffix}Reverse(in {versor.Name} versor, global::System.ReadOnlySpan<float> t)"))
            {
                writer.Line($"{x.FullName} result = default;");
                foreach (PlanOutput output in second.Outputs.Where(o => o.Terms.Count > 0))
                {
                    WriteSum(writer, "result." + output.Name, output, t => $"t[{t.LeftPosition}]", t => "versor." + t.RightName);
                }

                writer.Line("return result;");
            }
        }

        private static void WriteInverse(IndentedWriter writer, MultivectorModel type)
        {
            string name = type.Name;
            writer.Line();
            writer.Line("/// <summary>");
            writer.Line($"/// The inverse x⁻¹ (x x⁻¹ = x⁻¹ x = 1) when it exists and is a {name}: solved in double precision over the whole");
            writer.Line("/// algebra, so it exists for every invertible element, versor or not.");
            writer.Line("/// </summary>");
            writer.Line("/// <returns>False when x is not invertible (to working precision) or its inverse has blades this type does not hold.</returns>");
            using (writer.Block($"public readonly bool TryInverse(out {name} inverse)"))
            {
                writer.Line("global::System.Span<float> components = stackalloc float[BladeCount];");
                writer.Line("global::System.Span<float> solution = stackalloc float[BladeCount];");
                writer.Line("CopyTo(components);");
                using (writer.Block($"if (!global::TensorGen.Clifford.CliffordInverse.TryInvert(components, BladeBitmaps, {type.Positive}, {type.Negative}, {type.Zero}, solution))"))
                {
                    writer.Line("inverse = default;");
                    writer.Line("return false;");
                }

                writer.Line();
                writer.Line($"inverse = new {name}(solution);");
                writer.Line("return true;");
            }

            writer.Line();
            writer.Line("/// <summary>The inverse x⁻¹; see <see cref=\"TryInverse\"/>.</summary>");
            writer.Line($"/// <exception cref=\"global::System.InvalidOperationException\">x has no inverse that is a {name}.</exception>");
            using (writer.Block($"public readonly {name} Inverse()"))
            {
                using (writer.Block($"if (!TryInverse(out {name} inverse))"))
                {
                    writer.Line($"throw new global::System.InvalidOperationException(\"This {name} has no inverse in {type.SignatureText} that is a {name}.\");");
                }

                writer.Line();
                writer.Line("return inverse;");
            }
        }
    }
}
