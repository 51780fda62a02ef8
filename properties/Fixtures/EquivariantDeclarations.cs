using System;
using TensorGen.Equivariant;

namespace TensorGen.Properties.Fixtures;

/// <summary>Spherical harmonics and tensor products declared as a user would, for the F# suite.</summary>
public static partial class EquivariantDeclarations
{
    /// <summary>Y_0…Y_8, component normalization, f64.</summary>
    [SphericalHarmonics(8, Normalization = ShNormalization.Component)]
    public static partial void Sh8Component(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z, Span<double> output);

    /// <summary>Y_0…Y_4, e3nn's default (integral) normalization, f32.</summary>
    [SphericalHarmonics(4)]
    public static partial void Sh4Single(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> output);

    /// <summary>Y_0…Y_6, norm normalization, unnormalized vectors, f64.</summary>
    [SphericalHarmonics(6, Normalization = ShNormalization.Norm, Normalize = false)]
    public static partial void Sh6NormRaw(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z, Span<double> output);

    /// <summary>Y_0…Y_3, integral normalization, f64 (for the gradients of normalized vectors).</summary>
    [SphericalHarmonics(3)]
    public static partial void Sh3(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z, Span<double> output);

    /// <summary>The full product of all l ≤ 4 with itself, no normalization: the output is the raw Clebsch–Gordan tensors.</summary>
    [TensorProduct("0e + 1o + 2e + 3o + 4e", "0e + 1o + 2e + 3o + 4e", "", Kind = TensorProductKind.Full,
        IrrepNormalization = IrrepNormalization.None, PathNormalization = PathNormalization.None)]
    public static partial void RawFull4(ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, Span<double> output, int batch);

    /// <summary>The example: full product of 1x0e + 1x1o + 1x2e with itself, f32.</summary>
    [TensorProduct("1x0e + 1x1o + 1x2e", "1x0e + 1x1o + 1x2e", "", Kind = TensorProductKind.Full)]
    public static partial void Full2Single(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch);

    /// <summary>The same in f64.</summary>
    [TensorProduct("1x0e + 1x1o + 1x2e", "1x0e + 1x1o + 1x2e", "", Kind = TensorProductKind.Full)]
    public static partial void Full2(ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, Span<double> output, int batch);

    /// <summary>The full product of all l ≤ 4 with itself, f32.</summary>
    [TensorProduct("0e + 1o + 2e + 3o + 4e", "0e + 1o + 2e + 3o + 4e", "", Kind = TensorProductKind.Full)]
    public static partial void Full4Single(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch);

    /// <summary>Fully connected, uvw with multiplicities, f64.</summary>
    [TensorProduct("2x0e + 2x1o + 1x2e", "1x0e + 1x1o + 1x2e", "3x0e + 2x1o + 2x1e + 1x2e", Kind = TensorProductKind.FullyConnected)]
    public static partial void Connected(ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, ReadOnlySpan<double> weights, Span<double> output, int batch);

    /// <summary>Fully connected in f32.</summary>
    [TensorProduct("2x0e + 2x1o + 1x2e", "1x0e + 1x1o + 1x2e", "3x0e + 2x1o + 2x1e + 1x2e", Kind = TensorProductKind.FullyConnected)]
    public static partial void ConnectedSingle(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> weights, Span<float> output, int batch);

    /// <summary>Element-wise: inputs re-split so their irreps pair up (2x1o + 1x2e against 1x0e + 2x1e), f64.</summary>
    [TensorProduct("2x1o + 1x2e", "1x0e + 2x1e", "", Kind = TensorProductKind.Elementwise)]
    public static partial void Elementwise(ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, Span<double> output, int batch);

    /// <summary>Every mode in one product, 'norm' / 'path' normalizations and a path weight, f64.</summary>
    [TensorProduct("2x0e + 2x1o + 2x2e", "2x0e + 3x1o", "2x0e + 2x1o + 6x1e + 2x2e + 3x1o",
        Instructions = "(1, 1, 0, 'uvw', True), (1, 0, 1, 'uvu', True), (1, 1, 2, 'uvuv', True), (2, 0, 3, 'uuu', True), (2, 1, 4, 'uvw', False, 0.5), (0, 1, 1, 'uvu', False)",
        IrrepNormalization = IrrepNormalization.Norm, PathNormalization = PathNormalization.Path)]
    public static partial void Modes(ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, ReadOnlySpan<double> weights, Span<double> output, int batch);

    /// <summary>The same in f32.</summary>
    [TensorProduct("2x0e + 2x1o + 2x2e", "2x0e + 3x1o", "2x0e + 2x1o + 6x1e + 2x2e + 3x1o",
        Instructions = "(1, 1, 0, 'uvw', True), (1, 0, 1, 'uvu', True), (1, 1, 2, 'uvuv', True), (2, 0, 3, 'uuu', True), (2, 1, 4, 'uvw', False, 0.5), (0, 1, 1, 'uvu', False)",
        IrrepNormalization = IrrepNormalization.Norm, PathNormalization = PathNormalization.Path)]
    public static partial void ModesSingle(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> weights, Span<float> output, int batch);

    /// <summary>Every mode, component-major layout, shared weights, f64.</summary>
    [TensorProduct("2x0e + 2x1o + 2x2e", "2x0e + 3x1o", "2x0e + 2x1o + 6x1e + 2x2e + 3x1o",
        Instructions = "(1, 1, 0, 'uvw', True), (1, 0, 1, 'uvu', True), (1, 1, 2, 'uvuv', True), (2, 0, 3, 'uuu', True), (2, 1, 4, 'uvw', False, 0.5), (0, 1, 1, 'uvu', False)",
        IrrepNormalization = IrrepNormalization.Norm, PathNormalization = PathNormalization.Path, Layout = BatchLayout.ComponentMajor)]
    public static partial void ModesMajor(ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, ReadOnlySpan<double> weights, Span<double> output, int batch);

