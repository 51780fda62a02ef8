using TensorGen.Equivariant;

namespace EquivariantLayer;

/// <summary>
/// The generated kernels of one message-passing layer: harmonics of the edge vectors, the product of the sender's
/// scalars with them (weights shared, scaled per edge by a radial function), and an invariant read-out.
/// </summary>
public static partial class Kernels
{
    /// <summary>Y_0 … Y_2 of each edge direction, 'component' normalization (|Y_l|² = 2l + 1).</summary>
    [SphericalHarmonics(2, Normalization = ShNormalization.Component)]
    public static partial void EdgeHarmonics(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> output);

    /// <summary>Sender features (4 scalars) ⊗ edge harmonics → a message with scalars, vectors and l = 2 parts.</summary>
    [TensorProduct("4x0e", "1x0e + 1x1o + 1x2e", "4x0e + 4x1o + 4x2e", Kind = TensorProductKind.FullyConnected)]
    public static partial void Message(ReadOnlySpan<float> features, ReadOnlySpan<float> harmonics, ReadOnlySpan<float> weights, Span<float> output, int batch);

    /// <summary>The aggregated message with itself → 4 invariant scalars per atom.</summary>
    [TensorProduct("4x0e + 4x1o + 4x2e", "4x0e + 4x1o + 4x2e", "4x0e", Kind = TensorProductKind.FullyConnected)]
    public static partial void Readout(ReadOnlySpan<float> left, ReadOnlySpan<float> right, ReadOnlySpan<float> weights, Span<float> output, int batch);
}
