using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Equivariant;

public sealed partial class EquivariantGenerator
{
    internal static partial class Emit
    {
        /// <summary>The coefficients of a path as named registers k0, k1, … (one per distinct signed value), declared once per call.</summary>
        private static Dictionary<string, string> WriteConstants(IndentedWriter writer, PathPlan plan, Lane lane)
        {
            var names = new Dictionary<string, string>();
            foreach (var entry in plan.Entries)
            {
                string literal = SignedLiteral(entry.C, lane.Element);
                if (names.ContainsKey(literal)) continue;
                string name = "k" + names.Count.ToString(CultureInfo.InvariantCulture);
                names.Add(literal, name);
                writer.Line($"{lane.Type} {name} = {lane.Broadcast(literal)};");
            }

            return names;
        }

        private static string SignedLiteral(double value, string t) => (value < 0 ? "-" : string.Empty) + Literal(Math.Abs(value), t);

        /// <summary>The opening of a path method: the stride (sample-major blocks: one register per row), constants and the u, v loops.</summary>
        private static (Dictionary<string, string> Constants, Stack<IndentedWriter.Scope> Scopes) OpenPath(IndentedWriter writer, ProductShape shape, PathPlan plan, Lane lane)
        {
            if (!shape.ComponentMajor)
            {
                writer.Line(lane.IsScalar
                    ? "nint stride = 1; // one sample, its components adjacent"
                    : $"nint stride = {lane.Count}; // the block in lanes: component i of every sample is row i, one register");
            }

            writer.Line("// The path's Clebsch–Gordan coefficients (path normalization folded in).");
            Dictionary<string, string> constants = WriteConstants(writer, plan, lane);
            var scopes = new Stack<IndentedWriter.Scope>();
            foreach (string loop in Loops(plan)) scopes.Push(writer.Block(loop));
            writer.Line($"nint i1 = {Index(plan.Offset1, U(plan), 2 * plan.In1.L + 1)}, i2 = {Index(plan.Offset2, V(plan), 2 * plan.In2.L + 1)};");
            return (constants, scopes);
        }

        /// <summary>The weight index expressions of a path: (index within the weights, the u·v part) for uvw, or the single index.</summary>
        private static string WeightIndex(PathPlan plan)
        {
            string mode = plan.Instruction.Mode;
            if (mode == "uvw")
            {
                string pair = Paren(Pair(plan));
                return $"{plan.WeightOffset} + {(pair == "0" ? string.Empty : pair + " * " + plan.Out.Mul + " + ")}w";
            }

            return Index(plan.WeightOffset, Paren(mode == "uuu" ? U(plan) : Pair(plan)), 1);
        }

        /// <summary>The weight of <paramref name="index"/> (iw unless given) for the lane: a broadcast shared weight, or the lanes' own per-sample weights.</summary>
        private static string Weight(ProductShape shape, Lane lane, string index = "iw") =>
            shape.PerSample ? lane.Load("weights", $"{index} * stride") : lane.Broadcast($"{UnsafeType}.Add(ref weights, {index})");

        private static string OutputIndex(PathPlan plan)
        {
            int dOut = 2 * plan.Out.L + 1;
            if (plan.Instruction.Mode == "uvw") return $"{plan.OffsetOut} + w * {dOut}";
            return Index(plan.OffsetOut, Paren(plan.Instruction.Mode == "uvuv" ? Pair(plan) : U(plan)), dOut);
        }

        /// <summary>The most output accumulators a forward path keeps live at once: with a row of x1, a product and a coefficient they fit 16 registers.</summary>
        private const int MaxAccumulators = 10;

        /// <summary>
        /// t_k = Σ C[i, j, k] a_i c_j for the output components <paramref name="tile"/>, row by row of x1: a_i is loaded once,
        /// each product a_i c_j (c_j read as it is needed) is formed once, then one multiply-add per nonzero coefficient.
        /// The live set is the tile's accumulators, a_i and one product, whatever the path's size.
        /// </summary>
        private static void WriteTileOutputs(IndentedWriter writer, PathPlan plan, Lane lane, Dictionary<string, string> constants, int[] tile)
        {
            var entries = plan.Entries.Where(e => Array.IndexOf(tile, e.K) >= 0).ToList();
            writer.Line($"{lane.Type} {string.Join(", ", tile.Select(k => $"t{k} = {lane.Zero}"))};");
            foreach (int i in entries.Select(e => e.I).Distinct().OrderBy(i => i))
            {
                using (writer.Block($"// x1 component {i}."))
                {
                    writer.Line($"{lane.Type} a{i} = {lane.Load("a", $"(i1 + {i}) * stride")};");
                    foreach (int j in entries.Where(e => e.I == i).Select(e => e.J).Distinct().OrderBy(j => j))
                    {
                        writer.Line($"{lane.Type} p{i}_{j} = a{i} * {lane.Load("c", $"(i2 + {j}) * stride")};");
                        foreach (var e in entries.Where(e => e.I == i && e.J == j).OrderBy(e => e.K))
                            writer.Line($"t{e.K} = {lane.MultiplyAdd(constants[SignedLiteral(e.C, lane.Element)], $"p{i}_{j}", $"t{e.K}")};");
                    }
                }
            }
        }

