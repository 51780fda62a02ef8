using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Equivariant;

public sealed partial class EquivariantGenerator
{
    internal static partial class Emit
    {
        private const string Lanes = "global::TensorGen.Equivariant.EquivariantLanes";

        /// <summary>Largest lane buffer, in bytes, a block kernel takes from the stack; larger ones are allocated once per call.</summary>
        private const int StackBufferBytes = 64 * 1024;

        /// <summary>The widths and layout one product is written for.</summary>
        private sealed class ProductShape
        {
            public MethodShape Method = null!;
            public string T = null!;
            public int Dim1, Dim2, DimOut, WeightCount;
            public bool Weighted, PerSample, ComponentMajor, Inline;

            /// <summary>The stride parameter of path methods: component-major strides by the batch, passed in.</summary>
            public string StrideParameter => ComponentMajor ? ", nint stride" : string.Empty;

            /// <summary>The stride argument of path calls.</summary>
            public string StrideArgument => ComponentMajor ? ", batch" : string.Empty;
        }

        /// <summary>The main file (checks, dispatch, block loops, weight count) and the path methods in files of <see cref="PathsPerFile"/>.</summary>
        public static List<(string Suffix, string Text)> WriteTensorProduct(TensorProductModel model, CancellationToken cancellationToken)
        {
            MethodShape method = model.Method;
            List<PathPlan> plans = Plan(model, cancellationToken);
            int nonzeros = plans.Sum(p => p.Entries.Count);
            var shape = new ProductShape
            {
                Method = method,
                T = method.ElementType,
                Dim1 = model.Input1.Sum(x => x.Dim),
                Dim2 = model.Input2.Sum(x => x.Dim),
                DimOut = model.Output.Sum(x => x.Dim),
                WeightCount = plans.Sum(p => p.WeightCount),
                ComponentMajor = model.Layout == 1,
                Inline = nonzeros <= 1500,
            };
            shape.Weighted = shape.WeightCount > 0;
            shape.PerSample = shape.Weighted && !model.SharedWeights;
            string t = shape.T;
            int dim1 = shape.Dim1, dim2 = shape.Dim2, dimOut = shape.DimOut, weightCount = shape.WeightCount;
            bool weighted = shape.Weighted, perSample = shape.PerSample, componentMajor = shape.ComponentMajor;
            List<Lane> lanes = Lane.All(t);
            string[] p = method.ParameterNames.ToArray();
            string x1 = p[0], x2 = p[1], weights = weighted ? p[2] : "weights", output = p[weighted ? 3 : 2], batch = p[weighted ? 4 : 3];
            string in1Text = EquivariantSyntax.Format(model.Input1), in2Text = EquivariantSyntax.Format(model.Input2), outText = EquivariantSyntax.Format(model.Output);

            var writer = Header(method, model.Declared);
            var open = OpenTypes(writer, method);
            writer.Line($"/// <summary>The number of weights {method.Name} takes {(perSample ? "per sample" : "(shared by the batch)")}, instruction by instruction.</summary>");
            writer.Line(GeneratedCode);
            writer.Line($"{Accessibility(method)}const int {method.Name}WeightCount = {weightCount};");
            writer.Line();
            writer.Line($"// {in1Text} ⊗ {in2Text} → {outText}: {plans.Count} paths, {nonzeros} nonzero Clebsch–Gordan coefficients (one multiply-add each per sample and channel pair).");
            writer.Line(componentMajor
                ? $"// Component-major layout: x1[i * batch + b] (i < {dim1}), x2[j * batch + b] (j < {dim2}), output[k * batch + b] (k < {dimOut}); the output is overwritten."
                : $"// Sample-major layout: x1[b * {dim1} + …], x2[b * {dim2} + …], output[b * {dimOut} + …]; the output is overwritten.");
            if (weighted)
            {
                writer.Line(perSample
                    ? $"// Per-sample weights: {(componentMajor ? $"weights[iw * batch + b]" : $"weights[b * {weightCount} + iw]")}."
                    : "// The weights are shared by the batch.");
            }

            writer.Line("// Blocks of one SIMD register's lane count (the widest the processor accelerates) run one sample per lane; the rest run one at a time.");
            writer.Line(GeneratedCode);
            writer.Line(Optimized);
            string weightParameter = weighted ? $"global::System.ReadOnlySpan<{t}> {weights}, " : string.Empty;
            using (writer.Block($"{method.Modifiers} void {method.Name}(global::System.ReadOnlySpan<{t}> {x1}, global::System.ReadOnlySpan<{t}> {x2}, {weightParameter}global::System.Span<{t}> {output}, int {batch})"))
            {
                writer.Line($"{Checks}.Batch({batch}, \"{batch}\");");
                writer.Line($"{Checks}.AtLeast({x1}.Length, (long){batch} * {dim1}, \"{x1}\", \"{in1Text} per sample\");");
                writer.Line($"{Checks}.AtLeast({x2}.Length, (long){batch} * {dim2}, \"{x2}\", \"{in2Text} per sample\");");
                WriteWeightCheck(writer, shape, weights, batch);
                writer.Line($"{Checks}.AtLeast({output}.Length, (long){batch} * {dimOut}, \"{output}\", \"{outText} per sample\");");
                writer.Line("// The lengths were checked above: the samples are addressed without further bounds checks.");
                writer.Line($"ref {t} x1Start = ref {Marshal}.GetReference({x1});");
                writer.Line($"ref {t} x2Start = ref {Marshal}.GetReference({x2});");
                writer.Line($"ref {t} w = ref {(weighted ? $"{Marshal}.GetReference({weights})" : $"{UnsafeType}.NullRef<{t}>()")};");
                writer.Line($"ref {t} outputStart = ref {Marshal}.GetReference({output});");
                WriteDispatch(writer, lanes, $"{method.Name}Blocks{{0}}(ref x1Start, ref x2Start, ref w, ref outputStart, {batch})");
                writer.Line("// The blocks wrote their samples' outputs whole; the paths accumulate the rest from zero.");
                if (componentMajor)
                {
                    using (writer.Block($"for (int k = 0; k < {dimOut}; k++)"))
                        writer.Line($"{output}.Slice(k * {batch} + done, {batch} - done).Clear();");
                }
                else
                {
                    writer.Line($"{output}.Slice(done * {dimOut}, ({batch} - done) * {dimOut}).Clear();");
                }

                using (writer.Block($"for (int b = done; b < {batch}; b++)"))
                {
                    writer.Line($"ref {t} a = ref {UnsafeType}.Add(ref x1Start, {Sample("b", dim1, componentMajor)});");
                    writer.Line($"ref {t} c = ref {UnsafeType}.Add(ref x2Start, {Sample("b", dim2, componentMajor)});");
                    writer.Line($"ref {t} o = ref {UnsafeType}.Add(ref outputStart, {Sample("b", dimOut, componentMajor)});");
                    string ws = WeightsOfSample(writer, shape, "w", "b");
                    foreach (PathPlan plan in plans)
                        writer.Line($"{method.Name}Path{plan.Index}Scalar(ref a, ref c, ref {ws}, ref o{(componentMajor ? ", " + batch : string.Empty)});");
                }
            }

            writer.Line();
            writer.Line($"/// <summary>The gradients of <see cref=\"{method.Name}\"/> with respect to x1, x2{(weighted ? perSample ? " and each sample's weights" : " and the weights (summed over the batch)" : string.Empty)}, given gradOutput (laid out as the output); overwrites the gradient spans.</summary>");
            writer.Line(GeneratedCode);
            writer.Line(Optimized);
            string weightArguments = weighted ? $"global::System.ReadOnlySpan<{t}> weights, " : string.Empty;
            string weightGradient = weighted ? $"global::System.Span<{t}> gradWeights, " : string.Empty;
            using (writer.Block($"{BackwardModifiers(method)} void {method.Name}Backward(global::System.ReadOnlySpan<{t}> x1, global::System.ReadOnlySpan<{t}> x2, {weightArguments}global::System.ReadOnlySpan<{t}> gradOutput, global::System.Span<{t}> gradX1, global::System.Span<{t}> gradX2, {weightGradient}int batch)"))
            {
                writer.Line($"{Checks}.Batch(batch, \"batch\");");
                writer.Line($"{Checks}.AtLeast(x1.Length, (long)batch * {dim1}, \"x1\", \"{in1Text} per sample\");");
                writer.Line($"{Checks}.AtLeast(x2.Length, (long)batch * {dim2}, \"x2\", \"{in2Text} per sample\");");
                WriteWeightCheck(writer, shape, "weights", "batch");
                writer.Line($"{Checks}.AtLeast(gradOutput.Length, (long)batch * {dimOut}, \"gradOutput\", \"{outText} per sample\");");
                writer.Line($"{Checks}.AtLeast(gradX1.Length, (long)batch * {dim1}, \"gradX1\", \"{in1Text} per sample\");");
                writer.Line($"{Checks}.AtLeast(gradX2.Length, (long)batch * {dim2}, \"gradX2\", \"{in2Text} per sample\");");
                if (perSample)
                {
                    writer.Line($"{Checks}.AtLeast(gradWeights.Length, (long)batch * {weightCount}, \"gradWeights\", \"{weightCount} weights per sample\");");
                    writer.Line($"gradWeights.Slice(0, batch * {weightCount}).Clear();");
                }
                else if (weighted)
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
                WriteDispatch(writer, lanes, $"{method.Name}BackwardBlocks{{0}}(ref x1Start, ref x2Start, ref w, ref gradOutputStart, ref gradX1Start, ref gradX2Start, ref gw, batch)");
                using (writer.Block("for (int b = done; b < batch; b++)"))
                {
                    writer.Line($"ref {t} a = ref {UnsafeType}.Add(ref x1Start, {Sample("b", dim1, componentMajor)});");
                    writer.Line($"ref {t} c = ref {UnsafeType}.Add(ref x2Start, {Sample("b", dim2, componentMajor)});");
                    writer.Line($"ref {t} g = ref {UnsafeType}.Add(ref gradOutputStart, {Sample("b", dimOut, componentMajor)});");
                    writer.Line($"ref {t} ga = ref {UnsafeType}.Add(ref gradX1Start, {Sample("b", dim1, componentMajor)});");
                    writer.Line($"ref {t} gc = ref {UnsafeType}.Add(ref gradX2Start, {Sample("b", dim2, componentMajor)});");
                    string ws = WeightsOfSample(writer, shape, "w", "b");
                    string gws = WeightsOfSample(writer, shape, "gw", "b");
                    foreach (PathPlan plan in plans)
                        writer.Line($"{method.Name}Path{plan.Index}BackwardScalar(ref a, ref c, ref {ws}, ref g, ref ga, ref gc, ref {gws}{(componentMajor ? ", batch" : string.Empty)});");
                }
            }

            foreach (Lane lane in lanes.Where(l => !l.IsScalar))
            {
                cancellationToken.ThrowIfCancellationRequested();
                writer.Line();
                WriteForwardBlocks(writer, shape, plans, lane);
                writer.Line();
                WriteBackwardBlocks(writer, shape, plans, lane);
            }

            Close(open);
            var files = new List<(string, string)> { (string.Empty, writer.ToString()) };
            for (int first = 0; first < plans.Count; first += PathsPerFile)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int last = Math.Min(first + PathsPerFile, plans.Count) - 1;
                IndentedWriter paths = Header(method, model.Declared + $" (paths {first}…{last})");
                Stack<IndentedWriter.Scope> scopes = OpenTypes(paths, method);
                bool firstMethod = true;
                for (int index = first; index <= last; index++)
                {
                    foreach (Lane lane in lanes)
                    {
                        if (!firstMethod) paths.Line();
                        firstMethod = false;
                        WritePathForward(paths, shape, plans[index], lane);
                        paths.Line();
                        WritePathBackward(paths, shape, plans[index], lane);
                    }
                }

                Close(scopes);
                files.Add(($".Paths{first}-{last}", paths.ToString()));
            }

            return files;
        }

