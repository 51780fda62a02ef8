using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Permutation;

public sealed partial class PermutationGenerator
{
    /// <summary>
    /// The output step: one file per method. The body validates the spans, then applies the layer in three stages
    /// that every basis map shares: reduce the input (diagonal extractions and sums over input-only blocks, once per
    /// distinct pattern), mix channels on the reduced tensors (one call per basis map), embed the mixed tensors into
    /// the output (broadcasts along output-only blocks, placement on diagonals, once per distinct pattern).
    /// </summary>
    internal static class Emit
    {
        private const string Kernels = "global::TensorGen.Permutation.PermutationKernels";

        public static IEnumerable<(string Part, string Text)> Files(PermutationMethodModel model, CancellationToken cancellationToken) =>
            [(".PermutationEquivariant", Write(model))];

        public static string Write(PermutationMethodModel model)
        {
            int k = model.InputOrder, l = model.OutputOrder;
            IReadOnlyList<BasisMap> basis = SetPartitions.Basis(k, l);
            var reductions = new List<BasisMap>();
            var embeddings = new List<BasisMap>();
            foreach (BasisMap map in basis)
            {
                if (!reductions.Any(r => r.ReductionKey == map.ReductionKey)) reductions.Add(map);
                if (!embeddings.Any(e => e.EmbeddingKey == map.EmbeddingKey)) embeddings.Add(map);
            }

            var writer = new IndentedWriter();
            PartialMethod method = model.Method;
            Scopes open = GeneratedFile.Open(writer,
                $"the [PermutationEquivariant({k}, {l}, InChannels = {model.InChannels}, OutChannels = {model.OutChannels})] declaration of {method.Name}",
                method.Namespace, method.ContainingTypes);
            string[] names = method.ParameterNames;
            string x = names[0], w = names[1], y = names[2], n = names[3];
            // The layer runs in a static local function with the generator's own parameter names; its name avoids the user's.
            string apply = Declarations.Fresh("Apply", names);
            string points = string.Join(", ", Enumerable.Range(1, l).Select(p => "o" + p).Concat(Enumerable.Range(1, k).Select(p => "i" + p)));
            writer.Line($"// (R^n)^(x{k}) -> (R^n)^(x{l}), {model.InChannels} -> {model.OutChannels} channels: {basis.Count} basis maps, one per set partition of {{{points}}},");
            writer.Line($"// in factored form: {Count(reductions.Count(r => !IsIdentity(r.InputLabels, r.Through)), "reduction")} of the input, a channel mix per basis map, {Count(embeddings.Count, "embedding")} into the output.");
            writer.Line(GeneratedFile.GeneratedCode);
            using (writer.Block(method.Signature))
            {
                writer.Line($"{Kernels}.Validate({x}, {w}, {y}, {n}, inputOrder: {k}, outputOrder: {l}, inChannels: {model.InChannels}, outChannels: {model.OutChannels},");
                writer.Line($"    basisCount: {basis.Count}, {GeneratedFile.Quoted(x)}, {GeneratedFile.Quoted(w)}, {GeneratedFile.Quoted(y)}, {GeneratedFile.Quoted(n)});");
                writer.Line($"{apply}({x}, {w}, {y}, {n});");
                writer.Line();
                using (writer.Block($"static void {apply}(global::System.ReadOnlySpan<float> input, global::System.ReadOnlySpan<float> weights, global::System.Span<float> output, int n)"))
                {
                    WriteApply(writer, model, basis, reductions, embeddings);
                }
            }

            open.Dispose();
            return writer.ToString();
        }

