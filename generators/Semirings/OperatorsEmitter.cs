using TensorGen.Generators.Common;
using TensorGen.Generators.Semirings.Baking;

namespace TensorGen.Generators.Semirings;

/// <summary>
/// Emits the nested <c>Operators</c> struct: the scalar operations (the declaration's own members) and the
/// lowered vector operations for 128, 256 and 512 bits, which the hand-written drivers call.
/// </summary>
internal static class OperatorsEmitter
{
    private static readonly string[] Parameters = { "x", "y" };

    public static string Write(SemiringModel model)
    {
        var writer = new IndentedWriter();
        string lane = model.Element.Lane();
        using (SemiringGenerator.Emit.OpenType(writer, model, baseList: null))
        {
            writer.Line("/// <summary>");
            writer.Line($"/// The operators of <see cref=\"{model.Name}\"/> for the TensorGen drivers: scalar forms call the declaration's");
            writer.Line("/// own members; vector forms are its Add and Multiply lowered lane by lane.");
            writer.Line("/// </summary>");
            writer.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
            using (writer.Block($"public readonly partial struct {model.OperatorsName} : global::TensorGen.Kernels.ISemiringOps<{lane}>"))
            {
                WriteScalar(writer, model);
                foreach (int width in new[] { 128, 256, 512 })
                {
                    writer.Line();
                    WriteVector(writer, model, width);
                }

                writer.Line();
                WriteTiles(writer, model);
            }
        }

        return writer.ToString();
    }

    private static void WriteScalar(IndentedWriter writer, SemiringModel model)
    {
        string lane = model.Element.Lane();
        const string Inline = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";
        if (model.Element == ElementKind.Boolean)
        {
            // bool lanes are bytes holding 0 or 1.
            writer.Line("/// <inheritdoc/>");
            writer.Line($"public static byte Zero => {model.FullName}.Zero ? (byte)1 : (byte)0;");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line($"public static byte One => {model.FullName}.One ? (byte)1 : (byte)0;");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line($"public static bool IsAddIdempotent => {Bool(model.IsAddIdempotent)};");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line(Inline);
            writer.Line($"public static byte Add(byte x, byte y) => {model.FullName}.Add(x != 0, y != 0) ? (byte)1 : (byte)0;");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line(Inline);
            writer.Line($"public static byte Multiply(byte x, byte y) => {model.FullName}.Multiply(x != 0, y != 0) ? (byte)1 : (byte)0;");
            return;
        }

        writer.Line("/// <inheritdoc/>");
        writer.Line($"public static {lane} Zero => {model.FullName}.Zero;");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line($"public static {lane} One => {model.FullName}.One;");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line($"public static bool IsAddIdempotent => {Bool(model.IsAddIdempotent)};");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line(Inline);
        writer.Line($"public static {lane} Add({lane} x, {lane} y) => {model.FullName}.Add(x, y);");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line(Inline);
        writer.Line($"public static {lane} Multiply({lane} x, {lane} y) => {model.FullName}.Multiply(x, y);");
        if (IsPlusTimes(model))
        {
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line("public static bool IsFusedMultiplyAdd => true;");
        }
    }

    private static void WriteVector(IndentedWriter writer, SemiringModel model, int width)
    {
        var vectors = new VectorExpressionWriter(width, model.Element);
        string v = vectors.VectorType;
        const string Inline = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";
        string vectorClass = "global::System.Runtime.Intrinsics.Vector" + width;

        writer.Line("/// <inheritdoc/>");
        writer.Line(Inline);
        writer.Line($"public static {v} Add({v} x, {v} y)");
        writer.Line($"    => {vectors.Value(model.Add, Parameters)};");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line(Inline);
        writer.Line($"public static {v} Multiply({v} x, {v} y)");
        writer.Line($"    => {vectors.Value(model.Multiply, Parameters)};");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line(Inline);
        writer.Line($"public static {v} MultiplyAdd({v} accumulator, {v} x, {v} y)");
        if (IsPlusTimes(model))
        {
            // plus-times over floating point: one fused (or mul + add) instruction, within the k·u·|A||B| bound.
            writer.Line($"    => {vectorClass}.MultiplyAddEstimate(x, y, accumulator);");
        }
        else
        {
            writer.Line("    => Add(accumulator, Multiply(x, y));");
        }
    }

