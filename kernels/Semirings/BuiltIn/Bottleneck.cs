namespace TensorGen.Semirings;

/// <summary>
/// Max-min over <see cref="float"/> (widest / maximum-capacity paths): Zero = -∞, One = +∞, ⊕ = max, ⊗ = min
/// (both one instruction). Exact.
/// </summary>
[Semiring]
public readonly partial struct MaxMinSingle : ISemiring<MaxMinSingle, float>
{
    /// <inheritdoc/>
    public static float Zero => float.NegativeInfinity;

    /// <inheritdoc/>
    public static float One => float.PositiveInfinity;

    /// <inheritdoc/>
    public static float Add(float x, float y) => SemiringMath.MaxNative(x, y);

    /// <inheritdoc/>
    public static float Multiply(float x, float y) => SemiringMath.MinNative(x, y);
}

/// <summary>Max-min over <see cref="double"/>; see <see cref="MaxMinSingle"/>.</summary>
[Semiring]
public readonly partial struct MaxMinDouble : ISemiring<MaxMinDouble, double>
{
    /// <inheritdoc/>
    public static double Zero => double.NegativeInfinity;

    /// <inheritdoc/>
    public static double One => double.PositiveInfinity;

    /// <inheritdoc/>
    public static double Add(double x, double y) => SemiringMath.MaxNative(x, y);

    /// <inheritdoc/>
    public static double Multiply(double x, double y) => SemiringMath.MinNative(x, y);
}

/// <summary>
/// Min-max over <see cref="float"/> (minimax / bottleneck paths: the least possible worst edge):
/// Zero = +∞, One = -∞, ⊕ = min, ⊗ = max. Exact.
/// </summary>
[Semiring]
public readonly partial struct MinMaxSingle : ISemiring<MinMaxSingle, float>
{
    /// <inheritdoc/>
    public static float Zero => float.PositiveInfinity;

    /// <inheritdoc/>
    public static float One => float.NegativeInfinity;

    /// <inheritdoc/>
    public static float Add(float x, float y) => SemiringMath.MinNative(x, y);

    /// <inheritdoc/>
    public static float Multiply(float x, float y) => SemiringMath.MaxNative(x, y);
}

/// <summary>Min-max over <see cref="double"/>; see <see cref="MinMaxSingle"/>.</summary>
[Semiring]
public readonly partial struct MinMaxDouble : ISemiring<MinMaxDouble, double>
{
    /// <inheritdoc/>
    public static double Zero => double.PositiveInfinity;

    /// <inheritdoc/>
    public static double One => double.NegativeInfinity;

    /// <inheritdoc/>
    public static double Add(double x, double y) => SemiringMath.MinNative(x, y);

    /// <inheritdoc/>
    public static double Multiply(double x, double y) => SemiringMath.MaxNative(x, y);
}
