using System.Globalization;
using System.Text;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Semirings.Baking;

/// <summary>
/// Emits what a baked build adds to the operator struct: <c>Baked</c> (the path, tile and blocking the driver
/// takes) and, for each vector width the profile did not choose, a micro-kernel member that forwards to the
/// scalar kernel, so no code for that width's tile is generated.
/// </summary>
internal static class BakedEmitter
{
    public static string Write(SemiringModel model, BakedVariant baked)
    {
        var writer = new IndentedWriter();
        string lane = model.Element.Lane();
        MicroKernelShape shape = baked.Shape;
        int columns = shape.Columns(model.Element);
        using (SemiringGenerator.Emit.OpenType(writer, model, baseList: null))
        {
            using (writer.Block($"partial struct {model.OperatorsName}"))
            {
                writer.Line("/// <summary>");
                writer.Line($"/// Baked from the tuning profile '{Doc(baked.ProfileName)}' (tuned on '{Doc(baked.CpuIdentity)}', {Doc(baked.CreatedUtc)}):");
                writer.Line(string.Format(CultureInfo.InvariantCulture,
                    "/// the {0} {1} x {2} micro-kernel with kc = {3}, mc = {4}, nc = {5} (measured at {6:0.00}x the analytic model's speed).",
                    shape.IsaName, shape.Rows, columns, baked.Kc, baked.Mc, baked.Nc, baked.SpeedupOverModel));
                writer.Line("/// The GEMM driver runs it where the current vector path is at least as wide, else the scalar kernel.");
                writer.Line("/// </summary>");
                writer.Line("public static global::TensorGen.Kernels.BakedGemm? Baked =>");
                writer.Line(string.Format(CultureInfo.InvariantCulture,
                    "    new global::TensorGen.Kernels.BakedGemm(global::TensorGen.VectorPath.{0}, new({1}, {2}), new({3}, {4}, {5}), global::TensorGen.Kernels.TileVariant.{6});",
                    shape.IsaName, shape.Rows, columns, baked.Kc, baked.Mc, baked.Nc, shape.VariantName));
                foreach (MicroKernelShape other in MicroKernelShape.All)
                {
                    if (other.Width == 0 || other == shape)
                    {
                        continue;
                    }

                    writer.Line();
                    writer.Line("/// <summary>");
                    writer.Line($"/// Not generated in this build, which is baked for the {shape.IsaName} {shape.Rows} x {columns} tile: the driver never");
                    writer.Line($"/// takes the {other.IsaName} {other.Rows} x {other.Columns(model.Element)} tile here, and a direct call runs the scalar kernel.");
                    writer.Line("/// </summary>");
                    writer.Line($"public static void {other.MethodName}(int kc, ref {lane} a, ref {lane} b, ref {lane} c, nint ldc, bool accumulate)");
                    writer.Line($"    => {MicroKernelShape.Scalar.MethodName}(kc, ref a, ref b, ref c, ldc, accumulate);");
                }
            }
        }

        return writer.ToString();
    }

    /// <summary>Text from the profile made safe for one line of an XML doc comment.</summary>
    private static string Doc(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ when char.IsControl(c) || c == '\u2028' || c == '\u2029' => " ",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }
}
