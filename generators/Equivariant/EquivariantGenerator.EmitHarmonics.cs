using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Equivariant;

public sealed partial class EquivariantGenerator
{
    internal static partial class Emit
    {
        /// <summary>One term of the harmonics recurrence: Y_{l+1,k} += C · Y_{l,i} · u_j (normalization folded into C).</summary>
        private readonly record struct RecurrenceTerm(int I, int J, int K, double C);

        /// <summary>
        /// The recurrence written out: Y_0 = f_0, Y_1 = f_1 √3 (x, y, z), and for l ≥ 1 the sparse terms of
        /// Y_{l+1,k} = (f_{l+1} / f_l) s_{l+1} Σ_ij W(l, 1, l+1)[i, j, k] Y_{l,i} u_j, f_l the normalization factor.
        /// </summary>
        private static (double Y0, double Y1, List<RecurrenceTerm>[] Levels) Recurrence(SphericalHarmonicsModel model, CancellationToken cancellationToken)
        {
            int lmax = model.LMax;
            SphericalPolynomials.Build(lmax, out double[] scales);
            double Factor(int l) => NormalizationFactor(model.Normalization, l);

            var levels = new List<RecurrenceTerm>[lmax + 1];
            for (int l = 1; l < lmax; l++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                double[,,] w = ClebschGordan.Real(l, 1, l + 1);
                double scale = scales[l + 1] * Factor(l + 1) / Factor(l);
                levels[l + 1] = [];
                for (int k = 0; k < 2 * l + 3; k++)
                for (int i = 0; i < 2 * l + 1; i++)
                for (int j = 0; j < 3; j++)
                {
                    // Zero in exact arithmetic comes out as exact zero or a residue far below the smallest true entry.
                    if (Math.Abs(w[i, j, k]) > 1e-12) levels[l + 1].Add(new RecurrenceTerm(i, j, k, scale * w[i, j, k]));
                }
            }

            return (Factor(0), lmax >= 1 ? Factor(1) * scales[1] : 0, levels);
        }

        private static readonly string[] s_axes = ["ux", "uy", "uz"];

