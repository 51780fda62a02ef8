using System.Collections.Generic;
using System.Linq;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Equivariant;

public sealed partial class EquivariantGenerator
{
    internal static partial class Emit
    {
        /// <summary>The most gradient accumulators of x2 a backward path keeps in registers; with more, they accumulate in memory (L1).</summary>
        private const int MaxGradientAccumulators = 8;

        /// <summary>
        /// The backward of one path, in a bounded set of registers. With s_k the gradient reaching the path's unweighted
        /// output t_k (g_k times the weight, summed over w for uvw) and q_ij = Σ_k C[i, j, k] s_k, formed once per pair:
        /// gradX1_i += Σ_j c_j q_ij (accumulated row by row of x1, one register), gradX2_j += Σ_i a_i q_ij (registers when
        /// there are at most <see cref="MaxGradientAccumulators"/> of them, else in memory), and for a weighted path
        /// gradW += Σ_k t_k g_k, t computed tile by tile as the forward does.
        /// </summary>
        private static void WritePathBackward(IndentedWriter writer, ProductShape shape, PathPlan plan, Lane lane)
        {
            string t = shape.T;
            writer.Line(PathComment(plan).Replace("// Path", "// Backward of path"));
            writer.Line($"// {(lane.IsScalar ? "Scalar: one sample" : $"{lane.Vector}: one sample per lane")}; accumulates into ga, gc{(plan.Instruction.HasWeight ? " and gw" : string.Empty)}.");
            writer.Line(shape.Inline ? InlinedOptimized : Optimized);
            using (writer.Block($"private static void {shape.Method.Name}Path{plan.Index}Backward{lane.Suffix}(ref {t} a, ref {t} c, ref {t} weights, ref {t} g, ref {t} ga, ref {t} gc, ref {t} gw{shape.StrideParameter})"))
            {
                (Dictionary<string, string> constants, Stack<IndentedWriter.Scope> scopes) = OpenPath(writer, shape, plan, lane);
                bool weighted = plan.Instruction.HasWeight, uvw = plan.Instruction.Mode == "uvw";
                int[] ks = plan.Entries.Select(e => e.K).Distinct().OrderBy(k => k).ToArray();
                int[] js = plan.Entries.Select(e => e.J).Distinct().OrderBy(j => j).ToArray();
                bool gcInRegisters = js.Length <= MaxGradientAccumulators;
                // Registers: the x2 accumulators, then a_i, the x1 accumulator, q and a load; s_k joins them if it fits (uvw always: it is a sum).
                bool sInRegisters = uvw || ks.Length + (gcInRegisters ? js.Length : 0) + 4 <= 16;
                if (!uvw)
                {
                    writer.Line($"nint io = {OutputIndex(plan)};");
                    if (weighted)
                    {
                        writer.Line($"nint iw = {WeightIndex(plan)};");
                        writer.Line($"{lane.Type} s = {Weight(shape, lane)};");
                    }
                }

                if (weighted) WriteWeightGradient(writer, shape, plan, lane, constants);
                WriteOutputGradients(writer, shape, plan, lane, ks, sInRegisters);

                // With s_k read from g, a weighted path scales q_ij by the weight once instead.
                bool scaleQ = weighted && !uvw && !sInRegisters;
                string S(int k) => sInRegisters ? $"s{k}" : lane.Load("g", $"(io + {k}) * stride");
                if (gcInRegisters) writer.Line($"{lane.Type} {string.Join(", ", js.Select(j => $"gc{j} = {lane.Zero}"))};");
                foreach (int i in plan.Entries.Select(e => e.I).Distinct().OrderBy(i => i))
                {
                    using (writer.Block($"// x1 component {i}."))
                    {
                        writer.Line($"{lane.Type} a{i} = {lane.Load("a", $"(i1 + {i}) * stride")};");
                        writer.Line($"{lane.Type} ga{i} = {lane.Zero};");
                        foreach (int j in plan.Entries.Where(e => e.I == i).Select(e => e.J).Distinct().OrderBy(j => j))
                        {
                            var terms = plan.Entries.Where(e => e.I == i && e.J == j).OrderBy(e => e.K).ToList();
                            string q = $"{constants[SignedLiteral(terms[0].C, lane.Element)]} * {S(terms[0].K)}";
                            foreach (var e in terms.Skip(1)) q = lane.MultiplyAdd(constants[SignedLiteral(e.C, lane.Element)], S(e.K), q);
                            writer.Line($"{lane.Type} q{i}_{j} = {(scaleQ ? $"s * ({q})" : q)};");
                            writer.Line($"ga{i} = {lane.MultiplyAdd(lane.Load("c", $"(i2 + {j}) * stride"), $"q{i}_{j}", $"ga{i}")};");
                            string index = $"(i2 + {j}) * stride";
                            writer.Line(gcInRegisters
                                ? $"gc{j} = {lane.MultiplyAdd($"a{i}", $"q{i}_{j}", $"gc{j}")};"
                                : lane.Store(lane.MultiplyAdd($"a{i}", $"q{i}_{j}", lane.Load("gc", index)), "gc", index));
                        }

                        string gaIndex = $"(i1 + {i}) * stride";
                        writer.Line(lane.Store($"{lane.Load("ga", gaIndex)} + ga{i}", "ga", gaIndex));
                    }
                }

                if (gcInRegisters)
                {
                    foreach (int j in js)
                    {
                        string index = $"(i2 + {j}) * stride";
                        writer.Line(lane.Store($"{lane.Load("gc", index)} + gc{j}", "gc", index));
                    }
                }

                while (scopes.Count > 0) scopes.Pop().Dispose();
            }
        }

