namespace TensorGen.Semirings;

/// <summary>
/// Max-times over non-negative <see cref="float"/> (Viterbi with probabilities, most reliable path):
/// Zero = 0, One = 1, ⊕ = max (one instruction), ⊗ = ×. Each output is one product of two inputs, so exact.
/// </summary>
[Semiring]
public readonly partial struct MaxTimesSingle : ISemiring<MaxTimesSingle, float>
{
    /// <inheritdoc/>
    public static float Zero => 0f;

    /// <inheritdoc/>
    public static float One => 1f;

    /// <inheritdoc/>
    public static float Add(float x, float y) => SemiringMath.MaxNative(x, y);

    /// <inheritdoc/>
    public static float Multiply(float x, float y) => x * y;
}

/// <summary>Max-times over non-negative <see cref="double"/>; see <see cref="MaxTimesSingle"/>.</summary>
[Semiring]
public readonly partial struct MaxTimesDouble : ISemiring<MaxTimesDouble, double>
{
    /// <inheritdoc/>
    public static double Zero => 0d;

    /// <inheritdoc/>
    public static double One => 1d;

    /// <inheritdoc/>
    public static double Add(double x, double y) => SemiringMath.MaxNative(x, y);

    /// <inheritdoc/>
    public static double Multiply(double x, double y) => x * y;
}