        public static string WriteHarmonics(SphericalHarmonicsModel model, CancellationToken cancellationToken)
        {
            MethodShape method = model.Method;
            string t = method.ElementType;
            int lmax = model.LMax, dim = (lmax + 1) * (lmax + 1);
            bool componentMajor = model.Layout == 1;
            string choice = componentMajor ? "ComponentMajorHarmonics" : "SampleMajorHarmonics";
            string normalization = model.Normalization switch { 2 => "Component", 3 => "Norm", _ => "Integral" };
            var recurrence = Recurrence(model, cancellationToken);
            // The forward kernels take the factored form where e3nn's polynomials match it (they do for every lmax tried).
            SphericalLegendre? legendre = SphericalLegendre.TryBuild(lmax);
            List<Lane> lanes = Lane.All(t);

            var writer = new IndentedWriter();
            Scopes open = Open(writer, method, $"[SphericalHarmonics({lmax}, Normalization = ShNormalization.{normalization}, Normalize = {(model.Normalize ? "true" : "false")}{(componentMajor ? ", Layout = BatchLayout.ComponentMajor" : string.Empty)})]");
            string[] p = method.ParameterNames.ToArray();
            string outputIndex = componentMajor ? "n" : $"n * {dim}";
            string stride = componentMajor ? "count" : "1";

            writer.Line($"// Real spherical harmonics l = 0…{lmax} in e3nn's basis and order ({dim} per vector), '{normalization.ToLowerInvariant()}' normalization,");
            writer.Line(model.Normalize ? "// of x / |x| (the zero vector gives Y_0 only)." : "// of x itself: Y_l is the homogeneous polynomial |x|^l Y_l(x / |x|).");
            writer.Line(componentMajor
                ? "// Component-major output: harmonic i of vector n at output[i * count + n]."
                : $"// Sample-major output: harmonic i of vector n at output[n * {dim} + i].");
            writer.Line("// Blocks of one SIMD register's lane count (the widest the processor accelerates) run one vector per lane; the rest run one at a time.");
            writer.Line(GeneratedCode);
            writer.Line(Optimized);
            using (writer.Block(method.Method.Signature))
            {
                writer.Line($"{Checks}.SameLength({p[1]}.Length, {p[0]}.Length, {Quoted(p[1])});");
                writer.Line($"{Checks}.SameLength({p[2]}.Length, {p[0]}.Length, {Quoted(p[2])});");
                writer.Line($"{Checks}.AtLeast({p[3]}.Length, (long){p[0]}.Length * {dim}, {Quoted(p[3])}, \"{dim} harmonics per vector\");");
                string kernel = KernelFunction(method);
                writer.Line($"{kernel}({string.Join(", ", p)});");
                writer.Line();
                writer.Line("// The kernel proper, with the generator's own names: none of its locals can meet the declaration's parameters.");
                writer.Line(Optimized);
                using (writer.Block($"static void {kernel}(global::System.ReadOnlySpan<{t}> x, global::System.ReadOnlySpan<{t}> y, global::System.ReadOnlySpan<{t}> z, global::System.Span<{t}> output)"))
                {
                    writer.Line("int count = x.Length;");
                    writer.Line("// The lengths were checked above: the vectors are addressed without further bounds checks.");
                    writer.Line($"ref {t} xs = ref {Marshal}.GetReference(x);");
                    writer.Line($"ref {t} ys = ref {Marshal}.GetReference(y);");
                    writer.Line($"ref {t} zs = ref {Marshal}.GetReference(z);");
                    writer.Line($"ref {t} outputStart = ref {Marshal}.GetReference(output);");
                    WriteDispatch(writer, lanes, choice, $"{method.Name}Blocks{{0}}(ref xs, ref ys, ref zs, ref outputStart, count)");
                    using (writer.Block("for (int n = done; n < count; n++)"))
                        writer.Line($"{method.Name}Scalar(ref {UnsafeType}.Add(ref xs, n), ref {UnsafeType}.Add(ref ys, n), ref {UnsafeType}.Add(ref zs, n), ref {UnsafeType}.Add(ref outputStart, {outputIndex}), {stride});");
                }
            }

            writer.Line();
            writer.Line($"/// <summary>The gradient of <c>{method.Name}</c> with respect to (x, y, z), contracted with gradOutput (laid out as the output); overwrites gradX, gradY and gradZ.</summary>");
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
                writer.Line("// The lengths were checked above: the vectors are addressed without further bounds checks.");
                foreach (string s in new[] { "x", "y", "z", "gradOutput", "gradX", "gradY", "gradZ" })
                    writer.Line($"ref {t} {s}Start = ref {Marshal}.GetReference({s});");
                WriteDispatch(writer, lanes, choice, $"{method.Name}BackwardBlocks{{0}}(ref xStart, ref yStart, ref zStart, ref gradOutputStart, ref gradXStart, ref gradYStart, ref gradZStart, count)");
                using (writer.Block("for (int n = done; n < count; n++)"))
                {
                    writer.Line($"{method.Name}BackwardScalar(ref {UnsafeType}.Add(ref xStart, n), ref {UnsafeType}.Add(ref yStart, n), ref {UnsafeType}.Add(ref zStart, n), ref {UnsafeType}.Add(ref gradOutputStart, {outputIndex}),");
                    writer.Line($"    ref {UnsafeType}.Add(ref gradXStart, n), ref {UnsafeType}.Add(ref gradYStart, n), ref {UnsafeType}.Add(ref gradZStart, n), {stride});");
                }
            }

            foreach (Lane lane in lanes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!lane.IsScalar)
                {
                    writer.Line();
                    WriteHarmonicsBlocks(writer, method, lane, dim, componentMajor);
                    writer.Line();
                    WriteHarmonicsBackwardBlocks(writer, method, lane, dim, componentMajor);
                }

                writer.Line();
                WriteHarmonicsKernel(writer, model, lane, recurrence, legendre);
                writer.Line();
                WriteHarmonicsBackwardKernel(writer, model, lane, recurrence);
            }