        /// <summary>The element offset of sample <paramref name="b"/>: b · dim sample-major, b component-major.</summary>
        private static string Sample(string b, int dim, bool componentMajor) => componentMajor ? b : $"{b} * {dim}";

        private static void WriteWeightCheck(IndentedWriter writer, ProductShape shape, string weights, string batch)
        {
            if (shape.PerSample)
                writer.Line($"{Checks}.AtLeast({weights}.Length, (long){batch} * {shape.WeightCount}, \"{weights}\", \"{shape.WeightCount} weights per sample\");");
            else if (shape.Weighted)
                writer.Line($"{Checks}.Exactly({weights}.Length, {shape.WeightCount}, \"{weights}\", \"this tensor product\");");
        }

        /// <summary>Per-sample weights: declares the ref to sample <paramref name="b"/>'s weights and returns its name; shared weights: the ref itself.</summary>
        private static string WeightsOfSample(IndentedWriter writer, ProductShape shape, string origin, string b)
        {
            if (!shape.PerSample) return origin;
            writer.Line($"ref {shape.T} {origin}Sample = ref {UnsafeType}.Add(ref {origin}, {Sample(b, shape.WeightCount, shape.ComponentMajor)});");
            return origin + "Sample";
        }

        /// <summary>Runs the block kernel of the widest accelerated width; <c>done</c> is the number of samples it covered.</summary>
        private static void WriteDispatch(IndentedWriter writer, List<Lane> lanes, string callFormat)
        {
            writer.Line("int done = 0;");
            bool first = true;
            foreach (Lane lane in lanes.Where(l => !l.IsScalar))
            {
                writer.Line($"{(first ? "if" : "else if")} ({lane.Accelerated}) done = {string.Format(CultureInfo.InvariantCulture, callFormat, lane.Suffix)};");
                first = false;
            }

            writer.Line("// The samples no block covered (all of them without SIMD), one at a time.");
        }

