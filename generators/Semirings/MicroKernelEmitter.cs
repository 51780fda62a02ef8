using System.Collections.Generic;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Semirings;

/// <summary>
/// Emits one register-tiled micro-kernel per ISA: rows x vectors accumulators held in registers over the
/// whole kc loop, B loaded once per step, A broadcast per row. Each step is <c>acc ⊕ (a ⊗ b)</c>.
/// </summary>
internal static class MicroKernelEmitter
{
    private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";

    // Hot loops are compiled fully optimized at once: under tiered compilation they would first run as
    // tier-0 / on-stack-replacement code, measured here at a third of the optimized speed.
    private const string Optimize = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]";

    public static string Write(SemiringModel model, MicroKernelShape shape)
    {
        var writer = new IndentedWriter();
        using (SemiringGenerator.Emit.OpenType(writer, model, baseList: null))
        {
            using (writer.Block($"partial struct {model.OperatorsName}"))
            {
                if (shape.Width == 0)
                {
                    WriteScalar(writer, model, shape);
                }
                else
                {
                    WriteVector(writer, model, shape);
                }
            }
        }

        return writer.ToString();
    }

    private static void WriteVector(IndentedWriter writer, SemiringModel model, MicroKernelShape shape)
    {
        string lane = model.Element.Lane();
        string vectorClass = "global::System.Runtime.Intrinsics.Vector" + shape.Width;
        string vector = $"{vectorClass}<{lane}>";
        int lanes = shape.Lanes(model.Element);
        int columns = shape.Columns(model.Element);

        writer.Line("/// <summary>");
        writer.Line($"/// {shape.Rows} x {columns} tile on Vector{shape.Width}&lt;{lane}&gt;: {shape.Rows * shape.Vectors} accumulators, {shape.Vectors} B vectors and one A broadcast per step.");
        writer.Line("/// </summary>");
        writer.Line(Optimize);
        using (writer.Block($"public static void {shape.MethodName}(int kc, ref {lane} a, ref {lane} b, ref {lane} c, nint ldc, bool accumulate)"))
        {
            for (int r = 1; r < shape.Rows; r++)
            {
                writer.Line($"ref {lane} row{r} = ref {Unsafe}.Add(ref c, ldc * {r});");
            }

            writer.Line($"{vector} {string.Join(", ", Accumulators(shape))};");
            using (writer.Block("if (accumulate)"))
            {
                for (int r = 0; r < shape.Rows; r++)
                {
                    for (int v = 0; v < shape.Vectors; v++)
                    {
                        writer.Line($"c{r}_{v} = {vectorClass}.LoadUnsafe(ref {Row(r)}, {v * lanes});");
                    }
                }
            }

            using (writer.Block("else"))
            {
                writer.Line($"{vector} zero = {vectorClass}.Create(Zero);");
                foreach (string accumulator in Accumulators(shape))
                {
                    writer.Line($"{accumulator} = zero;");
                }
            }

            writer.Line();
            GuardedProduct? guarded = GuardedProduct.Find(model);
            if (guarded is not null)
            {
                WriteGuardBuffer(writer, model, shape, guarded);
            }

            using (writer.Block("for (int p = 0; p < kc; p++)"))
            {
                if (guarded is not null)
                {
                    WriteGuardedStep(writer, model, shape, guarded);
                }
                else
                {
                    for (int v = 0; v < shape.Vectors; v++)
                    {
                        writer.Line($"{vector} b{v} = {vectorClass}.LoadUnsafe(ref b, {v * lanes});");
                    }

                    for (int r = 0; r < shape.Rows; r++)
                    {
                        writer.Line($"{vector} a{r} = {vectorClass}.Create({Unsafe}.Add(ref a, {r}));");
                        for (int v = 0; v < shape.Vectors; v++)
                        {
                            writer.Line($"c{r}_{v} = MultiplyAdd(c{r}_{v}, a{r}, b{v});");
                        }
                    }
                }

                writer.Line($"a = ref {Unsafe}.Add(ref a, {shape.Rows});");
                writer.Line($"b = ref {Unsafe}.Add(ref b, {columns});");
            }

            writer.Line();
            for (int r = 0; r < shape.Rows; r++)
            {
                for (int v = 0; v < shape.Vectors; v++)
                {
                    writer.Line($"{vectorClass}.StoreUnsafe(c{r}_{v}, ref {Row(r)}, {v * lanes});");
                }
            }
        }
    }

    /// <summary>
    /// The guards of a guarded ⊗ (see <see cref="GuardedProduct"/>): a buffer of 2 x vectors, this step's B guards
    /// followed by as many all-Zero vectors, which a row whose A value is Zero reads instead (⊕'s identity everywhere).
    /// </summary>
    private static void WriteGuardBuffer(IndentedWriter writer, SemiringModel model, MicroKernelShape shape, GuardedProduct guarded)
    {
        string vectorClass = "global::System.Runtime.Intrinsics.Vector" + shape.Width;
        string vector = $"{vectorClass}<{model.Element.Lane()}>";
        writer.Line($"// Guarded ⊗: a lane guard is {guarded.Zero} where a side is Zero and {guarded.Other} elsewhere, so {Clamp(guarded)}(product, guard)");
        writer.Line($"// is {guarded.Zero}, ⊕'s identity, where either side is Zero and the product elsewhere. guards holds this step's B guards,");
        writer.Line("// then all-Zero guards for rows whose A value is Zero: each row picks its half without a branch.");
        writer.Line($"global::System.Span<{vector}> guardBuffer = stackalloc {vector}[{2 * shape.Vectors}];");
        writer.Line($"ref {vector} guards = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(guardBuffer);");
        for (int v = 0; v < shape.Vectors; v++)
        {
            writer.Line($"{Unsafe}.Add(ref guards, {shape.Vectors + v}) = {vectorClass}.Create({guarded.Zero});");
        }

        writer.Line();
    }

    /// <summary>
    /// One k step for a guarded ⊗: each B vector's guard once, each A value's test once per row (a scalar compare that
    /// selects the row's guards), then <c>acc = ⊕(acc, clamp(body, guard))</c>: three instructions per accumulator.
    /// </summary>
    private static void WriteGuardedStep(IndentedWriter writer, SemiringModel model, MicroKernelShape shape, GuardedProduct guarded)
    {
        string vectorClass = "global::System.Runtime.Intrinsics.Vector" + shape.Width;
        string lane = model.Element.Lane();
        string vector = $"{vectorClass}<{lane}>";
        int lanes = shape.Lanes(model.Element);
        var values = new VectorExpressionWriter(shape.Width, model.Element);
        string add = guarded.AddIsMin ? "Min" : "Max", clamp = Clamp(guarded);
        for (int v = 0; v < shape.Vectors; v++)
        {
            writer.Line($"{vector} b{v} = {vectorClass}.LoadUnsafe(ref b, {v * lanes});");
            writer.Line($"{Unsafe}.Add(ref guards, {v}) = {vectorClass}.Equals(b{v}, {vectorClass}.Create({guarded.Zero})) ^ {vectorClass}.Create({guarded.Other});");
        }

        for (int r = 0; r < shape.Rows; r++)
        {
            writer.Line($"{lane} a{r}Value = {Unsafe}.Add(ref a, {r});");
            writer.Line($"{vector} a{r} = {vectorClass}.Create(a{r}Value);");
            writer.Line($"ref {vector} guards{r} = ref {Unsafe}.Add(ref guards, (nint){Unsafe}.BitCast<bool, byte>(a{r}Value == {guarded.Zero}) * {shape.Vectors});");
            for (int v = 0; v < shape.Vectors; v++)
            {
                string product = values.Value(guarded.Body, new[] { $"a{r}", $"b{v}" });
                string guard = v == 0 ? $"guards{r}" : $"{Unsafe}.Add(ref guards{r}, {v})";
                writer.Line($"c{r}_{v} = {vectorClass}.{add}(c{r}_{v}, {vectorClass}.{clamp}({product}, {guard}));");
            }
        }
    }

    private static string Clamp(GuardedProduct guarded) => guarded.AddIsMin ? "Max" : "Min";

    private static void WriteScalar(IndentedWriter writer, SemiringModel model, MicroKernelShape shape)
    {
        string lane = model.Element.Lane();
        int columns = shape.Columns(model.Element);
        writer.Line("/// <summary>");
        writer.Line($"/// {shape.Rows} x {columns} scalar tile calling the declaration's own Add and Multiply: the reference kernel");
        writer.Line("/// every vector path falls back to, and the one taken when no vector hardware is enabled.");
        writer.Line("/// </summary>");
        writer.Line(Optimize);
        using (writer.Block($"public static void {shape.MethodName}(int kc, ref {lane} a, ref {lane} b, ref {lane} c, nint ldc, bool accumulate)"))
        {
            for (int r = 1; r < shape.Rows; r++)
            {
                writer.Line($"ref {lane} row{r} = ref {Unsafe}.Add(ref c, ldc * {r});");
            }

            writer.Line($"{lane} {string.Join(", ", Accumulators(shape))};");
            using (writer.Block("if (accumulate)"))
            {
                for (int r = 0; r < shape.Rows; r++)
                {
                    for (int v = 0; v < shape.Vectors; v++)
                    {
                        writer.Line($"c{r}_{v} = {Unsafe}.Add(ref {Row(r)}, {v});");
                    }
                }
            }

            using (writer.Block("else"))
            {
                writer.Line($"{lane} zero = Zero;");
                foreach (string accumulator in Accumulators(shape))
                {
                    writer.Line($"{accumulator} = zero;");
                }
            }

            writer.Line();
            using (writer.Block("for (int p = 0; p < kc; p++)"))
            {
                for (int v = 0; v < shape.Vectors; v++)
                {
                    writer.Line($"{lane} b{v} = {Unsafe}.Add(ref b, {v});");
                }

                for (int r = 0; r < shape.Rows; r++)
                {
                    writer.Line($"{lane} a{r} = {Unsafe}.Add(ref a, {r});");
                    for (int v = 0; v < shape.Vectors; v++)
                    {
                        writer.Line($"c{r}_{v} = Add(c{r}_{v}, Multiply(a{r}, b{v}));");
                    }
                }

                writer.Line($"a = ref {Unsafe}.Add(ref a, {shape.Rows});");
                writer.Line($"b = ref {Unsafe}.Add(ref b, {columns});");
            }

            writer.Line();
            for (int r = 0; r < shape.Rows; r++)
            {
                for (int v = 0; v < shape.Vectors; v++)
                {
                    writer.Line($"{Unsafe}.Add(ref {Row(r)}, {v}) = c{r}_{v};");
                }
            }
        }
    }

    private static string Row(int r) => r == 0 ? "c" : "row" + r;

    private static IEnumerable<string> Accumulators(MicroKernelShape shape)
    {
        for (int r = 0; r < shape.Rows; r++)
        {
            for (int v = 0; v < shape.Vectors; v++)
            {
                yield return $"c{r}_{v}";
            }
        }
    }
}