            open.Dispose();
            return writer.ToString();
        }

        private static void WriteHarmonicsBlocks(IndentedWriter writer, MethodShape method, Lane lane, int dim, bool componentMajor)
        {
            string t = method.ElementType;
            writer.Line($"/// <summary>{method.Name} on whole blocks of {lane.Vector}&lt;{t}&gt;.Count vectors, one per lane; returns the number of vectors done.</summary>");
            writer.Line(GeneratedCode);
            writer.Line(Optimized);
            using (writer.Block($"private static int {method.Name}Blocks{lane.Suffix}(ref {t} xs, ref {t} ys, ref {t} zs, ref {t} outputStart, int count)"))
            {
                writer.Line($"int lanes = {lane.Count};");
                if (!componentMajor)
                {
                    writer.Line("// The block's harmonics in lanes (harmonic i of the block's vector j at [i * lanes + j]), transposed out after each block.");
                    writer.Line($"global::System.Span<{t}> buffer = stackalloc {t}[{dim} * lanes];");
                    writer.Line($"ref {t} sh = ref {Marshal}.GetReference(buffer);");
                }

                writer.Line("int n = 0;");
                int group = componentMajor ? 0 : StreamingGroup(t, dim, lane);
                if (group > 0) WriteStreamingGroups(writer, method, lane, dim, group);
                int windowLines = componentMajor ? RowStreamingLines(dim) : 0;
                if (windowLines > 0) WriteRowStreaming(writer, method, lane, dim, windowLines);
                using (writer.Block("for (; n <= count - lanes; n += lanes)"))
                {
                    string vectors = $"ref {UnsafeType}.Add(ref xs, n), ref {UnsafeType}.Add(ref ys, n), ref {UnsafeType}.Add(ref zs, n)";
                    if (componentMajor)
                    {
                        writer.Line($"{method.Name}{lane.Suffix}({vectors}, ref {UnsafeType}.Add(ref outputStart, n), count);");
                    }
                    else
                    {
                        writer.Line($"{method.Name}{lane.Suffix}({vectors}, ref sh, lanes);");
                        writer.Line($"{Lanes}.FromLanesInline(ref sh, {dim}, lanes, ref {UnsafeType}.Add(ref outputStart, n * {dim}));");
                    }
                }

                writer.Line("return n;");
            }
        }

        private static void WriteHarmonicsBackwardBlocks(IndentedWriter writer, MethodShape method, Lane lane, int dim, bool componentMajor)
        {
            string t = method.ElementType;
            writer.Line($"/// <summary>{method.Name}Backward on whole blocks of {lane.Vector}&lt;{t}&gt;.Count vectors, one per lane; returns the number of vectors done.</summary>");
            writer.Line(GeneratedCode);
            writer.Line(Optimized);
            using (writer.Block($"private static int {method.Name}BackwardBlocks{lane.Suffix}(ref {t} xs, ref {t} ys, ref {t} zs, ref {t} gradOutputStart, ref {t} gradXs, ref {t} gradYs, ref {t} gradZs, int count)"))
            {
                writer.Line($"int lanes = {lane.Count};");
                if (!componentMajor)
                {
                    writer.Line("// The block's output gradient in lanes (component i of the block's vector j at [i * lanes + j]).");
                    writer.Line($"global::System.Span<{t}> buffer = stackalloc {t}[{dim} * lanes];");
                    writer.Line($"ref {t} g = ref {Marshal}.GetReference(buffer);");
                }

                writer.Line("int n = 0;");
                using (writer.Block("for (; n <= count - lanes; n += lanes)"))
                {
                    string vectors = $"ref {UnsafeType}.Add(ref xs, n), ref {UnsafeType}.Add(ref ys, n), ref {UnsafeType}.Add(ref zs, n)";
                    string gradients = $"ref {UnsafeType}.Add(ref gradXs, n), ref {UnsafeType}.Add(ref gradYs, n), ref {UnsafeType}.Add(ref gradZs, n)";
                    if (componentMajor)
                    {
                        writer.Line($"{method.Name}Backward{lane.Suffix}({vectors}, ref {UnsafeType}.Add(ref gradOutputStart, n), {gradients}, count);");
                    }
                    else
                    {
                        writer.Line($"{Lanes}.ToLanes(ref {UnsafeType}.Add(ref gradOutputStart, n * {dim}), {dim}, lanes, ref g);");
                        writer.Line($"{method.Name}Backward{lane.Suffix}({vectors}, ref g, {gradients}, lanes);");
                    }
                }

                writer.Line("return n;");
            }
        }

        /// <summary>Loads one register of each coordinate and, when the declaration normalizes, scales it to unit length.</summary>
        private static void WriteUnitVector(IndentedWriter writer, Lane lane, bool normalize)
        {
            writer.Line($"{lane.Type} ux = {lane.Load("x", "0")}, uy = {lane.Load("y", "0")}, uz = {lane.Load("z", "0")};");
            if (!normalize) return;
            writer.Line("// Scale to unit length; the zero vector stays zero, which leaves Y_0 only.");
            writer.Line($"{lane.Type} length = {lane.Sqrt(lane.MultiplyAdd("uz", "uz", lane.MultiplyAdd("uy", "uy", "ux * ux")))};");
            writer.Line($"{lane.Type} inverse = {lane.SafeInverse("length")};");
            writer.Line("ux *= inverse;");
            writer.Line("uy *= inverse;");
            writer.Line("uz *= inverse;");
        }

        /// <summary>Writes h{index} for every harmonic by the recurrence, storing each as <paramref name="store"/> says.</summary>
        private static void WriteHarmonicValues(IndentedWriter writer, SphericalHarmonicsModel model, Lane lane, (double Y0, double Y1, List<RecurrenceTerm>[] Levels) recurrence, bool store)
        {
            string t = lane.Element;
            if (store)
            {
                writer.Line($"{lane.Type} h0 = {lane.Broadcast(SignedLiteral(recurrence.Y0, t))};");
                writer.Line(lane.Store("h0", "sh", "0"));
            }

            if (model.LMax == 0) return;
            writer.Line("// l = 1: the unit vector itself, scaled.");
            writer.Line($"{lane.Type} first = {lane.Broadcast(SignedLiteral(recurrence.Y1, t))};");
            for (int m = 0; m < 3; m++)
            {
                writer.Line($"{lane.Type} h{1 + m} = first * {s_axes[m]};");
                if (store) writer.Line(lane.Store($"h{1 + m}", "sh", $"{1 + m} * stride"));
            }

            for (int l = 2; l <= model.LMax; l++)
            {
                writer.Line($"// l = {l} from l = {l - 1}: Y_{l},k = Σ C Y_{l - 1},i u_j ({recurrence.Levels[l].Count} terms).");
                for (int k = 0; k < 2 * l + 1; k++)
                {
                    List<RecurrenceTerm> terms = recurrence.Levels[l].Where(e => e.K == k).ToList();
                    int index = l * l + k, previous = (l - 1) * (l - 1);
                    string sum = $"{lane.Broadcast(SignedLiteral(terms[0].C, t))} * (h{previous + terms[0].I} * {s_axes[terms[0].J]})";
                    foreach (RecurrenceTerm e in terms.Skip(1))
                        sum = lane.MultiplyAdd(lane.Broadcast(SignedLiteral(e.C, t)), $"h{previous + e.I} * {s_axes[e.J]}", sum);
                    writer.Line($"{lane.Type} h{index} = {sum};");
                    if (store) writer.Line(lane.Store($"h{index}", "sh", $"{index} * stride"));
                }
            }
        }

        private static void WriteHarmonicsKernel(IndentedWriter writer, SphericalHarmonicsModel model, Lane lane, (double Y0, double Y1, List<RecurrenceTerm>[] Levels) recurrence, SphericalLegendre? legendre)
        {
            string t = lane.Element;
            writer.Line($"// {(lane.IsScalar ? "Scalar: one vector" : $"{lane.Vector}: one vector per lane")}; harmonic i goes to sh[i * stride].");
            writer.Line(GeneratedCode);
            writer.Line(InlinedOptimized);
            using (writer.Block($"private static void {model.Method.Name}{lane.Suffix}(ref {t} x, ref {t} y, ref {t} z, ref {t} sh, nint stride)"))
            {
                WriteUnitVector(writer, lane, model.Normalize);
                if (legendre is null) WriteHarmonicValues(writer, model, lane, recurrence, store: true);
                else WriteLegendreValues(writer, model, lane, legendre);
            }
        }

        private static void WriteHarmonicsBackwardKernel(IndentedWriter writer, SphericalHarmonicsModel model, Lane lane, (double Y0, double Y1, List<RecurrenceTerm>[] Levels) recurrence)
        {
            string t = lane.Element;
            writer.Line($"// {(lane.IsScalar ? "Scalar: one vector" : $"{lane.Vector}: one vector per lane")}; the recurrence run backwards, gradient component i read from g[i * stride].");
            writer.Line(GeneratedCode);
            writer.Line(InlinedOptimized);
            using (writer.Block($"private static void {model.Method.Name}Backward{lane.Suffix}(ref {t} x, ref {t} y, ref {t} z, ref {t} g, ref {t} gradX, ref {t} gradY, ref {t} gradZ, nint stride)"))
            {
                WriteUnitVector(writer, lane, model.Normalize);
                writer.Line($"{lane.Type} gux = {lane.Zero}, guy = {lane.Zero}, guz = {lane.Zero};");
                if (model.LMax >= 2)
                {
                    writer.Line("// The forward values below the top degree, which the gradients of the recurrence need.");
                    var lower = model with { LMax = model.LMax - 1 };
                    WriteHarmonicValues(writer, lower, lane, recurrence, store: false);
                }

                // gh{index}: d(loss)/d(Y_index), the given gradient plus what flows back from the degree above.
                for (int l = model.LMax; l >= 1; l--)
                {
                    writer.Line($"// l = {l}.");
                    for (int i = 0; i < 2 * l + 1; i++)
                    {
                        int index = l * l + i;
                        string sum = lane.Load("g", $"{index} * stride");
                        if (l < model.LMax)
                        {
                            int above = (l + 1) * (l + 1);
                            foreach (RecurrenceTerm e in recurrence.Levels[l + 1].Where(e => e.I == i))
                                sum = lane.MultiplyAdd(lane.Broadcast(SignedLiteral(e.C, t)), $"{s_axes[e.J]} * gh{above + e.K}", sum);
                        }

                        writer.Line($"{lane.Type} gh{index} = {sum};");
                    }

                    if (l < model.LMax)
                    {
                        int above = (l + 1) * (l + 1), here = l * l;
                        for (int j = 0; j < 3; j++)
                        {
                            string sum = $"g{s_axes[j]}";
                            foreach (RecurrenceTerm e in recurrence.Levels[l + 1].Where(e => e.J == j))
                                sum = lane.MultiplyAdd(lane.Broadcast(SignedLiteral(e.C, t)), $"h{here + e.I} * gh{above + e.K}", sum);
                            writer.Line($"g{s_axes[j]} = {sum};");
                        }
                    }
                }

                if (model.LMax >= 1)
                {
                    writer.Line("// l = 1 is the scaled unit vector.");
                    if (model.LMax < 2) writer.Line($"{lane.Type} first = {lane.Broadcast(SignedLiteral(recurrence.Y1, t))};");
                    for (int m = 0; m < 3; m++) writer.Line($"g{s_axes[m]} = {lane.MultiplyAdd("first", $"gh{1 + m}", $"g{s_axes[m]}")};");
                }

                if (model.Normalize)
                {
                    writer.Line("// Through x̂ = x / |x|: the radial part of the gradient drops out.");
                    writer.Line($"{lane.Type} radial = {lane.MultiplyAdd("uz", "guz", lane.MultiplyAdd("uy", "guy", "ux * gux"))};");
                    writer.Line(lane.Store("(gux - ux * radial) * inverse", "gradX", "0"));
                    writer.Line(lane.Store("(guy - uy * radial) * inverse", "gradY", "0"));
                    writer.Line(lane.Store("(guz - uz * radial) * inverse", "gradZ", "0"));
                }
                else
                {
                    writer.Line(lane.Store("gux", "gradX", "0"));
                    writer.Line(lane.Store("guy", "gradY", "0"));
                    writer.Line(lane.Store("guz", "gradZ", "0"));
                }
            }
        }
    }
}