        private static void WriteApply(IndentedWriter writer, PermutationMethodModel model, IReadOnlyList<BasisMap> basis,
                                       List<BasisMap> reductions, List<BasisMap> embeddings)
        {
            int k = model.InputOrder, l = model.OutputOrder;
            writer.Line($"const int inChannels = {model.InChannels}, outChannels = {model.OutChannels}, basisCount = {basis.Count};");
            for (int power = 2; power <= System.Math.Max(k, l); power++)
            {
                writer.Line($"int n{power} = {Power(power - 1)} * n;");
            }

            writer.Line("global::TensorGen.VectorPath path = global::TensorGen.KernelDispatch.Current;");
            List<BasisMap> reduced = reductions.Where(r => !IsIdentity(r.InputLabels, r.Through)).ToList();
            string scratch = string.Join(" + ", new[]
            {
                ScratchTerm("inChannels", reduced.Select(r => r.Through)),
                ScratchTerm("outChannels", embeddings.Select(e => e.Through)),
            }.Where(t => t.Length > 0));
            writer.Line($"using global::TensorGen.Permutation.PermutationScratch scratch = new({scratch});");

            var reducedNames = new Dictionary<string, string>();
            writer.Line();
            if (reduced.Count > 0)
            {
                writer.Line("// Reduced inputs [inChannels][n^t], one per distinct diagonal extraction and sum (v: kept indices, u: summed).");
            }

            foreach (BasisMap map in reductions)
            {
                if (IsIdentity(map.InputLabels, map.Through))
                {
                    reducedNames[map.ReductionKey] = "input";
                    continue;
                }

                string name = "reduced" + (reducedNames.Count(p => p.Value != "input") + 1);
                reducedNames[map.ReductionKey] = name;
                WriteReduction(writer, name, map, k);
                writer.Line();
            }

            var mixedNames = new Dictionary<string, string>();
            writer.Line("// Mixed tensors [outChannels][n^t], one per distinct embedding into the output.");
            foreach (BasisMap map in embeddings)
            {
                string name = "mixed" + (mixedNames.Count + 1);
                mixedNames[map.EmbeddingKey] = name;
                writer.Line($"global::System.Span<float> {name} = scratch.Take({Sized("outChannels", map.Through)});");
            }

            writer.Line();
            writer.Line("// One channel mix per basis map: mixed[co, v] += sum over ci of weights[co, ci, b] * reduced[ci, v].");
            foreach (BasisMap map in basis)
            {
                string reducedName = reducedNames[map.ReductionKey], mixedName = mixedNames[map.EmbeddingKey];
                writer.Line($"// basis {map.Index}: {map.Name}: y[c{Indices(map.OutputLabels)}] gets {Source(map.InputLabels)}");
                writer.Line($"{Kernels}.Mix(weights, {map.Index}, basisCount, {reducedName}, {mixedName}, inChannels, outChannels, {Power(map.Through)}, path);");
            }

            writer.Line();
            writer.Line("// Embeddings: each mixed tensor lands on the output, broadcast along b indices and on the diagonals its labels repeat.");
            writer.Line("output.Clear();");
            for (int e = 0; e < embeddings.Count; e++)
            {
                if (e > 0) writer.Line();
                WriteEmbedding(writer, mixedNames[embeddings[e].EmbeddingKey], embeddings[e], l);
            }
        }

        private static void WriteReduction(IndentedWriter writer, string name, BasisMap map, int k)
        {
            string[] labels = map.InputLabels;
            int t = map.Through;
            writer.Line($"// {name}[c{Indices(Kept(t))}] = {Source(labels)}");
            writer.Line($"global::System.Span<float> {name} = scratch.Take({Sized("inChannels", t)});");
            if (t == 0 && labels.Distinct().Count() == labels.Length)
            {
                // Every input index summed freely: one sum over each channel.
                using (writer.Block("for (int c = 0; c < inChannels; c++)"))
                {
                    writer.Line($"{name}[c] = {Kernels}.Sum(input.Slice(c * {Power(k)}, {Power(k)}), path);");
                }

                return;
            }

            using (writer.Block("for (int c = 0; c < inChannels; c++)"))
            {
                writer.Line($"global::System.ReadOnlySpan<float> xc = input.Slice(c * {Power(k)}, {Power(k)});");
                writer.Line($"global::System.Span<float> rc = {name}.Slice({Sized("c", t)}, {Power(t)});");
                string last = labels[k - 1];
                bool contiguous = System.Array.IndexOf(labels, last) == k - 1;
                var open = new Stack<IndentedWriter.Scope>();
                if (contiguous && last[0] == 'u')
                {
                    foreach (string variable in Loops(labels.Take(k - 1))) open.Push(writer.Block(Loop(variable)));
                    writer.Line($"rc[{Index(Kept(t))}] += {Kernels}.Sum(xc.Slice({RowStart(labels)}, n), path);");
                }
                else if (contiguous && last == "v" + t)
                {
                    foreach (string variable in Loops(labels.Take(k - 1))) open.Push(writer.Block(Loop(variable)));
                    writer.Line($"{Kernels}.Add(xc.Slice({RowStart(labels)}, n), rc.Slice({RowStart(Kept(t))}, n), path);");
                }
                else
                {
                    foreach (string variable in Loops(labels)) open.Push(writer.Block(Loop(variable)));
                    writer.Line($"rc[{Index(Kept(t))}] += xc[{Index(labels)}];");
                }

                while (open.Count > 0) open.Pop().Dispose();
            }
        }