        /// <summary>The lane buffer of a sample-major block kernel: components × lanes values, on the stack when small.</summary>
        private static void WriteLaneBuffer(IndentedWriter writer, ProductShape shape, Lane lane, string name, int components)
        {
            int maxLanes = shape.T == "float" ? 16 : 8;
            int bytes = components * maxLanes * (shape.T == "float" ? 4 : 8);
            string allocation = bytes <= StackBufferBytes ? $"stackalloc {shape.T}[{components} * lanes]" : $"new {shape.T}[{components} * lanes]";
            writer.Line($"global::System.Span<{shape.T}> {name} = {allocation};");
        }

        private static void WriteForwardBlocks(IndentedWriter writer, ProductShape shape, List<PathPlan> plans, Lane lane)
        {
            string t = shape.T, name = shape.Method.Name;
            writer.Line($"/// <summary>{name} on whole blocks of {lane.Vector}&lt;{t}&gt;.Count samples, one per lane; returns the number of samples done.</summary>");
            writer.Line(GeneratedCode);
            writer.Line(Optimized);
            using (writer.Block($"private static int {name}Blocks{lane.Suffix}(ref {t} x1Start, ref {t} x2Start, ref {t} w, ref {t} outputStart, int batch)"))
            {
                writer.Line($"int lanes = {lane.Count};");
                int weightLanes = shape.PerSample ? shape.WeightCount : 0;
                writer.Line($"// The block in lanes: x1 ({shape.Dim1} rows), x2 ({shape.Dim2}), output ({shape.DimOut}){(shape.PerSample ? $", weights ({shape.WeightCount})" : string.Empty)}, each row one register;");
                writer.Line(shape.ComponentMajor
                    ? "// rows are copied in and out (component-major), so the output is written once, whole, and never cleared."
                    : "// samples are transposed in and out, so the output is written once, whole, and never cleared.");
                WriteLaneBuffer(writer, shape, lane, "buffer", shape.Dim1 + shape.Dim2 + shape.DimOut + weightLanes);
                writer.Line($"ref {t} a = ref {Marshal}.GetReference(buffer);");
                writer.Line($"ref {t} c = ref {UnsafeType}.Add(ref a, {shape.Dim1} * lanes);");
                writer.Line($"ref {t} o = ref {UnsafeType}.Add(ref c, {shape.Dim2} * lanes);");
                if (shape.PerSample) writer.Line($"ref {t} ws = ref {UnsafeType}.Add(ref o, {shape.DimOut} * lanes);");
                writer.Line($"global::System.Span<{t}> outputLanes = buffer.Slice({shape.Dim1 + shape.Dim2} * lanes, {shape.DimOut} * lanes);");
                writer.Line("int b = 0;");
                using (writer.Block("for (; b <= batch - lanes; b += lanes)"))
                {
                    writer.Line(ToLanes(shape, "x1Start", shape.Dim1, "a"));
                    writer.Line(ToLanes(shape, "x2Start", shape.Dim2, "c"));
                    if (shape.PerSample) writer.Line(ToLanes(shape, "w", shape.WeightCount, "ws"));
                    writer.Line("outputLanes.Clear();");
                    foreach (PathPlan plan in plans)
                        writer.Line($"{name}Path{plan.Index}{lane.Suffix}(ref a, ref c, ref {(shape.PerSample ? "ws" : "w")}, ref o{(shape.ComponentMajor ? ", lanes" : string.Empty)});");
                    writer.Line(FromLanes(shape, "o", shape.DimOut, "outputStart"));
                }

                writer.Line("return b;");
            }
        }

