using System.Collections.Generic;
using System.Threading;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Precision;

public sealed partial class PrecisionGenerator
{
    /// <summary>The output step: one file per method, the implementing part of the partial method.</summary>
    internal static class Emit
    {
        public static IEnumerable<(string Part, string Text)> Files(PrecisionMethodModel model, CancellationToken cancellationToken) =>
            [(string.Empty, Write(model))];

        public static string Write(PrecisionMethodModel model)
        {
            var writer = new IndentedWriter();
            PartialMethod method = model.Method;
            using (GeneratedFile.Open(writer, $"the [Compressed{model.Operation}(StorageFormat.{model.Storage})] declaration of {method.Name}",
                                      method.Namespace, method.ContainingTypes))
            {
                writer.Line($"// {StorageSignatures.Description(model.Storage, model.Operation)}.");
                writer.Line(GeneratedFile.GeneratedCode);
                writer.Line(method.Signature);
                string kernel = StorageSignatures.Kernel(model.Storage, model.Operation);
                writer.Line($"    => global::TensorGen.Precision.PrecisionKernels.{kernel}({string.Join(", ", method.ParameterNames)});");
            }

            return writer.ToString();
        }
    }
}
