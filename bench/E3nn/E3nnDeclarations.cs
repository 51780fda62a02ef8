using System;
using TensorGen.Equivariant;

namespace TensorGen.Bench.E3nn;

/// <summary>
/// The declarations <c>bench e3nn-export</c> evaluates, f64, each one e3nn can build from the same arguments: the
/// harmonics in all three normalizations (and without normalizing the vectors), the full products of l ≤ 2 and l ≤ 4,
/// a fully connected and an element-wise product, and one product of every mode with a path weight and the 'norm' /
/// 'path' normalizations (every 'uvw' instruction weighted: e3nn rejects an unweighted one, which TensorGen reads as
/// all weights 1).
/// </summary>
internal static partial class E3nnDeclarations
{
    [SphericalHarmonics(6)]
    public static partial void ShIntegral(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z, Span<double> output);

    [SphericalHarmonics(6, Normalization = ShNormalization.Component)]
    public static partial void ShComponent(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z, Span<double> output);

    [SphericalHarmonics(4, Normalization = ShNormalization.Norm, Normalize = false)]
    public static partial void ShNormRaw(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z, Span<double> output);

    [TensorProduct("1x0e + 1x1o + 1x2e", "1x0e + 1x1o + 1x2e", "", Kind = TensorProductKind.Full)]
    public static partial void Full2(ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, Span<double> output, int batch);

    [TensorProduct("1x0e + 1x1o + 1x2e + 1x3o + 1x4e", "1x0e + 1x1o + 1x2e + 1x3o + 1x4e", "", Kind = TensorProductKind.Full)]
    public static partial void Full4(ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, Span<double> output, int batch);

    [TensorProduct("2x0e + 2x1o + 1x2e", "1x0e + 1x1o + 1x2e", "3x0e + 2x1o + 2x1e + 1x2e", Kind = TensorProductKind.FullyConnected)]
    public static partial void Connected(ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, ReadOnlySpan<double> weights, Span<double> output, int batch);

    [TensorProduct("2x1o + 1x2e", "1x0e + 2x1e", "", Kind = TensorProductKind.Elementwise)]
    public static partial void Elementwise(ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, Span<double> output, int batch);

    [TensorProduct("2x0e + 2x1o + 2x2e", "2x0e + 3x1o", "2x0e + 2x1o + 6x1e + 2x2e + 3x1o",
        Instructions = ModesInstructions, IrrepNormalization = IrrepNormalization.Norm, PathNormalization = PathNormalization.Path)]
    public static partial void Modes(ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, ReadOnlySpan<double> weights, Span<double> output, int batch);

    /// <summary>The instructions of <see cref="Modes"/>, in the syntax both TensorGen and the Python side read.</summary>
    public const string ModesInstructions =
        "(1, 1, 0, 'uvw', True), (1, 0, 1, 'uvu', True), (1, 1, 2, 'uvuv', True), (2, 0, 3, 'uuu', True), (2, 1, 4, 'uvw', True, 0.5), (0, 1, 1, 'uvu', False)";
}