        /// <summary>The call moving the block's rows of <paramref name="dim"/> components from <paramref name="start"/> into lanes: a transposition sample-major, a copy of rows component-major.</summary>
        private static string ToLanes(ProductShape shape, string start, int dim, string lanes) => shape.ComponentMajor
            ? $"{Lanes}.RowsToLanes(ref {UnsafeType}.Add(ref {start}, b), batch, {dim}, lanes, ref {lanes});"
            : $"{Lanes}.ToLanes(ref {UnsafeType}.Add(ref {start}, b * {dim}), {dim}, lanes, ref {lanes});";

        /// <summary>The call moving the block's lanes back to the samples at <paramref name="start"/>, overwriting them.</summary>
        private static string FromLanes(ProductShape shape, string lanes, int dim, string start) => shape.ComponentMajor
            ? $"{Lanes}.LanesToRows(ref {lanes}, {dim}, lanes, ref {UnsafeType}.Add(ref {start}, b), batch);"
            : $"{Lanes}.FromLanes(ref {lanes}, {dim}, lanes, ref {UnsafeType}.Add(ref {start}, b * {dim}));";

        private static void WriteBackwardBlocks(IndentedWriter writer, ProductShape shape, List<PathPlan> plans, Lane lane)
        {
            string t = shape.T, name = shape.Method.Name;
            bool sharedGradient = shape.Weighted && !shape.PerSample;
            writer.Line($"/// <summary>{name}Backward on whole blocks of {lane.Vector}&lt;{t}&gt;.Count samples, one per lane; returns the number of samples done.</summary>");
            writer.Line(GeneratedCode);
            writer.Line(Optimized);
            using (writer.Block($"private static int {name}BackwardBlocks{lane.Suffix}(ref {t} x1Start, ref {t} x2Start, ref {t} w, ref {t} gradOutputStart, ref {t} gradX1Start, ref {t} gradX2Start, ref {t} gw, int batch)"))
            {
                writer.Line($"int lanes = {lane.Count};");
                string gwArgument = "gw";
                if (sharedGradient)
                {
                    writer.Line("// The shared weights' gradient, one partial sum per lane, reduced after the last block.");
                    WriteLaneBuffer(writer, shape, lane, "weightGradientLanes", shape.WeightCount);
                    writer.Line("weightGradientLanes.Clear();");
                    writer.Line($"ref {t} gwLanes = ref {Marshal}.GetReference(weightGradientLanes);");
                    gwArgument = "gwLanes";
                }

                writer.Line("int b = 0;");
                if (shape.ComponentMajor)
                {
                    using (writer.Block("for (; b <= batch - lanes; b += lanes)"))
                    {
                        writer.Line($"ref {t} a = ref {UnsafeType}.Add(ref x1Start, b);");
                        writer.Line($"ref {t} c = ref {UnsafeType}.Add(ref x2Start, b);");
                        writer.Line($"ref {t} g = ref {UnsafeType}.Add(ref gradOutputStart, b);");
                        writer.Line($"ref {t} ga = ref {UnsafeType}.Add(ref gradX1Start, b);");
                        writer.Line($"ref {t} gc = ref {UnsafeType}.Add(ref gradX2Start, b);");
                        string ws = WeightsOfSample(writer, shape, "w", "b");
                        string gws = shape.PerSample ? WeightsOfSample(writer, shape, "gw", "b") : gwArgument;
                        foreach (PathPlan plan in plans)
                            writer.Line($"{name}Path{plan.Index}Backward{lane.Suffix}(ref a, ref c, ref {ws}, ref g, ref ga, ref gc, ref {gws}, batch);");
                    }
                }
                else
                {
                    int weightLanes = shape.PerSample ? 2 * shape.WeightCount : 0;
                    writer.Line($"// The block in lanes: x1, x2, gradOutput, gradX1, gradX2{(shape.PerSample ? ", weights, gradWeights" : string.Empty)}, each row one register.");
                    WriteLaneBuffer(writer, shape, lane, "buffer", 2 * shape.Dim1 + 2 * shape.Dim2 + shape.DimOut + weightLanes);
                    writer.Line($"ref {t} a = ref {Marshal}.GetReference(buffer);");
                    writer.Line($"ref {t} c = ref {UnsafeType}.Add(ref a, {shape.Dim1} * lanes);");
                    writer.Line($"ref {t} g = ref {UnsafeType}.Add(ref c, {shape.Dim2} * lanes);");
                    writer.Line($"ref {t} ga = ref {UnsafeType}.Add(ref g, {shape.DimOut} * lanes);");
                    writer.Line($"ref {t} gc = ref {UnsafeType}.Add(ref ga, {shape.Dim1} * lanes);");
                    if (shape.PerSample)
                    {
                        writer.Line($"ref {t} ws = ref {UnsafeType}.Add(ref gc, {shape.Dim2} * lanes);");
                        writer.Line($"ref {t} gws = ref {UnsafeType}.Add(ref ws, {shape.WeightCount} * lanes);");
                    }

                    int gradientStart = shape.Dim1 + shape.Dim2 + shape.DimOut;
                    writer.Line($"global::System.Span<{t}> inputGradientLanes = buffer.Slice({gradientStart} * lanes, {shape.Dim1 + shape.Dim2} * lanes);");
                    if (shape.PerSample) writer.Line($"global::System.Span<{t}> weightGradientLanes = buffer.Slice({gradientStart + shape.Dim1 + shape.Dim2 + shape.WeightCount} * lanes, {shape.WeightCount} * lanes);");
                    using (writer.Block("for (; b <= batch - lanes; b += lanes)"))
                    {
                        writer.Line($"{Lanes}.ToLanes(ref {UnsafeType}.Add(ref x1Start, b * {shape.Dim1}), {shape.Dim1}, lanes, ref a);");
                        writer.Line($"{Lanes}.ToLanes(ref {UnsafeType}.Add(ref x2Start, b * {shape.Dim2}), {shape.Dim2}, lanes, ref c);");
                        writer.Line($"{Lanes}.ToLanes(ref {UnsafeType}.Add(ref gradOutputStart, b * {shape.DimOut}), {shape.DimOut}, lanes, ref g);");
                        writer.Line("inputGradientLanes.Clear();");
                        if (shape.PerSample)
                        {
                            writer.Line($"{Lanes}.ToLanes(ref {UnsafeType}.Add(ref w, b * {shape.WeightCount}), {shape.WeightCount}, lanes, ref ws);");
                            writer.Line("weightGradientLanes.Clear();");
                        }

                        string ws = shape.PerSample ? "ws" : "w", gws = shape.PerSample ? "gws" : gwArgument;
                        foreach (PathPlan plan in plans)
                            writer.Line($"{name}Path{plan.Index}Backward{lane.Suffix}(ref a, ref c, ref {ws}, ref g, ref ga, ref gc, ref {gws});");
                        writer.Line($"{Lanes}.FromLanes(ref ga, {shape.Dim1}, lanes, ref {UnsafeType}.Add(ref gradX1Start, b * {shape.Dim1}));");
                        writer.Line($"{Lanes}.FromLanes(ref gc, {shape.Dim2}, lanes, ref {UnsafeType}.Add(ref gradX2Start, b * {shape.Dim2}));");
                        if (shape.PerSample) writer.Line($"{Lanes}.FromLanes(ref gws, {shape.WeightCount}, lanes, ref {UnsafeType}.Add(ref gw, b * {shape.WeightCount}));");
                    }
                }

                if (sharedGradient)
                {
                    writer.Line("// Sum the lanes into the shared weights' gradient.");
                    using (writer.Block($"for (int iw = 0; iw < {shape.WeightCount}; iw++)"))
                        writer.Line($"{UnsafeType}.Add(ref gw, iw) += {lane.Vector}.Sum({lane.Load("gwLanes", "iw * lanes")});");
                }

                writer.Line("return b;");
            }
        }

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

