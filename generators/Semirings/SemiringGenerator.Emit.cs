using System.Collections.Generic;
using System.Threading;
using TensorGen.Generators.Common;
using TensorGen.Generators.Semirings.Baking;

namespace TensorGen.Generators.Semirings;

public sealed partial class SemiringGenerator
{
    /// <summary>
    /// The output step: one file for the public kernels, one for the operators, one per micro-kernel ISA; a baked
    /// build has the scalar and the baked ISA's micro-kernels only, and one file saying what was baked.
    /// </summary>
    internal static class Emit
    {
        public static IEnumerable<(string Part, string Text)> Files(SemiringModel model, CancellationToken cancellationToken)
        {
            yield return (".Kernels", ApiEmitter.Write(model));
            cancellationToken.ThrowIfCancellationRequested();
            yield return (".Operators", OperatorsEmitter.Write(model));
            foreach (MicroKernelShape shape in Shapes(model))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return (".MicroKernel." + shape.HintName, MicroKernelEmitter.Write(model, shape));
            }

            if (model.Baked is not null)
            {
                yield return (".Baked", BakedEmitter.Write(model, model.Baked));
            }
        }

        /// <summary>Every ISA's micro-kernel; a baked build only the scalar one and the baked one.</summary>
        private static MicroKernelShape[] Shapes(SemiringModel model) => model.Baked switch
        {
            null => MicroKernelShape.All,
            { Shape.Width: 0 } => new[] { MicroKernelShape.Scalar },
            { Shape: MicroKernelShape baked } => new[] { MicroKernelShape.Scalar, baked },
        };

        /// <summary>Opens the namespace and the partial declarations of the containing types and the struct itself.</summary>
        public static Scopes OpenType(IndentedWriter writer, SemiringModel model, string? baseList)
        {
            Scopes scopes = GeneratedFile.Open(writer, "the [Semiring] declaration of " + model.Name, model.Namespace, model.ContainingTypes);
            if (baseList is not null)
            {
                // The attribute goes on the one part that also adds the interface, so it is not duplicated.
                writer.Line(GeneratedFile.GeneratedCode);
            }

            scopes.Push(writer.Block($"partial {model.Keyword} {model.Name}{(baseList is null ? string.Empty : " : " + baseList)}"));
            return scopes;
        }
    }
}
