using System;

namespace TensorGen.Semirings;

/// <summary>
/// Tropical max-plus over <see cref="float"/> (longest paths, Viterbi in log space): Zero = -∞, One = 0,
/// ⊕ = max (one instruction; results for NaN inputs are platform-defined), ⊗ = +. Exact.
/// </summary>
[Semiring]
public readonly partial struct MaxPlusSingle : ISemiring<MaxPlusSingle, float>
{
    /// <inheritdoc/>
    public static float Zero => float.NegativeInfinity;

    /// <inheritdoc/>
    public static float One => 0f;

    /// <inheritdoc/>
    public static float Add(float x, float y) => SemiringMath.MaxNative(x, y);

    /// <inheritdoc/>
    public static float Multiply(float x, float y) => x + y;
}

/// <summary>Tropical max-plus over <see cref="double"/>; see <see cref="MaxPlusSingle"/>.</summary>
[Semiring]
public readonly partial struct MaxPlusDouble : ISemiring<MaxPlusDouble, double>
{
    /// <inheritdoc/>
    public static double Zero => double.NegativeInfinity;

    /// <inheritdoc/>
    public static double One => 0d;

    /// <inheritdoc/>
    public static double Add(double x, double y) => SemiringMath.MaxNative(x, y);

    /// <inheritdoc/>
    public static double Multiply(double x, double y) => x + y;
}

/// <summary>
/// Tropical max-plus over <see cref="int"/>: <see cref="int.MinValue"/> is -∞ and annihilates (-∞ ⊗ x = -∞ with
/// no overflow); sums of finite values wrap, so keep path weights within range.
/// </summary>
[Semiring]
public readonly partial struct MaxPlusInt32 : ISemiring<MaxPlusInt32, int>
{
    /// <inheritdoc/>
    public static int Zero => int.MinValue;

    /// <inheritdoc/>
    public static int One => 0;

    /// <inheritdoc/>
    public static int Add(int x, int y) => Math.Max(x, y);

    /// <inheritdoc/>
    public static int Multiply(int x, int y) => (x == int.MinValue) | (y == int.MinValue) ? int.MinValue : unchecked(x + y);
}

/// <summary>Tropical max-plus over <see cref="long"/>; see <see cref="MaxPlusInt32"/>.</summary>
[Semiring]
public readonly partial struct MaxPlusInt64 : ISemiring<MaxPlusInt64, long>
{
    /// <inheritdoc/>
    public static long Zero => long.MinValue;

    /// <inheritdoc/>
    public static long One => 0L;

    /// <inheritdoc/>
    public static long Add(long x, long y) => Math.Max(x, y);

    /// <inheritdoc/>
    public static long Multiply(long x, long y) => (x == long.MinValue) | (y == long.MinValue) ? long.MinValue : unchecked(x + y);
}