        private static void WriteEmbedding(IndentedWriter writer, string name, BasisMap map, int l)
        {
            string[] labels = map.OutputLabels;
            int t = map.Through;
            writer.Line($"// y[c{Indices(labels)}] += {name}[c{Indices(Kept(t))}]");
            if (IsIdentity(labels, t))
            {
                writer.Line($"{Kernels}.Add({name}, output, path);");
                return;
            }

            using (writer.Block("for (int c = 0; c < outChannels; c++)"))
            {
                writer.Line($"global::System.ReadOnlySpan<float> mc = {name}.Slice({Sized("c", t)}, {Power(t)});");
                writer.Line($"global::System.Span<float> yc = output.Slice(c * {Power(l)}, {Power(l)});");
                if (t == 0 && labels.Distinct().Count() == labels.Length)
                {
                    writer.Line($"{Kernels}.AddScalar(mc[0], yc, path);");
                    return;
                }

                string last = labels[l - 1];
                bool contiguous = System.Array.IndexOf(labels, last) == l - 1;
                var open = new Stack<IndentedWriter.Scope>();
                if (contiguous && last[0] == 'b')
                {
                    foreach (string variable in Loops(labels.Take(l - 1))) open.Push(writer.Block(Loop(variable)));
                    writer.Line($"{Kernels}.AddScalar(mc[{Index(Kept(t))}], yc.Slice({RowStart(labels)}, n), path);");
                }
                else if (contiguous && last == "v" + t)
                {
                    foreach (string variable in Loops(labels.Take(l - 1))) open.Push(writer.Block(Loop(variable)));
                    writer.Line($"{Kernels}.Add(mc.Slice({RowStart(Kept(t))}, n), yc.Slice({RowStart(labels)}, n), path);");
                }
                else
                {
                    foreach (string variable in Loops(labels)) open.Push(writer.Block(Loop(variable)));
                    writer.Line($"yc[{Index(labels)}] += mc[{Index(Kept(t))}];");
                }

                while (open.Count > 0) open.Pop().Dispose();
            }
        }

        /// <summary>Whether the labels are v1 … vt in order: the reduction is the input itself (or the embedding a plain add).</summary>
        private static bool IsIdentity(string[] labels, int through) =>
            labels.Length == through && labels.Select((label, i) => label == "v" + (i + 1)).All(same => same);

        /// <summary>v1 … vt, the indices of a reduced or mixed tensor.</summary>
        private static string[] Kept(int through) => Enumerable.Range(1, through).Select(i => "v" + i).ToArray();

        /// <summary>The loop variables of a pattern, in order of first appearance.</summary>
        private static IEnumerable<string> Loops(IEnumerable<string> labels) => labels.Distinct();

        private static string Loop(string variable) => $"for (int {variable} = 0; {variable} < n; {variable}++)";

        /// <summary>n^power as the local that holds it.</summary>
        private static string Power(int power) => power switch { 0 => "1", 1 => "n", _ => "n" + power };

        /// <summary>The row-major offset of a multi-index over n^labels.Length.</summary>
        private static string Index(string[] labels)
        {
            if (labels.Length == 0) return "0";
            return string.Join(" + ", labels.Select((label, i) => labels.Length - 1 - i == 0 ? label : $"{label} * {Power(labels.Length - 1 - i)}"));
        }

        /// <summary>The offset of the row that the last index runs along: the index with the last label at 0.</summary>
        private static string RowStart(string[] labels) =>
            labels.Length <= 1 ? "0" : string.Join(" + ", labels.Take(labels.Length - 1).Select((label, i) => $"{label} * {Power(labels.Length - 1 - i)}"));

        private static string Indices(string[] labels) => string.Concat(labels.Select(label => ", " + label));

        /// <summary>What a reduced input is, e.g. <c>sum over u1 of x[c, v1, u1]</c>.</summary>
        private static string Source(string[] labels)
        {
            string[] summed = labels.Where(label => label[0] == 'u').Distinct().ToArray();
            string element = $"x[c{Indices(labels)}]";
            return summed.Length == 0 ? element : $"sum over {string.Join(", ", summed)} of {element}";
        }

        /// <summary><c>inChannels * (2L * n2 + 1L * n + 3L)</c>: a channel count times the summed sizes n^t, in long.</summary>
        private static string ScratchTerm(string channels, IEnumerable<int> throughs)
        {
            List<string> terms = throughs.GroupBy(t => t).OrderByDescending(g => g.Key)
                .Select(g => g.Key == 0 ? $"{g.Count()}L" : $"{g.Count()}L * {Power(g.Key)}").ToList();
            return terms.Count switch
            {
                0 => string.Empty,
                1 => $"{channels} * {terms[0]}",
                _ => $"{channels} * ({string.Join(" + ", terms)})",
            };
        }

        /// <summary><c>channels * n^t</c> (a size, or the offset of channel c), or just the channel count when t = 0.</summary>
        private static string Sized(string channels, int through) => through == 0 ? channels : $"{channels} * {Power(through)}";

        private static string Count(int count, string noun) => count + " " + noun + (count == 1 ? string.Empty : "s");
    }
}