    /// <summary>Every mode, component-major layout, shared weights, f32.</summary>
    [TensorProduct("2x0e + 2x1o + 2x2e", "2x0e + 3x1o", "2x0e + 2x1o + 6x1e + 2x2e + 3x1o",
        Instructions = "(1, 1, 0, 'uvw', True), (1, 0, 1, 'uvu', True), (1, 1, 2, 'uvuv', True), (2, 0, 3, 'uuu', True), (2, 1, 4, 'uvw', False, 0.5), (0, 1, 1, 'uvu', False)",
        IrrepNormalization = IrrepNormalization.Norm, PathNormalization = PathNormalization.Path, Layout = BatchLayout.ComponentMajor)]
    public static partial void ModesMajorSingle(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> weights, Span<float> output, int batch);

    /// <summary>Every mode, sample-major, one set of weights per sample, f64.</summary>
    [TensorProduct("2x0e + 2x1o + 2x2e", "2x0e + 3x1o", "2x0e + 2x1o + 6x1e + 2x2e + 3x1o",
        Instructions = "(1, 1, 0, 'uvw', True), (1, 0, 1, 'uvu', True), (1, 1, 2, 'uvuv', True), (2, 0, 3, 'uuu', True), (2, 1, 4, 'uvw', False, 0.5), (0, 1, 1, 'uvu', False)",
        IrrepNormalization = IrrepNormalization.Norm, PathNormalization = PathNormalization.Path, SharedWeights = false)]
    public static partial void ModesPerSample(ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, ReadOnlySpan<double> weights, Span<double> output, int batch);

    /// <summary>Every mode, sample-major, one set of weights per sample, f32.</summary>
    [TensorProduct("2x0e + 2x1o + 2x2e", "2x0e + 3x1o", "2x0e + 2x1o + 6x1e + 2x2e + 3x1o",
        Instructions = "(1, 1, 0, 'uvw', True), (1, 0, 1, 'uvu', True), (1, 1, 2, 'uvuv', True), (2, 0, 3, 'uuu', True), (2, 1, 4, 'uvw', False, 0.5), (0, 1, 1, 'uvu', False)",
        IrrepNormalization = IrrepNormalization.Norm, PathNormalization = PathNormalization.Path, SharedWeights = false)]
    public static partial void ModesPerSampleSingle(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> weights, Span<float> output, int batch);

    /// <summary>Every mode, component-major, one set of weights per sample, f64.</summary>
    [TensorProduct("2x0e + 2x1o + 2x2e", "2x0e + 3x1o", "2x0e + 2x1o + 6x1e + 2x2e + 3x1o",
        Instructions = "(1, 1, 0, 'uvw', True), (1, 0, 1, 'uvu', True), (1, 1, 2, 'uvuv', True), (2, 0, 3, 'uuu', True), (2, 1, 4, 'uvw', False, 0.5), (0, 1, 1, 'uvu', False)",
        IrrepNormalization = IrrepNormalization.Norm, PathNormalization = PathNormalization.Path, Layout = BatchLayout.ComponentMajor, SharedWeights = false)]
    public static partial void ModesPerSampleMajor(ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, ReadOnlySpan<double> weights, Span<double> output, int batch);

    /// <summary>Every mode, component-major, one set of weights per sample, f32.</summary>
    [TensorProduct("2x0e + 2x1o + 2x2e", "2x0e + 3x1o", "2x0e + 2x1o + 6x1e + 2x2e + 3x1o",
        Instructions = "(1, 1, 0, 'uvw', True), (1, 0, 1, 'uvu', True), (1, 1, 2, 'uvuv', True), (2, 0, 3, 'uuu', True), (2, 1, 4, 'uvw', False, 0.5), (0, 1, 1, 'uvu', False)",
        IrrepNormalization = IrrepNormalization.Norm, PathNormalization = PathNormalization.Path, Layout = BatchLayout.ComponentMajor, SharedWeights = false)]
    public static partial void ModesPerSampleMajorSingle(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> weights, Span<float> output, int batch);

    /// <summary>The full product of all l ≤ 4 with itself, component-major, f32.</summary>
    [TensorProduct("0e + 1o + 2e + 3o + 4e", "0e + 1o + 2e + 3o + 4e", "", Kind = TensorProductKind.Full, Layout = BatchLayout.ComponentMajor)]
    public static partial void Full4SingleMajor(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch);

    /// <summary>The example, component-major, f64.</summary>
    [TensorProduct("1x0e + 1x1o + 1x2e", "1x0e + 1x1o + 1x2e", "", Kind = TensorProductKind.Full, Layout = BatchLayout.ComponentMajor)]
    public static partial void Full2Major(ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, Span<double> output, int batch);

    /// <summary>Y_0…Y_4, integral normalization, component-major output, f32.</summary>
    [SphericalHarmonics(4, Layout = BatchLayout.ComponentMajor)]
    public static partial void Sh4SingleMajor(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> output);

    /// <summary>Y_0…Y_6, norm normalization, unnormalized vectors, component-major output, f64.</summary>
    [SphericalHarmonics(6, Normalization = ShNormalization.Norm, Normalize = false, Layout = BatchLayout.ComponentMajor)]
    public static partial void Sh6NormRawMajor(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z, Span<double> output);

    /// <summary>Y_0…Y_3, integral normalization, component-major output, f64.</summary>
    [SphericalHarmonics(3, Layout = BatchLayout.ComponentMajor)]
    public static partial void Sh3Major(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z, Span<double> output);
}
