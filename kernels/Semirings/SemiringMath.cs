using System;
using System.Runtime.CompilerServices;

namespace TensorGen;

/// <summary>
/// Scalar helpers that the semiring generator knows how to vectorize, for use in
/// <c>Add</c> and <c>Multiply</c> bodies.
/// </summary>
public static class SemiringMath
{
    /// <summary>
    /// The larger of two values in one vector instruction (<c>vmaxps</c> on x86, <c>fmax</c> on ARM).
    /// Equal to <see cref="Math.Max(float, float)"/> unless an argument is NaN or the arguments are zeros
    /// of opposite sign; then the result is platform-defined. Use it when NaN never occurs: it is several
    /// times faster than the IEEE <c>maximum</c> that <see cref="Math.Max(float, float)"/> means.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MaxNative(float x, float y) => x > y ? x : y;

    /// <inheritdoc cref="MaxNative(float, float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MaxNative(double x, double y) => x > y ? x : y;

    /// <inheritdoc cref="MaxNative(float, float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MaxNative(int x, int y) => x > y ? x : y;

    /// <inheritdoc cref="MaxNative(float, float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long MaxNative(long x, long y) => x > y ? x : y;

    /// <summary>
    /// The smaller of two values in one vector instruction (<c>vminps</c> on x86, <c>fmin</c> on ARM).
    /// Equal to <see cref="Math.Min(float, float)"/> unless an argument is NaN or the arguments are zeros
    /// of opposite sign; then the result is platform-defined.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MinNative(float x, float y) => x < y ? x : y;

    /// <inheritdoc cref="MinNative(float, float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MinNative(double x, double y) => x < y ? x : y;

    /// <inheritdoc cref="MinNative(float, float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MinNative(int x, int y) => x < y ? x : y;

    /// <inheritdoc cref="MinNative(float, float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long MinNative(long x, long y) => x < y ? x : y;

    /// <summary>
    /// <c>log(exp(x) + exp(y))</c> without overflow: <c>max(x, y) + log(1 + exp(-|x - y|))</c>.
    /// Negative infinity is the identity; +inf with anything but NaN is +inf; NaN propagates.
    /// </summary>
    public static float LogAddExp(float x, float y)
    {
        if (float.IsNegativeInfinity(x)) return y;
        if (float.IsNegativeInfinity(y)) return x;
        float max = x > y ? x : y;
        if (float.IsPositiveInfinity(max)) return float.IsNaN(x) || float.IsNaN(y) ? float.NaN : max;
        return max + MathF.Log(1f + MathF.Exp(-MathF.Abs(x - y)));
    }

    /// <inheritdoc cref="LogAddExp(float, float)"/>
    public static double LogAddExp(double x, double y)
    {
        if (double.IsNegativeInfinity(x)) return y;
        if (double.IsNegativeInfinity(y)) return x;
        double max = x > y ? x : y;
        if (double.IsPositiveInfinity(max)) return double.IsNaN(x) || double.IsNaN(y) ? double.NaN : max;
        return max + Math.Log(1d + Math.Exp(-Math.Abs(x - y)));
    }
}