        /// <summary>The path's output components split into tiles of at most <see cref="MaxAccumulators"/> (see <see cref="EvenTiles{T}"/>).</summary>
        private static List<int[]> OutputTiles(PathPlan plan) => EvenTiles(plan.Entries.Select(e => e.K).Distinct().OrderBy(k => k).ToArray());

        /// <summary>Items split in order into the fewest tiles of at most <see cref="MaxAccumulators"/>, as even as they come.</summary>
        private static List<T[]> EvenTiles<T>(T[] items)
        {
            int count = (items.Length + MaxAccumulators - 1) / MaxAccumulators;
            var tiles = new List<T[]>();
            for (int tile = 0, first = 0; tile < count; tile++)
            {
                int size = (items.Length - first) / (count - tile);
                tiles.Add(items.Skip(first).Take(size).ToArray());
                first += size;
            }

            return tiles;
        }

        private static void WritePathForward(IndentedWriter writer, ProductShape shape, PathPlan plan, Lane lane)
        {
            string t = shape.T;
            writer.Line(PathComment(plan));
            writer.Line($"// {(lane.IsScalar ? "Scalar: one sample" : $"{lane.Vector}: one sample per lane")}; {(plan.Overwrites ? "stores each output component once, overwriting o" : "accumulates into o")}.");
            writer.Line(shape.Inline ? InlinedOptimized : Optimized);
            using (writer.Block($"private static void {shape.Method.Name}Path{plan.Index}{lane.Suffix}(ref {t} a, ref {t} c, ref {t} weights, ref {t} o{shape.StrideParameter})"))
            {
                (Dictionary<string, string> constants, Stack<IndentedWriter.Scope> scopes) = OpenPath(writer, shape, plan, lane);
                List<int[]> tiles = OutputTiles(plan);
                foreach (int[] tile in tiles)
                {
                    IndentedWriter.Scope? tileScope = tiles.Count > 1 ? writer.Block($"// Output components {tile[0]}…{tile[tile.Length - 1]}.") : null;
                    WriteTileOutputs(writer, plan, lane, constants, tile);
                    bool weighted = plan.Instruction.HasWeight;
                    IndentedWriter.Scope? outputLoop = plan.Instruction.Mode == "uvw" ? writer.Block($"for (int w = 0; w < {plan.Out.Mul}; w++)") : null;
                    writer.Line($"nint io = {OutputIndex(plan)};");
                    if (weighted)
                    {
                        writer.Line($"nint iw = {WeightIndex(plan)};");
                        writer.Line($"{lane.Type} s = {Weight(shape, lane)};");
                    }

                    foreach (int k in tile)
                    {
                        string index = $"(io + {k}) * stride";
                        string value = plan.Overwrites
                            ? weighted ? $"s * t{k}" : $"t{k}"
                            : weighted ? lane.MultiplyAdd("s", $"t{k}", lane.Load("o", index)) : $"{lane.Load("o", index)} + t{k}";
                        writer.Line(lane.Store(value, "o", index));
                    }

                    outputLoop?.Dispose();
                    tileScope?.Dispose();
                }

                WriteUnreachedZeros(writer, plan, lane);
                while (scopes.Count > 0) scopes.Pop().Dispose();
            }
        }

        /// <summary>
        /// An overwriting path stores zero into any output component no coefficient reaches, so that it, too, is written.
        /// (A nonzero equivariant map reaches every component of an irreducible output; this only guards the 1e-12 cut-off.)
        /// </summary>
        private static void WriteUnreachedZeros(IndentedWriter writer, PathPlan plan, Lane lane)
        {
            int[] unreached = Enumerable.Range(0, 2 * plan.Out.L + 1).Except(plan.Entries.Select(e => e.K)).ToArray();
            if (!plan.Overwrites || unreached.Length == 0) return;
            using (writer.Block($"// Output components no coefficient reaches: {string.Join(", ", unreached)}."))
            {
                IndentedWriter.Scope? outputLoop = plan.Instruction.Mode == "uvw" ? writer.Block($"for (int w = 0; w < {plan.Out.Mul}; w++)") : null;
                writer.Line($"nint iu = {OutputIndex(plan)};");
                foreach (int k in unreached) writer.Line(lane.Store(lane.Zero, "o", $"(iu + {k}) * stride"));
                outputLoop?.Dispose();
            }
        }
    }
}