    private static void WriteTiles(IndentedWriter writer, SemiringModel model)
    {
        MicroKernelShape scalar = MicroKernelShape.Scalar;
        string scalarTile = $"new({scalar.Rows}, {scalar.Columns(model.Element)})";
        if (model.Baked is { Shape: MicroKernelShape baked })
        {
            writer.Line("/// <summary>");
            writer.Line($"/// The register tile (rows x columns of C) of the primary micro-kernel. This build is baked for {baked.IsaName}");
            writer.Line($"/// ({baked.VariantName} tile): every other path runs the scalar kernel.");
            writer.Line("/// </summary>");
            writer.Line("public static global::TensorGen.Kernels.MicroTile Tile(global::TensorGen.VectorPath path) =>");
            writer.Line($"    Tile(path, global::TensorGen.Kernels.TileVariant.{baked.VariantName});");
            writer.Line();
            writer.Line("/// <summary>The register tile of the baked micro-kernel on its path; the scalar tile elsewhere.</summary>");
            writer.Line("public static global::TensorGen.Kernels.MicroTile Tile(global::TensorGen.VectorPath path, global::TensorGen.Kernels.TileVariant variant) =>");
            if (baked.Width == 0)
            {
                writer.Line($"    {scalarTile};");
            }
            else
            {
                writer.Line($"    path == global::TensorGen.VectorPath.{baked.IsaName} && variant == global::TensorGen.Kernels.TileVariant.{baked.VariantName}");
                writer.Line($"        ? new({baked.Rows}, {baked.Columns(model.Element)}) : {scalarTile};");
            }

            return;
        }

        writer.Line("/// <summary>The register tile (rows x columns of C) of each path's primary micro-kernel.</summary>");
        writer.Line("public static global::TensorGen.Kernels.MicroTile Tile(global::TensorGen.VectorPath path) =>");
        writer.Line("    Tile(path, global::TensorGen.Kernels.TileVariant.Primary);");
        writer.Line();
        writer.Line("/// <summary>The register tile (rows x columns of C) of each path's primary and alternate micro-kernels.</summary>");
        writer.Line("public static global::TensorGen.Kernels.MicroTile Tile(global::TensorGen.VectorPath path, global::TensorGen.Kernels.TileVariant variant) =>");
        writer.Line("    (path, variant) switch");
        writer.Line("    {");
        for (int i = 0; i < MicroKernelShape.Primary.Length; i++)
        {
            MicroKernelShape primary = MicroKernelShape.Primary[i], alternate = MicroKernelShape.Alternates[i];
            writer.Line($"        (global::TensorGen.VectorPath.{alternate.IsaName}, global::TensorGen.Kernels.TileVariant.Alternate) => new({alternate.Rows}, {alternate.Columns(model.Element)}),");
            writer.Line($"        (global::TensorGen.VectorPath.{primary.IsaName}, _) => new({primary.Rows}, {primary.Columns(model.Element)}),");
        }

        writer.Line($"        _ => {scalarTile},");
        writer.Line("    };");
    }

    private static bool IsPlusTimes(SemiringModel model) =>
        model.Element.IsFloatingPoint()
        && model.Add is BinaryExpr { Operator: BinaryOperator.Add, Left: ParameterExpr { Index: 0 }, Right: ParameterExpr { Index: 1 } }
        && model.Multiply is BinaryExpr { Operator: BinaryOperator.Multiply, Left: ParameterExpr { Index: 0 }, Right: ParameterExpr { Index: 1 } };

    private static string Bool(bool value) => value ? "true" : "false";
}
