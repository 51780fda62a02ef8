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

        private const string ProductOutput = "global::TensorGen.Equivariant.ProductOutput";

        /// <summary>Largest lane buffer, in bytes, a block kernel takes from the stack; larger ones are allocated once per call.</summary>
        private const int StackBufferBytes = 64 * 1024;

        /// <summary>Products of at most this many nonzero coefficients inline one method per path into the block loop; larger ones fuse paths (see <see cref="ForwardUnits"/>).</summary>
        private const int InlineLimit = 1500;

        /// <summary>The widths and layout one product is written for.</summary>
        private sealed class ProductShape
        {
            public MethodShape Method = null!;
            public string T = null!;
            public int Dim1, Dim2, DimOut, WeightCount;
            public bool Weighted, PerSample, ComponentMajor, Inline;

            /// <summary>The irreps of the inputs and the output, as the comments and messages write them.</summary>
            public string In1Text = null!, In2Text = null!, OutText = null!;

            /// <summary>The output components no path overwrites, zeroed before the paths add into them (see <see cref="ZeroedRuns"/>).</summary>
            public List<(int Start, int Count)> Zeroed = null!;

            /// <summary>The forward's units in the order they run (see <see cref="ForwardUnits"/>).</summary>
            public List<ForwardUnit> Units = null!;

            /// <summary>Where each fused unit's coefficients begin in the product's table (see <see cref="FusedCoefficients"/>).</summary>
            public Dictionary<ForwardUnit, int> FusedFirstSlots = null!;

            /// <summary>The stride parameter of path methods: component-major strides by the batch, passed in.</summary>
            public string StrideParameter => ComponentMajor ? ", nint stride" : string.Empty;

            /// <summary>The stride argument of path calls.</summary>
            public string StrideArgument => ComponentMajor ? ", batch" : string.Empty;
        }

        /// <summary>The main file (checks, dispatch, block loops, weight count) and the path methods in files of <see cref="PathsPerFile"/>.</summary>
        public static List<(string Suffix, string Text)> WriteTensorProduct(TensorProductModel model, CancellationToken cancellationToken)
        {
            List<PathPlan> plans = Plan(model, cancellationToken);
            ProductShape shape = Shape(model, plans);
            var writer = new IndentedWriter();
            Scopes open = Open(writer, model.Method, model.Declared);
            WriteConstants(writer, model, shape);
            WriteForward(writer, model, shape, plans.Sum(p => p.Entries.Count), plans.Count);
            writer.Line();
            WriteBackward(writer, model, shape, plans);
            foreach (Lane lane in Lane.All(shape.T).Where(l => !l.IsScalar))
            {
                cancellationToken.ThrowIfCancellationRequested();
                writer.Line();
                WriteForwardBlocks(writer, shape, lane);
                writer.Line();
                WriteBackwardBlocks(writer, shape, plans, lane);
            }

            open.Dispose();
            var files = new List<(string, string)> { (string.Empty, writer.ToString()) };
            files.AddRange(WritePathFiles(model, shape, plans, cancellationToken));
            return files;
        }

        /// <summary>The sizes, layout and units of a product, from its plans.</summary>
        private static ProductShape Shape(TensorProductModel model, List<PathPlan> plans)
        {
            int nonzeros = plans.Sum(p => p.Entries.Count);
            var shape = new ProductShape
            {
                Method = model.Method,
                T = model.Method.ElementType,
                Dim1 = model.Input1.Sum(x => x.Dim),
                Dim2 = model.Input2.Sum(x => x.Dim),
                DimOut = model.Output.Sum(x => x.Dim),
                WeightCount = plans.Sum(p => p.WeightCount),
                ComponentMajor = model.Layout == 1,
                Inline = nonzeros <= InlineLimit,
                Zeroed = ZeroedRuns(model, plans),
                Units = nonzeros <= InlineLimit ? plans.Select(p => new ForwardUnit([p], fused: false)).ToList() : ForwardUnits(plans),
                In1Text = EquivariantSyntax.Format(model.Input1),
                In2Text = EquivariantSyntax.Format(model.Input2),
                OutText = EquivariantSyntax.Format(model.Output),
            };
            shape.Weighted = shape.WeightCount > 0;
            shape.PerSample = shape.Weighted && !model.SharedWeights;
            return shape;
        }

        /// <summary>The public constants (weight count, dimensions, output irreps) and the fused coefficient table, if any.</summary>
        private static void WriteConstants(IndentedWriter writer, TensorProductModel model, ProductShape shape)
        {
            (string t, MethodShape method, string in1Text, string outText) = (shape.T, shape.Method, shape.In1Text, shape.OutText);
            int dim1 = shape.Dim1, dim2 = shape.Dim2, dimOut = shape.DimOut, weightCount = shape.WeightCount;
            string[] p = method.ParameterNames;
            string x1 = p[0], x2 = p[1], output = p[shape.Weighted ? 3 : 2];
            bool perSample = shape.PerSample;
            string in2Text = shape.In2Text;
            writer.Line($"/// <summary>The number of weights {method.Name} takes {(perSample ? "per sample" : "(shared by the batch)")}, instruction by instruction.</summary>");
            writer.Line(GeneratedCode);
            writer.Line($"{Accessibility(method)}const int {method.Name}WeightCount = {weightCount};");
            writer.Line();
            WriteDimension(writer, method, "Input1Dim", dim1, $"the values {method.Name} reads per sample from {x1} ({in1Text})");
            WriteDimension(writer, method, "Input2Dim", dim2, $"the values {method.Name} reads per sample from {x2} ({in2Text})");
            WriteDimension(writer, method, "OutputDim", dimOut, $"the values {method.Name} writes per sample into {output}");
            writer.Line($"/// <summary>The output irreps of {method.Name}, in the order it writes them: {outText}.</summary>");
            writer.Line(GeneratedCode);
            writer.Line($"{Accessibility(method)}const string {method.Name}OutputIrreps = \"{outText}\";");
            writer.Line();
            (List<double> fusedCoefficients, shape.FusedFirstSlots) = FusedCoefficients(shape.Units);
            if (fusedCoefficients.Count > 0)
            {
                writer.Line($"/// <summary>The fused paths' Clebsch–Gordan coefficients (path normalization folded in), one per multiply-add, in the order the fused path methods (every width, scalar included) read them.</summary>");
                writer.Line(GeneratedCode);
                writer.Line($"private static readonly {t}[] {method.Name}Coefficients =");
                writer.Line("[");
                for (int start = 0; start < fusedCoefficients.Count; start += 8)
                    writer.Line("    " + string.Join(", ", fusedCoefficients.Skip(start).Take(8).Select(c => SignedLiteral(c, t))) + ",");
                writer.Line("];");
                writer.Line();
            }
        }

        /// <summary>The declared method: argument checks with the user's names, then the kernel as a static local function.</summary>
        private static void WriteForward(IndentedWriter writer, TensorProductModel model, ProductShape shape, int nonzeros, int pathCount)
        {
            string t = shape.T, in1Text = shape.In1Text, in2Text = shape.In2Text, outText = shape.OutText;
            int dim1 = shape.Dim1, dim2 = shape.Dim2, dimOut = shape.DimOut, weightCount = shape.WeightCount;
            bool weighted = shape.Weighted, perSample = shape.PerSample, componentMajor = shape.ComponentMajor;
            MethodShape method = shape.Method;
            string[] p = method.ParameterNames;
            string x1 = p[0], x2 = p[1], weights = weighted ? p[2] : "weights", output = p[weighted ? 3 : 2], batch = p[weighted ? 4 : 3];
            List<Lane> lanes = Lane.All(t);
            writer.Line($"// {in1Text} ⊗ {in2Text} → {outText}: {pathCount} paths, {nonzeros} nonzero Clebsch–Gordan coefficients (one multiply-add each per sample and channel pair).");
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
            using (writer.Block(method.Method.Signature))
            {
                writer.Line($"{Checks}.Batch({batch}, {Quoted(batch)});");
                writer.Line($"{Checks}.AtLeast({x1}.Length, (long){batch} * {dim1}, {Quoted(x1)}, \"{in1Text} per sample\");");
                writer.Line($"{Checks}.AtLeast({x2}.Length, (long){batch} * {dim2}, {Quoted(x2)}, \"{in2Text} per sample\");");
                WriteWeightCheck(writer, shape, weights, batch);
                writer.Line($"{Checks}.AtLeast({output}.Length, (long){batch} * {dimOut}, {Quoted(output)}, \"{outText} per sample\");");
                string kernel = KernelFunction(method);
                writer.Line($"{kernel}({x1}, {x2}, {(weighted ? weights + ", " : string.Empty)}{output}, {batch});");
                writer.Line();
                writer.Line("// The kernel proper, with the generator's own names: none of its locals can meet the declaration's parameters.");
                writer.Line(Optimized);
                (x1, x2, weights, output, batch) = ("x1", "x2", "weights", "output", "batch");
                string weightParameter = weighted ? $"global::System.ReadOnlySpan<{t}> {weights}, " : string.Empty;
                using var body = writer.Block($"static void {kernel}(global::System.ReadOnlySpan<{t}> {x1}, global::System.ReadOnlySpan<{t}> {x2}, {weightParameter}global::System.Span<{t}> {output}, int {batch})");
                writer.Line("// The lengths were checked above: the samples are addressed without further bounds checks.");
                writer.Line($"ref {t} x1Start = ref {Marshal}.GetReference({x1});");
                writer.Line($"ref {t} x2Start = ref {Marshal}.GetReference({x2});");
                writer.Line($"ref {t} w = ref {(weighted ? $"{Marshal}.GetReference({weights})" : $"{UnsafeType}.NullRef<{t}>()")};");
                writer.Line($"ref {t} outputStart = ref {Marshal}.GetReference({output});");
                WriteCoefficientsReference(writer, shape);
                WriteDispatch(writer, lanes, ProductPathChoice(shape.ComponentMajor), $"{method.Name}Blocks{{0}}(ref x1Start, ref x2Start, ref w, ref outputStart, {batch})");
                writer.Line(shape.Zeroed.Count == 0
                    ? "// The blocks wrote their samples' outputs whole; for the rest, the first path into each output term stores it, so nothing is cleared."
                    : "// The blocks wrote their samples' outputs whole; for the rest, the first path into each output term stores it, and the terms no path overwrites start from zero.");
                if (componentMajor)
                {
                    foreach ((int start, int count) in shape.Zeroed)
                    {
                        using (writer.Block($"for (int k = {start}; k < {start + count}; k++)"))
                            writer.Line($"{output}.Slice(k * {batch} + done, {batch} - done).Clear();");
                    }
                }

                using (writer.Block($"for (int b = done; b < {batch}; b++)"))
                {
                    writer.Line($"ref {t} a = ref {UnsafeType}.Add(ref x1Start, {Sample("b", dim1, componentMajor)});");
                    writer.Line($"ref {t} c = ref {UnsafeType}.Add(ref x2Start, {Sample("b", dim2, componentMajor)});");
                    writer.Line($"ref {t} o = ref {UnsafeType}.Add(ref outputStart, {Sample("b", dimOut, componentMajor)});");
                    if (!componentMajor)
                    {
                        foreach ((int start, int count) in shape.Zeroed)
                            writer.Line($"{Marshal}.CreateSpan(ref {UnsafeType}.Add(ref o, {start}), {count}).Clear();");
                    }

                    string ws = WeightsOfSample(writer, shape, "w", "b");
                    foreach (ForwardUnit unit in shape.Units)
                        writer.Line($"{UnitMethod(shape, unit, "Scalar")}{UnitArguments(unit, "a", "c", ws, "o", componentMajor ? ", " + batch : string.Empty)};");
                }
            }
        }

        /// <summary>The backward companion: the gradients with respect to both inputs and the weights.</summary>
        private static void WriteBackward(IndentedWriter writer, TensorProductModel model, ProductShape shape, List<PathPlan> plans)
        {
            (string t, MethodShape method) = (shape.T, shape.Method);
            int dim1 = shape.Dim1, dim2 = shape.Dim2, dimOut = shape.DimOut, weightCount = shape.WeightCount;
            bool weighted = shape.Weighted, perSample = shape.PerSample, componentMajor = shape.ComponentMajor;
            string in1Text = shape.In1Text, in2Text = shape.In2Text, outText = shape.OutText;
            List<Lane> lanes = Lane.All(t);
            writer.Line($"/// <summary>The gradients of <c>{method.Name}</c> with respect to x1, x2{(weighted ? perSample ? " and each sample's weights" : " and the weights (summed over the batch)" : string.Empty)}, given gradOutput (laid out as the output); overwrites the gradient spans.</summary>");
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
                WriteDispatch(writer, lanes, ProductPathChoice(shape.ComponentMajor), $"{method.Name}BackwardBlocks{{0}}(ref x1Start, ref x2Start, ref w, ref gradOutputStart, ref gradX1Start, ref gradX2Start, ref gw, batch)");
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
        }

        /// <summary>The path methods, forward and backward on every width, <see cref="PathsPerFile"/> paths a file.</summary>
        private static IEnumerable<(string Suffix, string Text)> WritePathFiles(TensorProductModel model, ProductShape shape, List<PathPlan> plans,
                                                                                CancellationToken cancellationToken)
        {
            MethodShape method = model.Method;
            List<Lane> lanes = Lane.All(shape.T);
            for (int first = 0; first < plans.Count; first += PathsPerFile)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int last = Math.Min(first + PathsPerFile, plans.Count) - 1;
                var paths = new IndentedWriter();
                Scopes scopes = Open(paths, method, model.Declared + $" (paths {first}…{last})");
                bool firstMethod = true;
                for (int index = first; index <= last; index++)
                {
                    ForwardUnit unit = shape.Units.First(u => u.Paths.Contains(plans[index]));
                    foreach (Lane lane in lanes)
                    {
                        if (!firstMethod) paths.Line();
                        firstMethod = false;
                        if (!unit.Fused)
                        {
                            WritePathForward(paths, shape, plans[index], lane);
                            paths.Line();
                        }
                        else if (unit.Paths[0] == plans[index])
                        {
                            WriteFusedForward(paths, shape, unit, lane);
                            paths.Line();
                        }

                        WritePathBackward(paths, shape, plans[index], lane);
                    }
                }

                scopes.Dispose();
                yield return ($".Paths{first}-{last}", paths.ToString());
            }
        }

        /// <summary>A public dimension constant of a tensor product, <c>{Method}{suffix}</c>, documented as <paramref name="what"/>.</summary>
        private static void WriteDimension(IndentedWriter writer, MethodShape method, string suffix, int value, string what)
        {
            writer.Line($"/// <summary>The number of {what}.</summary>");
            writer.Line(GeneratedCode);
            writer.Line($"{Accessibility(method)}const int {method.Name}{suffix} = {value};");
            writer.Line();
        }

        /// <summary>The reference to the fused paths' coefficient table, where there is one.</summary>
        private static void WriteCoefficientsReference(IndentedWriter writer, ProductShape shape)
        {
            if (shape.Units.Any(u => u.Fused))
                writer.Line($"ref {shape.T} coefficients = ref {Marshal}.GetArrayDataReference({shape.Method.Name}Coefficients);");
        }

        /// <summary>The element offset of sample <paramref name="b"/>: b · dim sample-major, b component-major.</summary>
        private static string Sample(string b, int dim, bool componentMajor) => componentMajor ? b : $"{b} * {dim}";

        private static void WriteWeightCheck(IndentedWriter writer, ProductShape shape, string weights, string batch)
        {
            if (shape.PerSample)
                writer.Line($"{Checks}.AtLeast({weights}.Length, (long){batch} * {shape.WeightCount}, {Quoted(weights)}, \"{shape.WeightCount} weights per sample\");");
            else if (shape.Weighted)
                writer.Line($"{Checks}.Exactly({weights}.Length, {shape.WeightCount}, {Quoted(weights)}, \"this tensor product\");");
        }

        /// <summary>Per-sample weights: declares the ref to sample <paramref name="b"/>'s weights and returns its name; shared weights: the ref itself.</summary>
        private static string WeightsOfSample(IndentedWriter writer, ProductShape shape, string origin, string b)
        {
            if (!shape.PerSample) return origin;
            writer.Line($"ref {shape.T} {origin}Sample = ref {UnsafeType}.Add(ref {origin}, {Sample(b, shape.WeightCount, shape.ComponentMajor)});");
            return origin + "Sample";
        }

        /// <summary>
        /// Runs the block kernel of the path the kernel's family takes (<paramref name="choice"/>, a
        /// <c>PathChoice</c> of the runtime: the widest accelerated path unless the machine's tuning profile keeps a
        /// narrower one, or a test's override); <c>done</c> is the number of samples it covered.
        /// </summary>
        private static void WriteDispatch(IndentedWriter writer, List<Lane> lanes, string choice, string callFormat)
        {
            writer.Line($"global::TensorGen.VectorPath path = global::TensorGen.Machine.KernelChoices.{choice}.Path;");
            writer.Line("int done = 0;");
            bool first = true;
            foreach (Lane lane in lanes.Where(l => !l.IsScalar))
            {
                writer.Line($"{(first ? "if" : "else if")} (path == global::TensorGen.VectorPath.{lane.Vector}) done = {string.Format(CultureInfo.InvariantCulture, callFormat, lane.Suffix)};");
                first = false;
            }

            writer.Line("// The samples no block covered (all of them on the scalar path), one at a time.");
        }

        /// <summary>The runtime's path choice for products of this layout.</summary>
        private static string ProductPathChoice(bool componentMajor) => componentMajor ? "ComponentMajorProducts" : "SampleMajorProducts";

        /// <summary>The lane buffer of a sample-major block kernel: components × lanes values, on the stack when small; empty unless <paramref name="condition"/> holds, when given.</summary>
        private static void WriteLaneBuffer(IndentedWriter writer, ProductShape shape, Lane lane, string name, int components, string? condition = null)
        {
            int maxLanes = shape.T == "float" ? 16 : 8;
            int bytes = components * maxLanes * (shape.T == "float" ? 4 : 8);
            string allocation = bytes <= StackBufferBytes ? $"stackalloc {shape.T}[{components} * lanes]" : $"new {shape.T}[{components} * lanes]";
            if (condition is not null) allocation = $"{condition} ? {allocation} : default";
            writer.Line($"global::System.Span<{shape.T}> {name} = {allocation};");
        }

        private static void WriteForwardBlocks(IndentedWriter writer, ProductShape shape, Lane lane)
        {
            string t = shape.T, name = shape.Method.Name;
            writer.Line($"/// <summary>{name} on whole blocks of {lane.Vector}&lt;{t}&gt;.Count samples, one per lane; returns the number of samples done.</summary>");
            writer.Line(GeneratedCode);
            writer.Line(Optimized);
            using (writer.Block($"private static int {name}Blocks{lane.Suffix}(ref {t} x1Start, ref {t} x2Start, ref {t} w, ref {t} outputStart, int batch)"))
            {
                writer.Line($"int lanes = {lane.Count};");
                WriteCoefficientsReference(writer, shape);
                if (shape.ComponentMajor)
                    WriteComponentMajorBlocks(writer, shape, lane);
                else
                    WriteSampleMajorBlocks(writer, shape, lane);
                writer.Line("return b;");
            }
        }

        /// <summary>
        /// Component-major: a block's component i is already one register, x1[i * batch + b …]; the paths read the inputs and
        /// write the output in place, a stride of batch apart, each output row stored once (or zeroed first, then summed into).
        /// The units run one after another over a chunk of <see cref="ChunkBlocks"/> blocks rather than all units per block:
        /// per block, the lmax = 4 full product stores one register into each of 625 rows 4 · batch bytes apart, a different
        /// page each, and the page walks dominated (12.8 ms against 5.5 ms sample-major at batch 10,000).
        /// </summary>
        private static void WriteComponentMajorBlocks(IndentedWriter writer, ProductShape shape, Lane lane)
        {
            writer.Line("// The rows are read and written in place: component i of the block's samples is one register, batch elements from the next.");
            writer.Line($"// Unit by unit over a chunk of {ChunkBlocks} blocks: each unit's output rows are written as runs of the chunk's samples, a few pages at a time,");
            writer.Line("// not every output row (batch elements from the next, a page or more apart at large batches) once per block.");
            writer.Line("int b = batch - batch % lanes;");
            using (writer.Block($"for (int chunk = 0; chunk < b; chunk += {ChunkBlocks} * lanes)"))
            {
                writer.Line($"int end = global::System.Math.Min(chunk + {ChunkBlocks} * lanes, b);");
                if (shape.Zeroed.Count > 0) WriteZeroedRowsComment(writer, shape);
                foreach ((int start, int count) in shape.Zeroed)
                {
                    using (writer.Block($"for (nint k = {start}; k < {start + count}; k++)"))
                    using (writer.Block("for (int s = chunk; s < end; s += lanes)"))
                        writer.Line(lane.Store(lane.Zero, "outputStart", "k * batch + s"));
                }

                foreach (ForwardUnit unit in shape.Units)
                {
                    using (writer.Block("for (int s = chunk; s < end; s += lanes)"))
                    {
                        string ws = WeightsOfSample(writer, shape, "w", "s");
                        writer.Line($"{UnitMethod(shape, unit, lane.Suffix)}{UnitArguments(unit, $"{UnsafeType}.Add(ref x1Start, s)", $"{UnsafeType}.Add(ref x2Start, s)", ws, $"{UnsafeType}.Add(ref outputStart, s)", ", batch")};");
                    }
                }
            }
        }

        /// <summary>The blocks one component-major chunk spans: each unit runs over all of them before the next unit starts.</summary>
        private const int ChunkBlocks = 64;

        /// <summary>
        /// Sample-major: the block's samples are transposed into lanes (one register per component), the paths run there,
        /// and the output is transposed back whole: in place, or past <c>ProductOutput.ThresholdBytes</c> into a staging
        /// area whose whole 64-byte lines go out with non-temporal stores (by default past the last-level cache; see
        /// <c>ProductOutput.DefaultThresholdBytes</c> for the A/B it rests on).
        /// </summary>
        private static void WriteSampleMajorBlocks(IndentedWriter writer, ProductShape shape, Lane lane)
        {
            string t = shape.T;
            writer.Line($"// The block in lanes: x1 ({shape.Dim1} rows), x2 ({shape.Dim2}), output ({shape.DimOut}){(shape.PerSample ? $", weights ({shape.WeightCount})" : string.Empty)}, each row one register;");
            writer.Line("// samples are transposed in and out, so the output is written once, whole.");
            WriteLaneBuffer(writer, shape, lane, "buffer", shape.Dim1 + shape.Dim2 + shape.DimOut + (shape.PerSample ? shape.WeightCount : 0));
            writer.Line($"ref {t} a = ref {Marshal}.GetReference(buffer);");
            writer.Line($"ref {t} c = ref {UnsafeType}.Add(ref a, {shape.Dim1} * lanes);");
            writer.Line($"ref {t} o = ref {UnsafeType}.Add(ref c, {shape.Dim2} * lanes);");
            if (shape.PerSample) writer.Line($"ref {t} ws = ref {UnsafeType}.Add(ref o, {shape.DimOut} * lanes);");
            if (shape.Zeroed.Count > 0) writer.Line($"global::System.Span<{t}> outputLanes = buffer.Slice({shape.Dim1 + shape.Dim2} * lanes, {shape.DimOut} * lanes);");
            writer.Line("// Outputs past ProductOutput.ThresholdBytes stream: each block's samples are staged, then written a whole 64-byte line at a time with non-temporal stores.");
            writer.Line($"bool stream = {ProductOutput}.Streams<{t}>((long)batch * {shape.DimOut});");
            WriteLaneBuffer(writer, shape, lane, "staging", shape.DimOut, "stream");
            writer.Line($"ref {t} stagingStart = ref {Marshal}.GetReference(staging);");
            writer.Line("int b = 0;");
            using (writer.Block("for (; b <= batch - lanes; b += lanes)"))
            {
                writer.Line(ToLanes("x1Start", shape.Dim1, "a"));
                writer.Line(ToLanes("x2Start", shape.Dim2, "c"));
                if (shape.PerSample) writer.Line(ToLanes("w", shape.WeightCount, "ws"));
                WriteZeroedRowsComment(writer, shape);
                foreach ((int start, int count) in shape.Zeroed)
                    writer.Line($"outputLanes.Slice({start} * lanes, {count} * lanes).Clear();");
                foreach (ForwardUnit unit in shape.Units)
                    writer.Line($"{UnitMethod(shape, unit, lane.Suffix)}{UnitArguments(unit, "a", "c", shape.PerSample ? "ws" : "w", "o", string.Empty)};");
                writer.Line($"if (stream) {ProductOutput}.StreamFromLanes(ref o, {shape.DimOut}, lanes, ref stagingStart, ref {UnsafeType}.Add(ref outputStart, b * {shape.DimOut}));");
                writer.Line($"else {Lanes}.FromLanes(ref o, {shape.DimOut}, lanes, ref {UnsafeType}.Add(ref outputStart, b * {shape.DimOut}));");
            }

            writer.Line($"if (stream) {ProductOutput}.Fence();");
        }

        private static void WriteZeroedRowsComment(IndentedWriter writer, ProductShape shape) =>
            writer.Line(shape.Zeroed.Count == 0
                ? "// Each output row is stored once, by the first path into its term: nothing is cleared first."
                : "// The output rows no path overwrites start from zero; every other row is stored once, by the first path into its term.");

        /// <summary>The call transposing the block's samples of <paramref name="dim"/> components at <paramref name="start"/> into lanes.</summary>
        private static string ToLanes(string start, int dim, string lanes) =>
            $"{Lanes}.ToLanes(ref {UnsafeType}.Add(ref {start}, b * {dim}), {dim}, lanes, ref {lanes});";

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
                        writer.Line($"{UnsafeType}.Add(ref gw, iw) += {lane.Sum(lane.Load("gwLanes", "iw * lanes"))};");
                }

                writer.Line("return b;");
            }
        }
    }
}
