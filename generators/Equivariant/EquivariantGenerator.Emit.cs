using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Equivariant;

public sealed partial class EquivariantGenerator
{
    /// <summary>The output steps: one file per method, the implementing part plus its backward companion.</summary>
    internal static partial class Emit
    {
        private static readonly string GeneratedCode = GeneratedFile.GeneratedCode;
        private const string Checks = "global::TensorGen.Equivariant.EquivariantChecks";
        private const string UnsafeType = "global::System.Runtime.CompilerServices.Unsafe";
        private const string Marshal = "global::System.Runtime.InteropServices.MemoryMarshal";

        // Straight-line kernels gain nothing from tier-0 code and PGO: compile them fully optimized on first call.
        private const string Optimized = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]";
        private const string InlinedOptimized = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining | global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]";

        public static IEnumerable<(string Part, string Text)> Harmonics(SphericalHarmonicsModel model, CancellationToken cancellationToken) =>
            [(string.Empty, WriteHarmonics(model, cancellationToken))];

        public static IEnumerable<(string Part, string Text)> TensorProduct(TensorProductModel model, CancellationToken cancellationToken) =>
            WriteTensorProduct(model, cancellationToken);

        /// <summary>Paths per generated file: the lmax = 4 full product (85 paths) becomes a main file and six path files.</summary>
        private const int PathsPerFile = 16;

        /// <summary>A round-trip literal of the element type, rounded once from the double.</summary>
        public static string Literal(double value, string t)
        {
            if (t == "float")
            {
                string single = ((float)value).ToString("R", CultureInfo.InvariantCulture);
                return (single.IndexOfAny(['.', 'E']) < 0 ? single + ".0" : single) + "f";
            }

            string text = value.ToString("R", CultureInfo.InvariantCulture);
            return text.IndexOfAny(['.', 'E']) < 0 ? text + ".0" : text;
        }

        // ---- tensor products ----------------------------------------------------------------------------------

        /// <summary>One path: its instruction, irreps, offsets, coefficient and nonzero CG entries (α folded in).</summary>
        private sealed class PathPlan
        {
            public int Index;
            public InstructionModel Instruction = null!;
            public IrrepTerm In1 = null!, In2 = null!, Out = null!;
            public int Offset1, Offset2, OffsetOut, WeightOffset, WeightCount;
            public double Alpha;
            public List<(int I, int J, int K, double C)> Entries = [];

            /// <summary>
            /// The path stores its output components instead of adding to them: it is the first path into its output term
            /// and writes each of the term's components once (no sum over u or v lands on the same component).
            /// </summary>
            public bool Overwrites;

            /// <summary>Whether several (u, v) iterations of the path add into the same output component.</summary>
            public bool Reduces => Instruction.Mode switch
            {
                "uvw" => In1.Mul * In2.Mul > 1,
                "uvu" => In2.Mul > 1,
                _ => false,
            };
        }

        public static List<(InstructionModel Instruction, double Alpha, int WeightCount)> Coefficients(TensorProductModel model)
        {
            var result = new List<(InstructionModel, double, int)>();
            foreach (InstructionModel ins in model.Instructions)
            {
                IrrepTerm a = model.Input1[ins.Input1], b = model.Input2[ins.Input2], c = model.Output[ins.Output];
                double alpha = model.IrrepNormalization switch
                {
                    2 => (2 * a.L + 1) * (2 * b.L + 1),
                    3 => 1,
                    _ => 2 * c.L + 1,
                };
                double x = model.PathNormalization switch
                {
                    2 => NumElements(model, ins) * model.Instructions.Count(i => i.Output == ins.Output),
                    3 => 1,
                    _ => model.Instructions.Where(i => i.Output == ins.Output).Sum(i => NumElements(model, i)),
                };
                if (x > 0) alpha /= x;
                alpha *= ins.PathWeight;
                int weights = !ins.HasWeight ? 0 : ins.Mode switch
                {
                    "uvw" => a.Mul * b.Mul * c.Mul,
                    "uuu" => a.Mul,
                    _ => a.Mul * b.Mul,
                };
                result.Add((ins, Math.Sqrt(alpha), weights));
            }

            return result;
        }

        private static double NumElements(TensorProductModel model, InstructionModel ins) => ins.Mode switch
        {
            "uvw" => model.Input1[ins.Input1].Mul * model.Input2[ins.Input2].Mul,
            "uvu" => model.Input2[ins.Input2].Mul,
            _ => 1,
        };

        private static List<PathPlan> Plan(TensorProductModel model, CancellationToken cancellationToken)
        {
            var plans = new List<PathPlan>();
            int weightOffset = 0;
            var coefficients = Coefficients(model);
            for (int p = 0; p < coefficients.Count; p++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                (InstructionModel ins, double alpha, int weights) = coefficients[p];
                var plan = new PathPlan
                {
                    Index = p,
                    Instruction = ins,
                    In1 = model.Input1[ins.Input1],
                    In2 = model.Input2[ins.Input2],
                    Out = model.Output[ins.Output],
                    Offset1 = Offset(model.Input1, ins.Input1),
                    Offset2 = Offset(model.Input2, ins.Input2),
                    OffsetOut = Offset(model.Output, ins.Output),
                    WeightOffset = weightOffset,
                    WeightCount = weights,
                    Alpha = alpha,
                };
                weightOffset += weights;
                double[,,] w = ClebschGordan.Real(plan.In1.L, plan.In2.L, plan.Out.L);
                for (int k = 0; k < w.GetLength(2); k++)
                for (int i = 0; i < w.GetLength(0); i++)
                for (int j = 0; j < w.GetLength(1); j++)
                {
                    // Entries that are zero in exact arithmetic come out as exact zeros or, after the basis change,
                    // as residues far below 1e-12; the smallest true entry up to l = 8 is far above that.
                    if (Math.Abs(w[i, j, k]) > 1e-12) plan.Entries.Add((i, j, k, alpha * w[i, j, k]));
                }

                plans.Add(plan);
            }

            // The validated modes make a path's outputs cover its whole term (uvuv: mul1 · mul2, uvu and uuu: mul1, uvw: the w loop).
            foreach (PathPlan first in plans.GroupBy(plan => plan.Instruction.Output).Select(term => term.First()))
                first.Overwrites = !first.Reduces;
            return plans;
        }

        /// <summary>
        /// The output components no path overwrites, as (first component, count) runs: terms no path reaches, and terms whose
        /// first path sums into its outputs. They are zeroed before the paths run; every other component is stored exactly once first.
        /// </summary>
        private static List<(int Start, int Count)> ZeroedRuns(TensorProductModel model, List<PathPlan> plans)
        {
            var runs = new List<(int Start, int Count)>();
            for (int term = 0, start = 0; term < model.Output.Count; start += model.Output[term].Dim, term++)
            {
                if (plans.Any(plan => plan.Instruction.Output == term && plan.Overwrites)) continue;
                if (runs.Count > 0 && runs[runs.Count - 1].Start + runs[runs.Count - 1].Count == start)
                    runs[runs.Count - 1] = (runs[runs.Count - 1].Start, runs[runs.Count - 1].Count + model.Output[term].Dim);
                else
                    runs.Add((start, model.Output[term].Dim));
            }

            return runs;
        }

        private static int Offset(EquatableArray<IrrepTerm> terms, int index)
        {
            int offset = 0;
            for (int i = 0; i < index; i++) offset += terms[i].Dim;
            return offset;
        }

        /// <summary>The loop headers over u and v the mode needs (a loop only where the multiplicity exceeds 1).</summary>
        private static List<string> Loops(PathPlan plan)
        {
            var loops = new List<string>();
            if (plan.In1.Mul > 1) loops.Add($"for (int u = 0; u < {plan.In1.Mul}; u++)");
            if (plan.Instruction.Mode != "uuu" && plan.In2.Mul > 1) loops.Add($"for (int v = 0; v < {plan.In2.Mul}; v++)");
            return loops;
        }

        /// <summary>The flattened (u, v) index u · mul2 + v, folded where either is the literal 0.</summary>
        private static string Pair(PathPlan plan)
        {
            string u = U(plan), v = V(plan);
            string left = u == "0" ? string.Empty : $"u * {plan.In2.Mul}";
            if (left.Length == 0) return v;
            return v == "0" ? left : $"{left} + {v}";
        }

        private static string Paren(string index) => index.Contains(" ") ? "(" + index + ")" : index;

        private static string U(PathPlan plan) => plan.In1.Mul > 1 ? "u" : "0";

        private static string V(PathPlan plan) => plan.Instruction.Mode == "uuu" ? U(plan) : plan.In2.Mul > 1 ? "v" : "0";

        /// <summary>base + index * stride, folded when index is the literal 0.</summary>
        private static string Index(int offset, string index, int stride) =>
            index == "0" ? offset.ToString(CultureInfo.InvariantCulture) : $"{offset} + {index} * {stride}";

        private static string PathComment(PathPlan plan) =>
            $"// Path {plan.Index}: {plan.In1} (x1 term {plan.Instruction.Input1}) ⊗ {plan.In2} (x2 term {plan.Instruction.Input2}) → {plan.Out} (output term {plan.Instruction.Output}), " +
            $"{plan.Instruction.Mode}{(plan.Instruction.HasWeight ? ", weighted" : string.Empty)}; {plan.Entries.Count} nonzero coefficients, path coefficient {plan.Alpha.ToString("R", CultureInfo.InvariantCulture)} folded in.";

        // ---- shared ------------------------------------------------------------------------------------------

        /// <summary>
        /// The name of the static local function that holds a kernel's body behind the argument checks, chosen apart from
        /// the declaration's parameter names.
        /// </summary>
        private static string KernelFunction(MethodShape method) => Declarations.Fresh("Kernel", method.ParameterNames);

        private static string Quoted(string identifier) => GeneratedFile.Quoted(identifier);

        /// <summary>Opens a generated file for <paramref name="method"/>: header, namespace and containing types.</summary>
        private static Scopes Open(IndentedWriter writer, MethodShape method, string declared) =>
            GeneratedFile.Open(writer, $"the {declared} declaration of {method.Name}", method.Namespace, method.ContainingTypes);

        /// <summary>The declaration's modifiers without <c>partial</c>, for the companion methods.</summary>
        private static string BackwardModifiers(MethodShape method) =>
            string.Join(" ", method.Modifiers.Split(' ').Where(m => m != "partial" && m.Length > 0));

        /// <summary>The declaration's accessibility modifiers followed by a space (or nothing).</summary>
        private static string Accessibility(MethodShape method)
        {
            string[] access = method.Modifiers.Split(' ').Where(m => m is "public" or "internal" or "private" or "protected").ToArray();
            return access.Length == 0 ? string.Empty : string.Join(" ", access) + " ";
        }
    }
}
