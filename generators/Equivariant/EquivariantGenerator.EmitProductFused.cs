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
        /// <summary>One method of the forward: a path on its own (<see cref="WritePathForward"/>), or fused paths over one pair of input terms (<see cref="WriteFusedForward"/>).</summary>
        private sealed class ForwardUnit(List<PathPlan> paths, bool fused)
        {
            public List<PathPlan> Paths { get; } = paths;

            public bool Fused { get; } = fused;
        }

        /// <summary>
        /// The forward's units of a product too large to inline (over 1,500 coefficients), in the order they run: the fusible paths (see <see cref="Fusible"/>) over one pair of input
        /// terms as one unit, at the position of the pair's first path, and every other path on its own. Smaller products keep
        /// one method per path, all inlined into the block loop: for the l ≤ 2 full product the fused form measured no faster
        /// (in-run A/B, 9 rounds: 1.09× the per-path time at batch 10,000, 0.97× in cache), its few distinct constants being
        /// cheap to keep in registers there.
        /// </summary>
        private static List<ForwardUnit> ForwardUnits(List<PathPlan> plans)
        {
            var units = new List<ForwardUnit>();
            var byPair = new Dictionary<(int, int), ForwardUnit>();
            foreach (PathPlan plan in plans)
            {
                if (!Fusible(plan, plans))
                {
                    units.Add(new ForwardUnit([plan], fused: false));
                    continue;
                }

                var pair = (plan.Instruction.Input1, plan.Instruction.Input2);
                if (byPair.TryGetValue(pair, out ForwardUnit? unit))
                {
                    unit.Paths.Add(plan);
                    continue;
                }

                unit = new ForwardUnit([plan], fused: true);
                byPair.Add(pair, unit);
                units.Add(unit);
            }

            return units;
        }

        /// <summary>
        /// A path joins the fused method of its input pair when it has no u, v or w loop (every multiplicity 1) and is the
        /// only path into its output term: it then stores each of its components once, whenever it runs.
        /// </summary>
        private static bool Fusible(PathPlan plan, List<PathPlan> plans) =>
            plan.In1.Mul == 1 && plan.In2.Mul == 1 && plan.Out.Mul == 1 && plan.Overwrites
            && plans.Count(p => p.Instruction.Output == plan.Instruction.Output) == 1;

        /// <summary>The method a forward unit runs as: the path's own, or the pair's fused one.</summary>
        private static string UnitMethod(ProductShape shape, ForwardUnit unit, string suffix) =>
            unit.Fused
                ? $"{shape.Method.Name}Terms{unit.Paths[0].Instruction.Input1}And{unit.Paths[0].Instruction.Input2}{suffix}"
                : $"{shape.Method.Name}Path{unit.Paths[0].Index}{suffix}";

        /// <summary>The arguments of a call to a unit: the fused ones also read the coefficient table.</summary>
        private static string UnitArguments(ForwardUnit unit, string a, string c, string weights, string o, string stride) =>
            $"(ref {a}, ref {c}, ref {weights}, ref {o}{(unit.Fused ? ", ref coefficients" : string.Empty)}{stride})";

        /// <summary>One output component of a fused unit: its path and its index k in the path's output.</summary>
        private readonly record struct FusedOutput(PathPlan Path, int K)
        {
            /// <summary>The real-basis order m = k − l: components of equal m draw on the same input pairs, across paths.</summary>
            public int M => K - Path.Out.L;

            public string Accumulator => $"t{Path.Index}_{K}";
        }

        /// <summary>
        /// All paths over one pair of input terms in one method. In e3nn's real basis a product a_i c_j (orders m1, m2)
        /// reaches only the components of order ±(|m1| + |m2|) and ±||m1| − |m2||, and the same signed order m in every
        /// output l draws on the same products; so the outputs are tiled by m across the paths, and each product is formed
        /// once per tile that needs it (for the lmax = 4 full product 1,777 products per sample instead of 2,789 when each
        /// path tiles its own outputs; the minimum is 625, the pairs themselves).
        /// Register plan (16 on AVX2): a tile's at most <see cref="MaxAccumulators"/> accumulators, the row a_i, one product
        /// and one coefficient. Each multiply-add reads its coefficient from the product's table, its own slot (a broadcast
        /// load, no arithmetic): written as constants, the JIT gives every distinct value a register for the whole method
        /// (CSE), and the lmax = 4 paths spilled most of them to the stack and reloaded them at each use.
        /// </summary>
        private static void WriteFusedForward(IndentedWriter writer, ProductShape shape, ForwardUnit fused, Lane lane)
        {
            string t = shape.T;
            List<PathPlan> unit = fused.Paths;
            PathPlan first = unit[0];
            writer.Line($"// Paths {string.Join(", ", unit.Select(p => p.Index))}: {first.In1} (x1 term {first.Instruction.Input1}) ⊗ {first.In2} (x2 term {first.Instruction.Input2}) → "
                + $"{string.Join(", ", unit.Select(p => $"{p.Out} (output term {p.Instruction.Output})"))}; {unit.Sum(p => p.Entries.Count)} nonzero coefficients, path coefficients folded in.");
            writer.Line($"// {(lane.IsScalar ? "Scalar: one sample" : $"{lane.Vector}: one sample per lane")}; the outputs tiled by the order m across the paths; stores each output component once, overwriting o.");
            writer.Line(shape.Inline ? InlinedOptimized : Optimized);
            using (writer.Block($"private static void {UnitMethod(shape, fused, lane.Suffix)}(ref {t} a, ref {t} c, ref {t} weights, ref {t} o, ref {t} coefficients{shape.StrideParameter})"))
            {
                if (!shape.ComponentMajor)
                {
                    writer.Line(lane.IsScalar
                        ? "nint stride = 1; // one sample, its components adjacent"
                        : $"nint stride = {lane.Count}; // the block in lanes: component i of every sample is row i, one register");
                }

                writer.Line($"nint i1 = {first.Offset1}, i2 = {first.Offset2};");
                int slot = shape.Units.Where(u => u.Fused).TakeWhile(u => u != fused).Sum(u => u.Paths.Sum(p => p.Entries.Count));
                foreach (FusedOutput[] tile in FusedTiles(unit))
                {
                    using (writer.Block($"// Order m = {tile[0].M}: {string.Join(", ", tile.GroupBy(x => x.Path).Select(g => $"path {g.Key.Index} k {string.Join(" ", g.Select(x => x.K))}"))}."))
                        WriteFusedTile(writer, shape, lane, tile, ref slot);
                }

                foreach (PathPlan plan in unit) WriteUnreachedZeros(writer, plan, lane);
            }
        }

        /// <summary>The unit's output components grouped by order m (smallest |m| first), each group split into tiles of at most <see cref="MaxAccumulators"/>.</summary>
        private static List<FusedOutput[]> FusedTiles(List<PathPlan> unit)
        {
            var tiles = new List<FusedOutput[]>();
            IEnumerable<IGrouping<int, FusedOutput>> orders = unit
                .SelectMany(p => p.Entries.Select(e => e.K).Distinct().OrderBy(k => k).Select(k => new FusedOutput(p, k)))
                .GroupBy(x => x.M)
                .OrderBy(g => Math.Abs(g.Key)).ThenBy(g => g.Key);
            foreach (IGrouping<int, FusedOutput> order in orders) tiles.AddRange(EvenTiles(order.ToArray()));

            return tiles;
        }

        /// <summary>A tile's multiply-adds in the order they are written: row by row of x1, pair by pair, then by output.</summary>
        private static List<(FusedOutput Output, int I, int J, double C)> TileEntries(FusedOutput[] tile) =>
            tile.SelectMany(x => x.Path.Entries.Where(e => e.K == x.K).Select(e => (Output: x, e.I, e.J, e.C)))
                .OrderBy(e => e.I).ThenBy(e => e.J)
                .ToList();

        /// <summary>The coefficients of every fused unit, one per multiply-add in the order they are written (every width, scalar included, reads them from this table).</summary>
        private static List<double> FusedCoefficients(List<ForwardUnit> units) =>
            units.Where(u => u.Fused).Select(u => u.Paths).SelectMany(FusedTiles).SelectMany(TileEntries).Select(e => e.C).ToList();

        /// <summary>One tile: zeroed accumulators, then row by row of x1 each product once and its multiply-adds, then the stores (weighted paths scaled).</summary>
        private static void WriteFusedTile(IndentedWriter writer, ProductShape shape, Lane lane, FusedOutput[] tile, ref int slot)
        {
            writer.Line($"{lane.Type} {string.Join(", ", tile.Select(x => $"{x.Accumulator} = {lane.Zero}"))};");
            int lastI = -1, lastJ = -1;
            foreach (var e in TileEntries(tile))
            {
                if (e.I != lastI) writer.Line($"{lane.Type} a{e.I} = {lane.Load("a", $"(i1 + {e.I}) * stride")};");
                if (e.I != lastI || e.J != lastJ) writer.Line($"{lane.Type} p{e.I}_{e.J} = a{e.I} * {lane.Load("c", $"(i2 + {e.J}) * stride")};");
                lastI = e.I;
                lastJ = e.J;
                string coefficient = lane.Broadcast($"{UnsafeType}.Add(ref coefficients, {slot++})");
                writer.Line($"{e.Output.Accumulator} = {lane.MultiplyAdd(coefficient, $"p{e.I}_{e.J}", e.Output.Accumulator)}; // {SignedLiteral(e.C, lane.Element)}");
            }

            foreach (FusedOutput x in tile)
            {
                string value = x.Accumulator;
                if (x.Path.Instruction.HasWeight)
                {
                    value = $"{Weight(shape, lane, x.Path.WeightOffset.ToString(CultureInfo.InvariantCulture))} * {value}";
                }

                writer.Line(lane.Store(value, "o", $"{x.Path.OffsetOut + x.K} * stride"));
            }
        }
    }
}
