namespace TensorGen.Semirings;

/// <summary>
/// The log semiring over <see cref="float"/> (forward algorithm, partition functions in log space):
/// Zero = -∞, One = 0, ⊕ = log(eˣ + eʸ), ⊗ = +. Not exact: vector exp and log differ from the scalar ones by
/// a few ulps, and ⊕ is associative only up to rounding.
/// </summary>
[Semiring]
public readonly partial struct LogSumExpSingle : ISemiring<LogSumExpSingle, float>
{
    /// <inheritdoc/>
    public static float Zero => float.NegativeInfinity;

    /// <inheritdoc/>
    public static float One => 0f;

    /// <inheritdoc/>
    public static float Add(float x, float y) => SemiringMath.LogAddExp(x, y);

    /// <inheritdoc/>
    public static float Multiply(float x, float y) => x + y;
}

/// <summary>The log semiring over <see cref="double"/>; see <see cref="LogSumExpSingle"/>.</summary>
[Semiring]
public readonly partial struct LogSumExpDouble : ISemiring<LogSumExpDouble, double>
{
    /// <inheritdoc/>
    public static double Zero => double.NegativeInfinity;

    /// <inheritdoc/>
    public static double One => 0d;

    /// <inheritdoc/>
    public static double Add(double x, double y) => SemiringMath.LogAddExp(x, y);

    /// <inheritdoc/>
    public static double Multiply(double x, double y) => x + y;
}
