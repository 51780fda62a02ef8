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
    internal static class Emit
    {
        private const string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCode(\"TensorGen.Generators\", \"0.1.0\")]";
        private const string Checks = "global::TensorGen.Equivariant.EquivariantChecks";
        private const string UnsafeType = "global::System.Runtime.CompilerServices.Unsafe";
        private const string Marshal = "global::System.Runtime.InteropServices.MemoryMarshal";

        // Straight-line kernels gain nothing from tier-0 code and PGO: compile them fully optimized on first call.
        private const string Optimized = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]";
        private const string InlinedOptimized = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining | global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]";

        public static void Harmonics(SourceProductionContext context, SphericalHarmonicsModel model) =>
            Invariant(() => context.AddSource($"{model.Method.HintStem}.SphericalHarmonics.g.cs",
                SourceText.From(WriteHarmonics(model, context.CancellationToken), Encoding.UTF8)));

        public static void TensorProduct(SourceProductionContext context, TensorProductModel model) =>
            Invariant(() =>
            {
                foreach ((string suffix, string text) in WriteTensorProduct(model, context.CancellationToken))
                    context.AddSource($"{model.Method.HintStem}.TensorProduct{suffix}.g.cs", SourceText.From(text, Encoding.UTF8));
            });

        /// <summary>Paths per generated file: the lmax = 4 full product (85 paths) becomes a main file and six path files.</summary>
        private const int PathsPerFile = 16;

        private static void Invariant(Action action)
        {
            CultureInfo previous = Thread.CurrentThread.CurrentCulture;
            Thread.CurrentThread.CurrentCulture = CultureInfo.InvariantCulture;
            try
            {
                action();
            }
            finally
            {
                Thread.CurrentThread.CurrentCulture = previous;
            }
        }

        // ---- spherical harmonics ------------------------------------------------------------------------------

        public static string WriteHarmonics(SphericalHarmonicsModel model, CancellationToken cancellationToken)
        {
            MethodShape method = model.Method;
            string t = method.ElementType;
            int lmax = model.LMax, dim = (lmax + 1) * (lmax + 1);
            string normalization = model.Normalization switch { 2 => "Component", 3 => "Norm", _ => "Integral" };
            List<Dictionary<Monomial, double>[]> polynomials = SphericalPolynomials.Build(lmax);
            cancellationToken.ThrowIfCancellationRequested();
            for (int l = 0; l <= lmax; l++)
            {
                double factor = model.Normalization switch
                {
                    2 => 1.0,
                    3 => 1.0 / Math.Sqrt(2 * l + 1),
                    _ => 1.0 / Math.Sqrt(4 * Math.PI),
                };
                foreach (Dictionary<Monomial, double> component in polynomials[l])
                {
                    foreach (Monomial key in component.Keys.ToList()) component[key] *= factor;
                }
            }

            var writer = Header(method, $"[SphericalHarmonics({lmax}, Normalization = ShNormalization.{normalization}, Normalize = {(model.Normalize ? "true" : "false")})]");
            var open = OpenTypes(writer, method);
            string[] p = method.ParameterNames.ToArray();
            string sqrt = t == "float" ? "global::System.MathF.Sqrt" : "global::System.Math.Sqrt";

            writer.Line($"// Real spherical harmonics l = 0…{lmax} in e3nn's basis and order ({dim} per vector, sample-major), '{normalization.ToLowerInvariant()}' normalization,");
            writer.Line(model.Normalize ? "// of x / |x| (the zero vector gives Y_0 only)." : "// of x itself: Y_l is the homogeneous polynomial |x|^l Y_l(x / |x|).");
            writer.Line(GeneratedCode);
            writer.Line(Optimized);
            using (writer.Block($"{method.Modifiers} void {method.Name}(global::System.ReadOnlySpan<{t}> {p[0]}, global::System.ReadOnlySpan<{t}> {p[1]}, global::System.ReadOnlySpan<{t}> {p[2]}, global::System.Span<{t}> {p[3]})"))
            {
                writer.Line($"int count = {p[0]}.Length;");
                writer.Line($"{Checks}.SameLength({p[1]}.Length, count, \"{p[1]}\");");
                writer.Line($"{Checks}.SameLength({p[2]}.Length, count, \"{p[2]}\");");
                writer.Line($"{Checks}.AtLeast({p[3]}.Length, (long)count * {dim}, \"{p[3]}\", \"{dim} harmonics per vector\");");
                using (writer.Block("for (int n = 0; n < count; n++)"))
                {
                    WriteUnitVector(writer, t, sqrt, model.Normalize, p[0], p[1], p[2]);
                    WritePowers(writer, t, lmax);
                    writer.Line($"global::System.Span<{t}> sh = {p[3]}.Slice(n * {dim}, {dim});");
                    for (int l = 0; l <= lmax; l++)
                    {
                        for (int m = 0; m < 2 * l + 1; m++)
                        {
                            writer.Line($"sh[{l * l + m}] = {Polynomial(polynomials[l][m], t)};");
                        }
                    }
                }
            }

            writer.Line();
            writer.Line($"/// <summary>The gradient of <see cref=\"{method.Name}\"/> with respect to (x, y, z), contracted with gradOutput (laid out as the output); overwrites gradX, gradY and gradZ.</summary>");
            writer.Line(GeneratedCode);
            writer.Line(Optimized);
            using (writer.Block($"{BackwardModifiers(method)} void {method.Name}Backward(global::System.ReadOnlySpan<{t}> x, global::System.ReadOnlySpan<{t}> y, global::System.ReadOnlySpan<{t}> z, global::System.ReadOnlySpan<{t}> gradOutput, global::System.Span<{t}> gradX, global::System.Span<{t}> gradY, global::System.Span<{t}> gradZ)"))
            {
                writer.Line("int count = x.Length;");
                writer.Line($"{Checks}.SameLength(y.Length, count, \"y\");");
                writer.Line($"{Checks}.SameLength(z.Length, count, \"z\");");
                writer.Line($"{Checks}.AtLeast(gradOutput.Length, (long)count * {dim}, \"gradOutput\", \"{dim} harmonics per vector\");");
                foreach (string g in new[] { "gradX", "gradY", "gradZ" })
                    writer.Line($"{Checks}.AtLeast({g}.Length, count, \"{g}\", \"one value per vector\");");
                using (writer.Block("for (int n = 0; n < count; n++)"))
                {
                    WriteUnitVector(writer, t, sqrt, model.Normalize, "x", "y", "z");
                    WritePowers(writer, t, Math.Max(lmax - 1, 0));
                    writer.Line($"global::System.ReadOnlySpan<{t}> g = gradOutput.Slice(n * {dim}, {dim});");
                    writer.Line($"{t} gux = 0, guy = 0, guz = 0;");
                    for (int l = 1; l <= lmax; l++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        for (int m = 0; m < 2 * l + 1; m++)
                        {
                            int index = l * l + m;
                            for (int axis = 0; axis < 3; axis++)
                            {
                                Dictionary<Monomial, double> derivative = SphericalPolynomials.Derivative(polynomials[l][m], axis);
                                if (derivative.Count == 0) continue;
                                writer.Line($"{(axis == 0 ? "gux" : axis == 1 ? "guy" : "guz")} += g[{index}] * ({Polynomial(derivative, t)});");
                            }
                        }
                    }

                    if (model.Normalize)
                    {
                        writer.Line("// Through x̂ = x / |x|: the radial part of the gradient drops out.");
                        writer.Line($"{t} radial = ux * gux + uy * guy + uz * guz;");
                        writer.Line("gradX[n] = (gux - ux * radial) * inverse;");
                        writer.Line("gradY[n] = (guy - uy * radial) * inverse;");
                        writer.Line("gradZ[n] = (guz - uz * radial) * inverse;");
                    }
                    else
                    {
                        writer.Line("gradX[n] = gux;");
                        writer.Line("gradY[n] = guy;");
                        writer.Line("gradZ[n] = guz;");
                    }
                }
            }

            Close(open);
            return writer.ToString();
        }

        private static void WriteUnitVector(IndentedWriter writer, string t, string sqrt, bool normalize, string x, string y, string z)
        {
            if (normalize)
            {
                writer.Line($"{t} length = {sqrt}({x}[n] * {x}[n] + {y}[n] * {y}[n] + {z}[n] * {z}[n]);");
                writer.Line($"{t} inverse = length > 0 ? 1 / length : 0;");
                writer.Line($"{t} ux = {x}[n] * inverse, uy = {y}[n] * inverse, uz = {z}[n] * inverse;");
            }
            else
            {
                writer.Line($"{t} ux = {x}[n], uy = {y}[n], uz = {z}[n];");
            }
        }

        private static void WritePowers(IndentedWriter writer, string t, int degree)
        {
            for (int k = 2; k <= degree; k++)
            {
                string previous = k == 2 ? "{0}" : "{0}" + (k - 1);
                writer.Line($"{t} ux{k} = {string.Format(previous, "ux")} * ux, uy{k} = {string.Format(previous, "uy")} * uy, uz{k} = {string.Format(previous, "uz")} * uz;");
            }
        }

        private static string Polynomial(Dictionary<Monomial, double> polynomial, string t)
        {
            var builder = new StringBuilder();
            foreach (KeyValuePair<Monomial, double> term in polynomial.OrderByDescending(k => k.Key.X).ThenByDescending(k => k.Key.Y).ThenByDescending(k => k.Key.Z))
            {
                var factors = new List<string>();
                if (term.Key.X > 0) factors.Add(term.Key.X == 1 ? "ux" : "ux" + term.Key.X);
                if (term.Key.Y > 0) factors.Add(term.Key.Y == 1 ? "uy" : "uy" + term.Key.Y);
                if (term.Key.Z > 0) factors.Add(term.Key.Z == 1 ? "uz" : "uz" + term.Key.Z);
                AppendTerm(builder, term.Value, factors, t);
            }

            return builder.Length == 0 ? "0" : builder.ToString();
        }

        /// <summary>Appends <c>± |c| * f1 * f2</c> (the first term without a leading +).</summary>
        private static void AppendTerm(StringBuilder builder, double coefficient, List<string> factors, string t)
        {
            bool negative = coefficient < 0;
            if (builder.Length == 0) builder.Append(negative ? "-" : string.Empty);
            else builder.Append(negative ? " - " : " + ");
            builder.Append(Literal(Math.Abs(coefficient), t));
            foreach (string factor in factors) builder.Append(" * ").Append(factor);
        }

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

            return plans;
        }

        private static int Offset(EquatableArray<IrrepTerm> terms, int index)
        {
            int offset = 0;
            for (int i = 0; i < index; i++) offset += terms[i].Dim;
            return offset;
        }

        /// <summary>The main file (checks, batch loops, weight count) and the path methods in files of <see cref="PathsPerFile"/>.</summary>
        public static List<(string Suffix, string Text)> WriteTensorProduct(TensorProductModel model, CancellationToken cancellationToken)
        {
            MethodShape method = model.Method;
            string t = method.ElementType;
            List<PathPlan> plans = Plan(model, cancellationToken);
            int dim1 = model.Input1.Sum(x => x.Dim), dim2 = model.Input2.Sum(x => x.Dim), dimOut = model.Output.Sum(x => x.Dim);
            int weightCount = plans.Sum(p => p.WeightCount), nonzeros = plans.Sum(p => p.Entries.Count);
            bool weighted = weightCount > 0;
            bool inline = nonzeros <= 1500;
            string[] p = method.ParameterNames.ToArray();
            string x1 = p[0], x2 = p[1], weights = weighted ? p[2] : "weights", output = p[weighted ? 3 : 2], batch = p[weighted ? 4 : 3];

            var writer = Header(method, model.Declared);
            var open = OpenTypes(writer, method);
            string irreps = $"{EquivariantSyntax.Format(model.Input1)} ⊗ {EquivariantSyntax.Format(model.Input2)} → {EquivariantSyntax.Format(model.Output)}";
            writer.Line($"/// <summary>The number of weights {method.Name} takes (shared by the batch, instruction by instruction).</summary>");
            writer.Line(GeneratedCode);
            writer.Line($"{Accessibility(method)}const int {method.Name}WeightCount = {weightCount};");
            writer.Line();
            writer.Line($"// {irreps}: {plans.Count} paths, {nonzeros} nonzero Clebsch–Gordan coefficients (one multiply-add each per sample and channel pair).");
            writer.Line($"// Sample-major layout: x1[b * {dim1} + …], x2[b * {dim2} + …], output[b * {dimOut} + …]; the output is overwritten.");
            writer.Line(GeneratedCode);
            writer.Line(Optimized);
            string weightParameter = weighted ? $"global::System.ReadOnlySpan<{t}> {weights}, " : string.Empty;
            using (writer.Block($"{method.Modifiers} void {method.Name}(global::System.ReadOnlySpan<{t}> {x1}, global::System.ReadOnlySpan<{t}> {x2}, {weightParameter}global::System.Span<{t}> {output}, int {batch})"))
            {
                writer.Line($"{Checks}.Batch({batch}, \"{batch}\");");
                writer.Line($"{Checks}.AtLeast({x1}.Length, (long){batch} * {dim1}, \"{x1}\", \"{EquivariantSyntax.Format(model.Input1)} per sample\");");
                writer.Line($"{Checks}.AtLeast({x2}.Length, (long){batch} * {dim2}, \"{x2}\", \"{EquivariantSyntax.Format(model.Input2)} per sample\");");
                if (weighted) writer.Line($"{Checks}.Exactly({weights}.Length, {weightCount}, \"{weights}\", \"this tensor product\");");
                writer.Line($"{Checks}.AtLeast({output}.Length, (long){batch} * {dimOut}, \"{output}\", \"{EquivariantSyntax.Format(model.Output)} per sample\");");
                writer.Line($"{output}.Slice(0, {batch} * {dimOut}).Clear();");
                writer.Line("// The lengths were checked above: the samples are addressed without further bounds checks.");
                writer.Line($"ref {t} x1Start = ref {Marshal}.GetReference({x1});");
                writer.Line($"ref {t} x2Start = ref {Marshal}.GetReference({x2});");
                writer.Line($"ref {t} w = ref {(weighted ? $"{Marshal}.GetReference({weights})" : $"{UnsafeType}.NullRef<{t}>()")};");
                writer.Line($"ref {t} outputStart = ref {Marshal}.GetReference({output});");
                using (writer.Block($"for (int b = 0; b < {batch}; b++)"))
                {
                    writer.Line($"ref {t} a = ref {UnsafeType}.Add(ref x1Start, b * {dim1});");
                    writer.Line($"ref {t} c = ref {UnsafeType}.Add(ref x2Start, b * {dim2});");
                    writer.Line($"ref {t} o = ref {UnsafeType}.Add(ref outputStart, b * {dimOut});");
                    foreach (PathPlan plan in plans)
                        writer.Line($"{method.Name}Path{plan.Index}(ref a, ref c, ref w, ref o);");
                }
            }

            writer.Line();
            writer.Line($"/// <summary>The gradients of <see cref=\"{method.Name}\"/> with respect to x1, x2{(weighted ? " and the weights (summed over the batch)" : string.Empty)}, given gradOutput; overwrites the gradient spans.</summary>");
            writer.Line(GeneratedCode);
            writer.Line(Optimized);
            string weightArguments = weighted ? $"global::System.ReadOnlySpan<{t}> weights, " : string.Empty;
            string weightGradient = weighted ? $"global::System.Span<{t}> gradWeights, " : string.Empty;
            using (writer.Block($"{BackwardModifiers(method)} void {method.Name}Backward(global::System.ReadOnlySpan<{t}> x1, global::System.ReadOnlySpan<{t}> x2, {weightArguments}global::System.ReadOnlySpan<{t}> gradOutput, global::System.Span<{t}> gradX1, global::System.Span<{t}> gradX2, {weightGradient}int batch)"))
            {
                writer.Line($"{Checks}.Batch(batch, \"batch\");");
                writer.Line($"{Checks}.AtLeast(x1.Length, (long)batch * {dim1}, \"x1\", \"{EquivariantSyntax.Format(model.Input1)} per sample\");");
                writer.Line($"{Checks}.AtLeast(x2.Length, (long)batch * {dim2}, \"x2\", \"{EquivariantSyntax.Format(model.Input2)} per sample\");");
                if (weighted) writer.Line($"{Checks}.Exactly(weights.Length, {weightCount}, \"weights\", \"this tensor product\");");
                writer.Line($"{Checks}.AtLeast(gradOutput.Length, (long)batch * {dimOut}, \"gradOutput\", \"{EquivariantSyntax.Format(model.Output)} per sample\");");
                writer.Line($"{Checks}.AtLeast(gradX1.Length, (long)batch * {dim1}, \"gradX1\", \"{EquivariantSyntax.Format(model.Input1)} per sample\");");
                writer.Line($"{Checks}.AtLeast(gradX2.Length, (long)batch * {dim2}, \"gradX2\", \"{EquivariantSyntax.Format(model.Input2)} per sample\");");
                if (weighted)
                {
                    writer.Line($"{Checks}.Exactly(gradWeights.Length, {weightCount}, \"gradWeights\", \"this tensor product\");");
                    writer.Line("gradWeights.Clear();");
                }

                writer.Line($"gradX1.Slice(0, batch * {dim1}).Clear();");
                writer.Line($"gradX2.Slice(0, batch * {dim2}).Clear();");
                writer.Line("// The lengths were checked above: the samples are addressed without further bounds checks.");
                writer.Line($"ref {t} x1Start = ref {Marshal}.GetReference(x1);");
                writer.Line($"ref {t} x2Start = ref {Marshal}.GetReference(x2);");
                writer.Line($"ref {t} gradOutputStart = ref {Marshal}.GetReference(gradOutput);");
                writer.Line($"ref {t} gradX1Start = ref {Marshal}.GetReference(gradX1);");
                writer.Line($"ref {t} gradX2Start = ref {Marshal}.GetReference(gradX2);");
                writer.Line($"ref {t} w = ref {(weighted ? $"{Marshal}.GetReference(weights)" : $"{UnsafeType}.NullRef<{t}>()")};");
                writer.Line($"ref {t} gw = ref {(weighted ? $"{Marshal}.GetReference(gradWeights)" : $"{UnsafeType}.NullRef<{t}>()")};");
                using (writer.Block("for (int b = 0; b < batch; b++)"))
                {
                    writer.Line($"ref {t} a = ref {UnsafeType}.Add(ref x1Start, b * {dim1});");
                    writer.Line($"ref {t} c = ref {UnsafeType}.Add(ref x2Start, b * {dim2});");
                    writer.Line($"ref {t} g = ref {UnsafeType}.Add(ref gradOutputStart, b * {dimOut});");
                    writer.Line($"ref {t} ga = ref {UnsafeType}.Add(ref gradX1Start, b * {dim1});");
                    writer.Line($"ref {t} gc = ref {UnsafeType}.Add(ref gradX2Start, b * {dim2});");
                    foreach (PathPlan plan in plans)
                        writer.Line($"{method.Name}Path{plan.Index}Backward(ref a, ref c, ref w, ref g, ref ga, ref gc, ref gw);");
                }
            }

            Close(open);
            var files = new List<(string, string)> { (string.Empty, writer.ToString()) };
            for (int first = 0; first < plans.Count; first += PathsPerFile)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int last = Math.Min(first + PathsPerFile, plans.Count) - 1;
                IndentedWriter paths = Header(method, model.Declared + $" (paths {first}…{last})");
                Stack<IndentedWriter.Scope> scopes = OpenTypes(paths, method);
                for (int index = first; index <= last; index++)
                {
                    if (index > first) paths.Line();
                    WritePathForward(paths, method, plans[index], t, inline);
                    paths.Line();
                    WritePathBackward(paths, method, plans[index], t, inline);
                }

                Close(scopes);
                string text = s_indexer.Replace(paths.ToString(), match => $"{UnsafeType}.Add(ref {match.Groups[1].Value}, {match.Groups[2].Value})");
                files.Add(($".Paths{first}-{last}", text));
            }

            return files;
        }

        /// <summary>An element access in a path method (<c>a[i1 + 2]</c>, <c>gw[iw]</c>); rewritten to <c>Unsafe.Add</c> on the refs.</summary>
        private static readonly System.Text.RegularExpressions.Regex s_indexer = new(@"\b(a|c|o|g|ga|gc|weights|gw)\[([^\]]+)\]");

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

        /// <summary>Loads the input components the path touches into named locals a{i} and c{j}.</summary>
        private static void WriteLoads(IndentedWriter writer, PathPlan plan, string t, bool needA, bool needC)
        {
            writer.Line($"int i1 = {Index(plan.Offset1, U(plan), 2 * plan.In1.L + 1)}, i2 = {Index(plan.Offset2, V(plan), 2 * plan.In2.L + 1)};");
            if (needA)
            {
                foreach (int i in plan.Entries.Select(e => e.I).Distinct().OrderBy(i => i))
                    writer.Line($"{t} a{i} = a[i1 + {i}];");
            }

            if (needC)
            {
                foreach (int j in plan.Entries.Select(e => e.J).Distinct().OrderBy(j => j))
                    writer.Line($"{t} c{j} = c[i2 + {j}];");
            }
        }

        /// <summary>
        /// t_k = Σ C[i, j, k] a_i c_j for the path: each product a_i c_j once (p{i}_{j}), then one multiply-add per
        /// nonzero coefficient, summed as a balanced tree so the additions do not form one long dependency chain.
        /// </summary>
        private static void WritePathOutputs(IndentedWriter writer, PathPlan plan, int[] ks, string t)
        {
            foreach (var pair in plan.Entries.Select(e => (e.I, e.J)).Distinct().OrderBy(p => p.I).ThenBy(p => p.J))
                writer.Line($"{t} p{pair.I}_{pair.J} = a{pair.I} * c{pair.J};");
            foreach (int k in ks)
            {
                List<string> terms = plan.Entries.Where(e => e.K == k)
                    .Select(e => $"{(e.C < 0 ? "-" : string.Empty)}{Literal(Math.Abs(e.C), t)} * p{e.I}_{e.J}").ToList();
                writer.Line($"{t} t{k} = {Tree(terms, 0, terms.Count)};");
            }
        }

        private static string Tree(List<string> terms, int start, int count)
        {
            if (count == 1) return terms[start];
            int half = count / 2;
            string left = Tree(terms, start, half), right = Tree(terms, start + half, count - half);
            return start == 0 && count == terms.Count ? $"{left} + {right}" : $"({left} + {right})";
        }

        private static void WritePathForward(IndentedWriter writer, MethodShape method, PathPlan plan, string t, bool inline)
        {
            writer.Line(PathComment(plan));
            writer.Line(inline ? InlinedOptimized : Optimized);
            using (writer.Block($"private static void {method.Name}Path{plan.Index}(ref {t} a, ref {t} c, ref {t} weights, ref {t} o)"))
            {
                var scopes = new Stack<IndentedWriter.Scope>();
                foreach (string loop in Loops(plan)) scopes.Push(writer.Block(loop));
                WriteLoads(writer, plan, t, needA: true, needC: true);
                int dOut = 2 * plan.Out.L + 1;
                int[] ks = plan.Entries.Select(e => e.K).Distinct().OrderBy(k => k).ToArray();
                WritePathOutputs(writer, plan, ks, t);

                string u = U(plan), v = V(plan);
                string mode = plan.Instruction.Mode;
                if (mode == "uvw")
                {
                    string pair = Paren(Pair(plan));
                    using (writer.Block($"for (int w = 0; w < {plan.Out.Mul}; w++)"))
                    {
                        writer.Line($"int io = {plan.OffsetOut} + w * {dOut};");
                        if (plan.Instruction.HasWeight)
                        {
                            writer.Line($"{t} s = weights[{plan.WeightOffset} + {(pair == "0" ? string.Empty : pair + " * " + plan.Out.Mul + " + ")}w];");
                            foreach (int k in ks) writer.Line($"o[io + {k}] += s * t{k};");
                        }
                        else
                        {
                            foreach (int k in ks) writer.Line($"o[io + {k}] += t{k};");
                        }
                    }
                }
                else
                {
                    string outIndex = Paren(mode == "uvuv" ? Pair(plan) : u);
                    string weightIndex = Paren(mode == "uuu" ? u : Pair(plan));
                    writer.Line($"int io = {Index(plan.OffsetOut, outIndex, dOut)};");
                    if (plan.Instruction.HasWeight)
                    {
                        writer.Line($"{t} s = weights[{Index(plan.WeightOffset, weightIndex, 1)}];");
                        foreach (int k in ks) writer.Line($"o[io + {k}] += s * t{k};");
                    }
                    else
                    {
                        foreach (int k in ks) writer.Line($"o[io + {k}] += t{k};");
                    }
                }

                while (scopes.Count > 0) scopes.Pop().Dispose();
            }
        }

        private static void WritePathBackward(IndentedWriter writer, MethodShape method, PathPlan plan, string t, bool inline)
        {
            writer.Line(PathComment(plan).Replace("// Path", "// Backward of path"));
            writer.Line(inline ? InlinedOptimized : Optimized);
            using (writer.Block($"private static void {method.Name}Path{plan.Index}Backward(ref {t} a, ref {t} c, ref {t} weights, ref {t} g, ref {t} ga, ref {t} gc, ref {t} gw)"))
            {
                var scopes = new Stack<IndentedWriter.Scope>();
                foreach (string loop in Loops(plan)) scopes.Push(writer.Block(loop));
                WriteLoads(writer, plan, t, needA: true, needC: true);
                int dOut = 2 * plan.Out.L + 1;
                int[] ks = plan.Entries.Select(e => e.K).Distinct().OrderBy(k => k).ToArray();
                bool weighted = plan.Instruction.HasWeight;
                if (weighted)
                {
                    // The path's unweighted output, for the weight gradient.
                    WritePathOutputs(writer, plan, ks, t);
                }

                string u = U(plan), v = V(plan);
                string mode = plan.Instruction.Mode;
                if (mode == "uvw")
                {
                    string pair = Paren(Pair(plan));
                    writer.Line($"{t} {string.Join(", ", ks.Select(k => $"s{k} = 0"))};");
                    using (writer.Block($"for (int w = 0; w < {plan.Out.Mul}; w++)"))
                    {
                        writer.Line($"int io = {plan.OffsetOut} + w * {dOut};");
                        if (weighted)
                        {
                            writer.Line($"int iw = {plan.WeightOffset} + {(pair == "0" ? string.Empty : pair + " * " + plan.Out.Mul + " + ")}w;");
                            writer.Line($"{t} s = weights[iw];");
                            writer.Line($"gw[iw] += {string.Join(" + ", ks.Select(k => $"t{k} * g[io + {k}]"))};");
                            foreach (int k in ks) writer.Line($"s{k} += s * g[io + {k}];");
                        }
                        else
                        {
                            foreach (int k in ks) writer.Line($"s{k} += g[io + {k}];");
                        }
                    }
                }
                else
                {
                    string outIndex = Paren(mode == "uvuv" ? Pair(plan) : u);
                    string weightIndex = Paren(mode == "uuu" ? u : Pair(plan));
                    writer.Line($"int io = {Index(plan.OffsetOut, outIndex, dOut)};");
                    if (weighted)
                    {
                        writer.Line($"int iw = {Index(plan.WeightOffset, weightIndex, 1)};");
                        writer.Line($"{t} s = weights[iw];");
                        writer.Line($"gw[iw] += {string.Join(" + ", ks.Select(k => $"t{k} * g[io + {k}]"))};");
                        foreach (int k in ks) writer.Line($"{t} s{k} = s * g[io + {k}];");
                    }
                    else
                    {
                        foreach (int k in ks) writer.Line($"{t} s{k} = g[io + {k}];");
                    }
                }

                foreach (int i in plan.Entries.Select(e => e.I).Distinct().OrderBy(i => i))
                {
                    var sum = new StringBuilder();
                    foreach (var e in plan.Entries.Where(e => e.I == i)) AppendTerm(sum, e.C, [$"c{e.J}", $"s{e.K}"], t);
                    writer.Line($"ga[i1 + {i}] += {sum};");
                }

                foreach (int j in plan.Entries.Select(e => e.J).Distinct().OrderBy(j => j))
                {
                    var sum = new StringBuilder();
                    foreach (var e in plan.Entries.Where(e => e.J == j)) AppendTerm(sum, e.C, [$"a{e.I}", $"s{e.K}"], t);
                    writer.Line($"gc[i2 + {j}] += {sum};");
                }

                while (scopes.Count > 0) scopes.Pop().Dispose();
            }
        }

        // ---- shared ------------------------------------------------------------------------------------------

        private static IndentedWriter Header(MethodShape method, string declared)
        {
            var writer = new IndentedWriter();
            writer.Line("// <auto-generated/>");
            writer.Line($"// Generated by TensorGen.Generators from the {declared} declaration of {method.Name}.");
            writer.Line("#nullable enable");
            writer.Line();
            if (method.Namespace.Length > 0)
            {
                writer.Line($"namespace {method.Namespace};");
                writer.Line();
            }

            return writer;
        }

        private static Stack<IndentedWriter.Scope> OpenTypes(IndentedWriter writer, MethodShape method)
        {
            var open = new Stack<IndentedWriter.Scope>();
            foreach (EquivariantContainer outer in method.ContainingTypes) open.Push(writer.Block($"partial {outer.Keyword} {outer.Name}"));
            return open;
        }

        private static void Close(Stack<IndentedWriter.Scope> open)
        {
            while (open.Count > 0) open.Pop().Dispose();
        }

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
