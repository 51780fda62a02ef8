using System;

namespace TensorGen.Semirings;

/// <summary>
/// Tropical min-plus over <see cref="float"/> (shortest paths): Zero = +∞, One = 0, ⊕ = min (one instruction;
/// results for NaN inputs are platform-defined), ⊗ = +. Exact.
/// </summary>
[Semiring]
public readonly partial struct MinPlusSingle : ISemiring<MinPlusSingle, float>
{
    /// <inheritdoc/>
    public static float Zero => float.PositiveInfinity;

    /// <inheritdoc/>
    public static float One => 0f;

    /// <inheritdoc/>
    public static float Add(float x, float y) => SemiringMath.MinNative(x, y);

    /// <inheritdoc/>
    public static float Multiply(float x, float y) => x + y;
}

/// <summary>Tropical min-plus over <see cref="double"/>; see <see cref="MinPlusSingle"/>.</summary>
[Semiring]
public readonly partial struct MinPlusDouble : ISemiring<MinPlusDouble, double>
{
    /// <inheritdoc/>
    public static double Zero => double.PositiveInfinity;

    /// <inheritdoc/>
    public static double One => 0d;

    /// <inheritdoc/>
    public static double Add(double x, double y) => SemiringMath.MinNative(x, y);

    /// <inheritdoc/>
    public static double Multiply(double x, double y) => x + y;
}

/// <summary>
/// Tropical min-plus over <see cref="int"/>: <see cref="int.MaxValue"/> is +∞ and annihilates (∞ ⊗ x = ∞ with no
/// overflow, whatever x); sums of finite values wrap, so keep path weights within range.
/// </summary>
[Semiring]
public readonly partial struct MinPlusInt32 : ISemiring<MinPlusInt32, int>
{
    /// <inheritdoc/>
    public static int Zero => int.MaxValue;

    /// <inheritdoc/>
    public static int One => 0;

    /// <inheritdoc/>
    public static int Add(int x, int y) => Math.Min(x, y);

    /// <inheritdoc/>
    public static int Multiply(int x, int y) => (x == int.MaxValue) | (y == int.MaxValue) ? int.MaxValue : unchecked(x + y);
}

/// <summary>Tropical min-plus over <see cref="long"/>; see <see cref="MinPlusInt32"/>.</summary>
[Semiring]
public readonly partial struct MinPlusInt64 : ISemiring<MinPlusInt64, long>
{
    /// <inheritdoc/>
    public static long Zero => long.MaxValue;

    /// <inheritdoc/>
    public static long One => 0L;

    /// <inheritdoc/>
    public static long Add(long x, long y) => Math.Min(x, y);

    /// <inheritdoc/>
    public static long Multiply(long x, long y) => (x == long.MaxValue) | (y == long.MaxValue) ? long.MaxValue : unchecked(x + y);
}
