using System.Collections.Generic;
using System.Linq;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Clifford;

public sealed partial class CliffordGenerator
{
    internal static partial class Emit
    {
        /// <summary>
        /// Outputs summed at once in a vector block. With four, consecutive left components meet the same four right
        /// components (blade positions pair by xor), so four accumulators, four right values and a left value stay in
        /// registers: a register tile of the product, with no spills on 16-register machines.
        /// </summary>
        private const int OutputsPerGroup = 4;

        /// <summary>One vector width: lanes per block, the vector type and its static class.</summary>
        private sealed record Width(int Lanes, string Bits)
        {
            public string Vector => $"global::System.Runtime.Intrinsics.Vector{Bits}<float>";

            public string Ops => $"global::System.Runtime.Intrinsics.Vector{Bits}";
        }

        private static readonly Width[] s_widths = [new Width(4, "128"), new Width(8, "256"), new Width(16, "512")];

        /// <summary>
        /// The batched forms of a full or even type (the versors a batch applies): its geometric product with itself
        /// when a declared type holds the result, and its sandwich of itself and of every single-grade type of the
        /// signature (vectors, points, planes). Null for other types. Other pairs have single-value forms only.
        /// </summary>
        private static string? WriteBatch(AlgebraMember member)
        {
            MultivectorModel type = member.Type;
            if (!type.IsFull && !type.IsEven)
            {
                return null;
            }

            var product = Product(member, type, type, ProductKind.Geometric);
            var writer = new IndentedWriter();
            Scopes open = Open(writer, type,
                "Batched forms over structure-of-arrays spans (component k of multivector m at [k * count + m]), driven by TensorGen.Clifford.CliffordBatch.",
                markType: false);
            if (product is { } gp)
            {
                WriteBatchedProduct(writer, type, gp.Plan, gp.Result);
            }

            foreach (MultivectorModel x in member.Siblings.Where(x => x.FullName == type.FullName || x.Grades.Count == 1))
            {
                WriteBatchedSandwich(writer, type, x);
            }

            return Close(writer, open);
        }

        private static void WriteBatchedProduct(IndentedWriter writer, MultivectorModel type, ProductPlan plan, MultivectorModel result)
        {
            string name = type.Name;
            writer.Line("/// <summary>");
            writer.Line($"/// The geometric product of <paramref name=\"count\"/> pairs of {name}s, one SIMD lane per pair: <paramref name=\"left\"/> and");
            writer.Line($"/// <paramref name=\"right\"/> hold {type.Blades.Count} × count floats and <paramref name=\"result\"/> {result.Blades.Count} × count (a {result.Name} per pair),");
            writer.Line("/// component k of multivector m at [k · count + m]. Each pair's result equals the single-value product.");
            writer.Line("/// </summary>");
            writer.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"count\"/> is negative.</exception>");
            writer.Line("/// <exception cref=\"global::System.ArgumentException\">A span's length does not match <paramref name=\"count\"/>, or <paramref name=\"result\"/> overlaps an operand.</exception>");
            writer.Line(GeneratedCode);
            writer.Line("public static void GeometricProduct(global::System.ReadOnlySpan<float> left, global::System.ReadOnlySpan<float> right, global::System.Span<float> result, int count)");
            writer.Line("    => global::TensorGen.Clifford.CliffordBatch.Run<GeometricProductKernel>(left, right, result, count, nameof(left), nameof(right), nameof(result));");
            writer.Line();
            writer.Line($"/// <summary>The batched geometric product of two {name}s: {plan.TermCount} multiply-adds per lane.</summary>");
            writer.Line(GeneratedCode);
            using (writer.Block("private readonly struct GeometricProductKernel : global::TensorGen.Clifford.ICliffordBatchKernel"))
            {
                WriteKernelCounts(writer, type.Blades.Count, type.Blades.Count, result.Blades.Count, 0);
                var methods = new List<IndentedWriter>();
                foreach (Width width in s_widths)
                {
                    writer.Line();
                    using (writer.Block($"public static void Block{width.Bits}(ref float left, ref float right, ref float result, ref float scratch)"))
                    {
                        writer.Line($"// Vector{width.Bits}: {width.Lanes} products at once, {plan.TermCount} multiply-adds in groups of up to {OutputsPerGroup} outputs.");
                        WriteGroupedPlan(writer, methods, width, plan, "Product", "left", "right", "result");
                    }
                }

                foreach (IndentedWriter method in methods) writer.Lines(method.ToString());

                writer.Line();
                writer.Line("public static void Lane(ref float left, ref float right, ref float result)");
                writer.Line($"    => global::System.Runtime.CompilerServices.Unsafe.As<float, {result.FullName}>(ref result) = GeometricProduct(");
                writer.Line($"        in global::System.Runtime.CompilerServices.Unsafe.As<float, {name}>(ref left), in global::System.Runtime.CompilerServices.Unsafe.As<float, {name}>(ref right));");
            }
        }

