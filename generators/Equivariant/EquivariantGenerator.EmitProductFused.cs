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
        /// output l draws on the same products; so the outputs are tiled by m across the paths. Within a tile the pairs
        /// whose coefficients into an output share one magnitude are summed first (see <see cref="TileSums"/>), each sum
        /// once for every output it feeds, and each output takes one multiply per sum: for the lmax = 4 full product
        /// 1,918 products, 935 additions and 1,915 coefficient multiplies per sample where one multiply-add per
        /// coefficient took 1,777 products and 3,741 multiply-adds (in-run A/B at batch 10,000: 2.15 against 2.77 ms in
        /// cache, 3.4 against 3.9 ms out of it; the additions run on pipes the multiplies leave free).
        /// Register plan (16 on AVX2): a tile's at most <see cref="MaxAccumulators"/> accumulators, a sum and its factors,
        /// and one coefficient. Each multiply reads its coefficient from the product's table, its own slot (a broadcast
        /// load, no arithmetic), from a reference moved every 32 slots so that the offset fits one byte: written as
        /// constants, the JIT gives every distinct value a register for the whole method (CSE), and the lmax = 4 paths
        /// spilled most of them to the stack and reloaded them at each use. Keeping every product of the pair in an L1
        /// buffer instead (625 products, the minimum, each sum then two loads) measured 1.6 times slower in cache.
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
                writer.Line($"ref {t} k = ref coefficients; // moved every 32 coefficients: each is read at a small offset from it");
                int slot = shape.FusedFirstSlots[fused];
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

        /// <summary>
        /// One sum of products a tile forms once: Σ ± a_i c_j over pairs whose coefficients into some output share one
        /// magnitude (in e3nn's real basis the pairs of orders (m1, m2) and (−m1, −m2) mostly do), and the outputs it
        /// feeds, each with its own coefficient (that of the sum's first pair).
        /// </summary>
        private sealed class TileSum(IReadOnlyList<(int I, int J, bool Negated)> pairs)
        {
            public IReadOnlyList<(int I, int J, bool Negated)> Pairs { get; } = pairs;

            public List<(FusedOutput Output, double C)> Uses { get; } = [];
        }

        /// <summary>
        /// A tile's sums in the order they are written (by their first pair): each output's entries grouped by the
        /// coefficient's magnitude, the group's pairs signed relative to its first one; groups with the same signed pairs,
        /// in any output of the tile, share one sum. For the lmax = 4 full product: 983 sums per sample of 1,918 products
        /// and 935 additions, then 1,915 coefficient multiplies (one per output and sum) where one per coefficient took 3,741.
        /// </summary>
        private static List<TileSum> TileSums(FusedOutput[] tile)
        {
            var sums = new Dictionary<string, TileSum>();
            foreach (FusedOutput x in tile)
            {
                // Magnitudes equal in exact arithmetic can differ in the last bits after the basis change: compared to 12 places.
                var groups = x.Path.Entries.Where(e => e.K == x.K)
                    .OrderBy(e => e.I).ThenBy(e => e.J)
                    .GroupBy(e => Math.Round(Math.Abs(e.C), 12));
                foreach (var group in groups)
                {
                    var first = group.First();
                    var pairs = group.Select(e => (e.I, e.J, Negated: Math.Sign(e.C) != Math.Sign(first.C))).ToList();
                    string key = string.Join(" ", pairs.Select(q => $"{(q.Negated ? "-" : "+")}{q.I}.{q.J}"));
                    if (!sums.TryGetValue(key, out TileSum? sum)) sums.Add(key, sum = new TileSum(pairs));
                    sum.Uses.Add((x, first.C));
                }
            }

            return sums.Values.OrderBy(s => s.Pairs[0].I).ThenBy(s => s.Pairs[0].J).ToList();
        }

        /// <summary>Declares a tile's sum, its products read from the rows of a and c, and returns its name.</summary>
        private static string WriteSum(IndentedWriter writer, Lane lane, TileSum sum)
        {
            string Product((int I, int J, bool Negated) q) =>
                $"{lane.Load("a", $"(i1 + {q.I}) * stride")} * {lane.Load("c", $"(i2 + {q.J}) * stride")}";
            string value = Product(sum.Pairs[0]);
            foreach (var q in sum.Pairs.Skip(1)) value += $"{(q.Negated ? " - " : " + ")}{Product(q)}";
            // Named by its signed pairs (q0_4m2_0 = a0 c4 − a2 c0): unique in the tile.
            string name = "q" + string.Concat(sum.Pairs.Select((q, n) => $"{(n == 0 ? string.Empty : q.Negated ? "m" : "p")}{q.I}_{q.J}"));
            string pairs = string.Join(" ", sum.Pairs.Select((q, n) => $"{(n == 0 ? string.Empty : q.Negated ? "− " : "+ ")}a{q.I}c{q.J}"));
            writer.Line($"{lane.Type} {name} = {value}; // {pairs}");
            return name;
        }

        /// <summary>The statement adding coefficient × sum to an accumulator, or declaring the accumulator with it when <paramref name="first"/>.</summary>
        private static string Accumulate(Lane lane, bool first, string accumulator, string coefficient, string sum) =>
            first ? $"{lane.Type} {accumulator} = {coefficient} * {sum};" : $"{accumulator} = {lane.MultiplyAdd(coefficient, sum, accumulator)};";

        /// <summary>
        /// The coefficients of every fused unit, one per multiply in the order they are written (every width, scalar
        /// included, reads them from this table), and the slot where each unit's own begin.
        /// </summary>
        private static (List<double> Table, Dictionary<ForwardUnit, int> FirstSlots) FusedCoefficients(List<ForwardUnit> units)
        {
            var table = new List<double>();
            var firstSlots = new Dictionary<ForwardUnit, int>();
            foreach (ForwardUnit unit in units.Where(u => u.Fused))
            {
                firstSlots.Add(unit, table.Count);
                table.AddRange(FusedTiles(unit.Paths).SelectMany(TileSums).SelectMany(s => s.Uses).Select(u => u.C));
            }

            return (table, firstSlots);
        }

        /// <summary>One tile: sum by sum its products, then one multiply per output it feeds (the first starts the output's accumulator, the rest add to it); then the stores (weighted paths scaled).</summary>
        private static void WriteFusedTile(IndentedWriter writer, ProductShape shape, Lane lane, FusedOutput[] tile, ref int slot)
        {
            var started = new HashSet<FusedOutput>();
            int baseSlot = -1;
            foreach (TileSum sum in TileSums(tile))
            {
                string name = WriteSum(writer, lane, sum);
                foreach ((FusedOutput output, double c) in sum.Uses)
                {
                    if (baseSlot < 0 || slot - baseSlot >= 32)
                    {
                        baseSlot = slot;
                        writer.Line($"k = ref {UnsafeType}.Add(ref coefficients, {slot});");
                    }

                    string coefficient = lane.Broadcast($"{UnsafeType}.Add(ref k, {slot++ - baseSlot})");
                    writer.Line(Accumulate(lane, started.Add(output), output.Accumulator, coefficient, name) + $" // {SignedLiteral(c, lane.Element)}");
                }
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
