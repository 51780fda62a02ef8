using TensorGen.Generators.Common;

namespace TensorGen.Generators.Semirings;

/// <summary>
/// Emits the public kernels on the semiring struct itself (<c>ISemiringKernels&lt;TSelf, T&gt;</c>): each one
/// forwards to the hand-written driver with the generated <c>Operators</c>. Bool spans are reinterpreted as
/// byte lanes holding 0 or 1.
/// </summary>
internal static class ApiEmitter
{
    private const string Drivers = "global::TensorGen.Kernels.SemiringDrivers";
    private const string Transpose = "global::TensorGen.Transpose";

    public static string Write(SemiringModel model)
    {
        var writer = new IndentedWriter();
        string t = model.Element.Keyword();
        string lane = model.Element.Lane();
        string ro = $"global::System.ReadOnlySpan<{t}>";
        string rw = $"global::System.Span<{t}>";
        string call = $"<{model.OperatorsName}, {lane}>";
        using (SemiringGenerator.Emit.OpenType(writer, model, $"global::TensorGen.ISemiringKernels<{model.Name}, {t}>"))
        {
            writer.Line("/// <inheritdoc/>");
            writer.Line($"public static bool IsAddIdempotent => {(model.IsAddIdempotent ? "true" : "false")};");
            writer.Line();

            writer.Line("/// <inheritdoc/>");
            writer.Line($"public static void MatMul({ro} a, {ro} b, {rw} c, int m, int n, int k)");
            writer.Line($"    => {Drivers}.MatMul{call}({Lanes(model, "a")}, {Lanes(model, "b")}, {Lanes(model, "c")}, m, n, k, accumulate: false);");
            writer.Line();

            writer.Line("/// <inheritdoc/>");
            writer.Line($"public static void MatMulAdd({ro} a, {ro} b, {rw} c, int m, int n, int k)");
            writer.Line($"    => {Drivers}.MatMul{call}({Lanes(model, "a")}, {Lanes(model, "b")}, {Lanes(model, "c")}, m, n, k, accumulate: true);");
            writer.Line();

            writer.Line("/// <inheritdoc/>");
            writer.Line($"public static void MatMul({ro} a, int lda, {Transpose} transposeA, {ro} b, int ldb, {Transpose} transposeB,");
            writer.Line($"                          {rw} c, int ldc, int m, int n, int k, bool accumulate)");
            writer.Line($"    => {Drivers}.MatMul{call}({Lanes(model, "a")}, lda, transposeA, {Lanes(model, "b")}, ldb, transposeB, {Lanes(model, "c")}, ldc, m, n, k, accumulate);");
            writer.Line();

            writer.Line("/// <inheritdoc/>");
            writer.Line($"public static void MatVec({ro} a, {ro} x, {rw} y, int m, int n)");
            writer.Line($"    => {Drivers}.MatVec{call}({Lanes(model, "a")}, {Lanes(model, "x")}, {Lanes(model, "y")}, m, n);");
            writer.Line();

            writer.Line("/// <inheritdoc/>");
            writer.Line($"public static void MatVec({ro} a, int lda, {Transpose} transposeA, {ro} x, {rw} y, int m, int n, bool accumulate)");
            writer.Line($"    => {Drivers}.MatVec{call}({Lanes(model, "a")}, lda, transposeA, {Lanes(model, "x")}, {Lanes(model, "y")}, m, n, accumulate);");
            writer.Line();

            writer.Line("/// <inheritdoc/>");
            writer.Line($"public static {t} Dot({ro} x, {ro} y)");
            writer.Line(model.Element == ElementKind.Boolean
                ? $"    => {Drivers}.Dot{call}({Lanes(model, "x")}, {Lanes(model, "y")}) != 0;"
                : $"    => {Drivers}.Dot{call}(x, y);");
            writer.Line();

            writer.Line("/// <inheritdoc/>");
            writer.Line($"public static void Add({ro} x, {ro} y, {rw} destination)");
            writer.Line($"    => {Drivers}.Add{call}({Lanes(model, "x")}, {Lanes(model, "y")}, {Lanes(model, "destination")});");
            writer.Line();

            writer.Line("/// <inheritdoc/>");
            writer.Line($"public static void Multiply({ro} x, {ro} y, {rw} destination)");
            writer.Line($"    => {Drivers}.Multiply{call}({Lanes(model, "x")}, {Lanes(model, "y")}, {Lanes(model, "destination")});");
            writer.Line();

            writer.Line("/// <inheritdoc/>");
            writer.Line($"public static void Closure({rw} a, int n)");
            writer.Line($"    => {Drivers}.Closure{call}({Lanes(model, "a")}, n);");
            writer.Line();

            WriteTensorOverloads(writer, model);
        }

        return writer.ToString();
    }

    private static void WriteTensorOverloads(IndentedWriter writer, SemiringModel model)
    {
        string t = model.Element.Keyword();
        string lane = model.Element.Lane();
        string tensors = "global::System.Numerics.Tensors";
        writer.Line("/// <summary>");
        writer.Line("/// <paramref name=\"c\"/> = <paramref name=\"a\"/> ⊗ <paramref name=\"b\"/> on rank-2 tensor spans. Each operand may be");
        writer.Line("/// row-major or column-major (a transposed view) with any leading stride; <paramref name=\"c\"/> must be row-major.");
        writer.Line("/// </summary>");
        writer.Line($"public static void MatMul(in {tensors}.ReadOnlyTensorSpan<{t}> a, in {tensors}.ReadOnlyTensorSpan<{t}> b, in {tensors}.TensorSpan<{t}> c)");
        writer.Line($"    => global::TensorGen.Kernels.TensorArguments.MatMul<{model.OperatorsName}, {t}, {lane}>(a, b, c, accumulate: false);");
        writer.Line();
        writer.Line("/// <summary><paramref name=\"c\"/> = <paramref name=\"c\"/> ⊕ <paramref name=\"a\"/> ⊗ <paramref name=\"b\"/> on rank-2 tensor spans; layouts as for MatMul.</summary>");
        writer.Line($"public static void MatMulAdd(in {tensors}.ReadOnlyTensorSpan<{t}> a, in {tensors}.ReadOnlyTensorSpan<{t}> b, in {tensors}.TensorSpan<{t}> c)");
        writer.Line($"    => global::TensorGen.Kernels.TensorArguments.MatMul<{model.OperatorsName}, {t}, {lane}>(a, b, c, accumulate: true);");
    }

    /// <summary>The span as the drivers see it: unchanged, or reinterpreted as bytes for bool.</summary>
    private static string Lanes(SemiringModel model, string name) =>
        model.Element == ElementKind.Boolean
            ? $"global::System.Runtime.InteropServices.MemoryMarshal.Cast<bool, byte>({name})"
            : name;
}