        /// <summary>A weighted path's weight gradient, Σ_k t_k g_k, with t recomputed tile by tile as the forward does.</summary>
        private static void WriteWeightGradient(IndentedWriter writer, ProductShape shape, PathPlan plan, Lane lane, Dictionary<string, string> constants)
        {
            bool uvw = plan.Instruction.Mode == "uvw";
            string gradientWeightIndex = shape.PerSample ? "iw * stride" : $"iw * {lane.Count}";
            using (writer.Block("// The weights' gradient: Σ_k t_k g_k, t the path's unweighted output, tile by tile."))
            {
                List<int[]> tiles = OutputTiles(plan);
                foreach (int[] tile in tiles)
                {
                    IndentedWriter.Scope? tileScope = tiles.Count > 1 ? writer.Block($"// Output components {tile[0]}…{tile[tile.Length - 1]}.") : null;
                    WriteTileOutputs(writer, plan, lane, constants, tile);
                    IndentedWriter.Scope? outputLoop = uvw ? writer.Block($"for (int w = 0; w < {plan.Out.Mul}; w++)") : null;
                    if (uvw)
                    {
                        writer.Line($"nint io = {OutputIndex(plan)};");
                        writer.Line($"nint iw = {WeightIndex(plan)};");
                    }

                    string dot = $"t{tile[0]} * {lane.Load("g", $"(io + {tile[0]}) * stride")}";
                    foreach (int k in tile.Skip(1)) dot = lane.MultiplyAdd($"t{k}", lane.Load("g", $"(io + {k}) * stride"), dot);
                    writer.Line(lane.Store($"{lane.Load("gw", gradientWeightIndex)} + {dot}", "gw", gradientWeightIndex));
                    outputLoop?.Dispose();
                    tileScope?.Dispose();
                }
            }
        }

        /// <summary>s_k, the gradient reaching the path's unweighted output t_k: registers s{k}, or read from g where it is used.</summary>
        private static void WriteOutputGradients(IndentedWriter writer, ProductShape shape, PathPlan plan, Lane lane, int[] ks, bool sInRegisters)
        {
            bool weighted = plan.Instruction.HasWeight, uvw = plan.Instruction.Mode == "uvw";
            if (uvw)
            {
                writer.Line($"{lane.Type} {string.Join(", ", ks.Select(k => $"s{k} = {lane.Zero}"))};");
                using (writer.Block($"for (int w = 0; w < {plan.Out.Mul}; w++)"))
                {
                    writer.Line($"nint io = {OutputIndex(plan)};");
                    if (weighted)
                    {
                        writer.Line($"nint iw = {WeightIndex(plan)};");
                        writer.Line($"{lane.Type} s = {Weight(shape, lane)};");
                    }

                    foreach (int k in ks)
                    {
                        string gk = lane.Load("g", $"(io + {k}) * stride");
                        writer.Line(weighted ? $"s{k} = {lane.MultiplyAdd("s", gk, $"s{k}")};" : $"s{k} += {gk};");
                    }
                }
            }
            else if (sInRegisters)
            {
                foreach (int k in ks)
                {
                    string gk = lane.Load("g", $"(io + {k}) * stride");
                    writer.Line($"{lane.Type} s{k} = {(weighted ? $"s * {gk}" : gk)};");
                }
            }
        }
    }
}