        /// <summary>The weight of index iw for the lane: a broadcast shared weight, or the lanes' own per-sample weights.</summary>
        private static string Weight(ProductShape shape, Lane lane) =>
            shape.PerSample ? lane.Load("weights", "iw * stride") : lane.Broadcast($"{UnsafeType}.Add(ref weights, iw)");

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

        /// <summary>The path's output components split into tiles of at most <see cref="MaxAccumulators"/>, as even as they come.</summary>
        private static List<int[]> OutputTiles(PathPlan plan)
        {
            int[] ks = plan.Entries.Select(e => e.K).Distinct().OrderBy(k => k).ToArray();
            int count = (ks.Length + MaxAccumulators - 1) / MaxAccumulators;
            var tiles = new List<int[]>();
            for (int tile = 0, first = 0; tile < count; tile++)
            {
                int size = (ks.Length - first) / (count - tile);
                tiles.Add(ks.Skip(first).Take(size).ToArray());
                first += size;
            }

            return tiles;
        }

        private static void WritePathForward(IndentedWriter writer, ProductShape shape, PathPlan plan, Lane lane)
        {
            string t = shape.T;
            writer.Line(PathComment(plan));
            writer.Line($"// {(lane.IsScalar ? "Scalar: one sample" : $"{lane.Vector}: one sample per lane")}; accumulates into o.");
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
                        string value = weighted ? lane.MultiplyAdd("s", $"t{k}", lane.Load("o", index)) : $"{lane.Load("o", index)} + t{k}";
                        writer.Line(lane.Store(value, "o", index));
                    }

                    outputLoop?.Dispose();
                    tileScope?.Dispose();
                }

                while (scopes.Count > 0) scopes.Pop().Dispose();
            }
        }
    }
}