        private static void WriteBatchedSandwich(IndentedWriter writer, MultivectorModel versor, MultivectorModel x)
        {
            (ProductPlan first, IReadOnlyList<int> intermediate, ProductPlan second) = Sandwich(versor, x);
            string suffix = x.FullName == versor.FullName ? string.Empty : x.Name;
            string kernel = $"Sandwich{suffix}Kernel";
            writer.Line();
            writer.Line("/// <summary>");
            writer.Line($"/// The sandwich <c>v x ~v</c> of <paramref name=\"count\"/> {x.Name}s by as many {versor.Name}s, one SIMD lane per pair, projected onto");
            writer.Line($"/// the {x.Name}'s blades (exact for versors): <paramref name=\"versors\"/> holds {versor.Blades.Count} × count floats, <paramref name=\"x\"/> and");
            writer.Line($"/// <paramref name=\"result\"/> {x.Blades.Count} × count, component k of multivector m at [k · count + m].");
            writer.Line("/// </summary>");
            writer.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"count\"/> is negative.</exception>");
            writer.Line("/// <exception cref=\"global::System.ArgumentException\">A span's length does not match <paramref name=\"count\"/>, or <paramref name=\"result\"/> overlaps an operand.</exception>");
            writer.Line(GeneratedCode);
            writer.Line($"public static void Sandwich{suffix}(global::System.ReadOnlySpan<float> versors, global::System.ReadOnlySpan<float> x, global::System.Span<float> result, int count)");
            writer.Line($"    => global::TensorGen.Clifford.CliffordBatch.Run<{kernel}>(versors, x, result, count, nameof(versors), nameof(x), nameof(result));");
            writer.Line();
            writer.Line($"/// <summary>The batched sandwich of a {x.Name}: t = v x into scratch ({first.TermCount} multiply-adds), then t ~v ({second.TermCount}).</summary>");
            writer.Line(GeneratedCode);
            using (writer.Block($"private readonly struct {kernel} : global::TensorGen.Clifford.ICliffordBatchKernel"))
            {
                WriteKernelCounts(writer, versor.Blades.Count, x.Blades.Count, x.Blades.Count, intermediate.Count);
                var methods = new List<IndentedWriter>();
                foreach (Width width in s_widths)
                {
                    writer.Line();
                    using (writer.Block($"public static void Block{width.Bits}(ref float left, ref float right, ref float result, ref float scratch)"))
                    {
                        writer.Line($"// Vector{width.Bits}, {width.Lanes} pairs: t = v x into scratch ({first.TermCount} multiply-adds), then t ~v ({second.TermCount}).");
                        writer.Line("ref float versor = ref left;");
                        writer.Line("ref float x = ref right;");
                        writer.Line("ref float t = ref scratch;");
                        WriteGroupedPlan(writer, methods, width, first, "First", "versor", "x", "t");
                        WriteGroupedPlan(writer, methods, width, second, "Second", "t", "versor", "result");
                    }
                }

                foreach (IndentedWriter method in methods) writer.Lines(method.ToString());

                writer.Line();
                writer.Line("public static void Lane(ref float left, ref float right, ref float result)");
                writer.Line($"    => global::System.Runtime.CompilerServices.Unsafe.As<float, {x.FullName}>(ref result) = Sandwich(");
                writer.Line($"        in global::System.Runtime.CompilerServices.Unsafe.As<float, {versor.Name}>(ref left), in global::System.Runtime.CompilerServices.Unsafe.As<float, {x.FullName}>(ref right));");
            }
        }

        private static void WriteKernelCounts(IndentedWriter writer, int left, int right, int result, int scratch)
        {
            writer.Line($"public static int LeftBlades => {left};");
            writer.Line();
            writer.Line($"public static int RightBlades => {right};");
            writer.Line();
            writer.Line($"public static int ResultBlades => {result};");
            writer.Line();
            writer.Line($"public static int ScratchBlades => {scratch};");
        }

        /// <summary>
        /// Straight-line vector code for a plan over packed blocks (component k of lane l at k · lanes + l): outputs in groups
        /// of four outputs (two partial sums each), one method per group (small methods keep the JIT and the analyzers fast); within a group each
        /// left component is loaded once (negated in place where a term's sign is −1) and multiply-added with right components
        /// read straight from memory. Writes the calls at the current position and returns the group methods' writer.
        /// </summary>
        private static void WriteGroupedPlan(IndentedWriter writer, List<IndentedWriter> methods, Width width, ProductPlan plan,
                                             string prefix, string left, string right, string result)
        {
            int lanes = width.Lanes;
            List<PlanOutput> live = plan.Outputs.Where(o => o.Terms.Count > 0).ToList();
            for (int start = 0, index = 0; start < live.Count; start += OutputsPerGroup, index++)
            {
                List<PlanOutput> group = live.Skip(start).Take(OutputsPerGroup).ToList();
                string name = $"{prefix}{width.Bits}Group{index}";
                writer.Line($"{name}(ref {left}, ref {right}, ref {result});");
                var method = new IndentedWriter();
                methods.Add(method);
                method.Line();
                using (method.Block($"private static void {name}(ref float {left}, ref float {right}, ref float {result})"))
                {
                    int terms = group.Sum(o => o.Terms.Count);
                    method.Line($"// Vector{width.Bits}, {lanes} lanes: {string.Join(", ", group.Select(o => o.Name))} ({terms} multiply-adds).");
                    // Two partial sums per output (alternate terms): eight independent multiply-add chains hide the latency.
                    foreach (PlanOutput output in group)
                    {
                        method.Line($"{width.Vector} sum{output.Name}Even = {width.Vector}.Zero;");
                        method.Line($"{width.Vector} sum{output.Name}Odd = {width.Vector}.Zero;");
                    }

                    var termIndex = group.ToDictionary(o => o.Name, _ => 0);
                    foreach (int leftPosition in group.SelectMany(o => o.Terms).Select(t => t.LeftPosition).Distinct().OrderBy(p => p))
                    {
                        var uses = group.SelectMany(o => o.Terms.Where(t => t.LeftPosition == leftPosition).Select(t => (Output: o, Term: t))).ToList();
                        string leftName = left + uses[0].Term.LeftName;
                        method.Line($"{width.Vector} {leftName} = {width.Ops}.LoadUnsafe(ref {left}, {leftPosition * lanes});");
                        foreach ((PlanOutput output, PlanTerm term) in uses)
                        {
                            string factor = term.Sign < 0 ? "-" + leftName : leftName;
                            string sum = $"sum{output.Name}{(termIndex[output.Name]++ % 2 == 0 ? "Even" : "Odd")}";
                            method.Line($"{sum} = {width.Ops}.MultiplyAddEstimate({factor}, {width.Ops}.LoadUnsafe(ref {right}, {term.RightPosition * lanes}), {sum});");
                        }
                    }

                    foreach (PlanOutput output in group)
                    {
                        method.Line($"{width.Ops}.StoreUnsafe(sum{output.Name}Even + sum{output.Name}Odd, ref {result}, {output.Position * lanes});");
                    }
                }
            }

            foreach (PlanOutput output in plan.Outputs.Where(o => o.Terms.Count == 0))
            {
                writer.Line($"{width.Ops}.StoreUnsafe({width.Vector}.Zero, ref {result}, {output.Position * lanes}); // {output.Name}: structurally zero");
            }
        }
    }
}
