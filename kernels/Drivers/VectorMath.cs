using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TensorGen.Kernels;

/// <summary>
/// Vector forms of the <see cref="SemiringMath"/> helpers that have no single vector instruction, called by
/// generated operator structs. Each agrees with its scalar form lane by lane on the special values
/// (±inf, NaN) and to a few ulps elsewhere.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class VectorMath
{
    /// <summary>Lane-wise <see cref="SemiringMath.LogAddExp(float, float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LogAddExp(Vector128<float> x, Vector128<float> y)
    {
        Vector128<float> max = Vector128.Max(x, y);
        Vector128<float> sum = max + Vector128.Log(Vector128<float>.One + Vector128.Exp(-Vector128.Abs(x - y)));
        Vector128<float> infinity = Vector128.Create(float.PositiveInfinity);
        sum = Vector128.ConditionalSelect(Vector128.Equals(max, infinity), max, sum);
        sum = Vector128.ConditionalSelect(Vector128.Equals(y, -infinity), x, sum);
        return Vector128.ConditionalSelect(Vector128.Equals(x, -infinity), y, sum);
    }

    /// <summary>Lane-wise <see cref="SemiringMath.LogAddExp(double, double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> LogAddExp(Vector128<double> x, Vector128<double> y)
    {
        Vector128<double> max = Vector128.Max(x, y);
        Vector128<double> sum = max + Vector128.Log(Vector128<double>.One + Vector128.Exp(-Vector128.Abs(x - y)));
        Vector128<double> infinity = Vector128.Create(double.PositiveInfinity);
        sum = Vector128.ConditionalSelect(Vector128.Equals(max, infinity), max, sum);
        sum = Vector128.ConditionalSelect(Vector128.Equals(y, -infinity), x, sum);
        return Vector128.ConditionalSelect(Vector128.Equals(x, -infinity), y, sum);
    }

    /// <summary>Lane-wise <see cref="SemiringMath.LogAddExp(float, float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LogAddExp(Vector256<float> x, Vector256<float> y)
    {
        Vector256<float> max = Vector256.Max(x, y);
        Vector256<float> sum = max + Vector256.Log(Vector256<float>.One + Vector256.Exp(-Vector256.Abs(x - y)));
        Vector256<float> infinity = Vector256.Create(float.PositiveInfinity);
        sum = Vector256.ConditionalSelect(Vector256.Equals(max, infinity), max, sum);
        sum = Vector256.ConditionalSelect(Vector256.Equals(y, -infinity), x, sum);
        return Vector256.ConditionalSelect(Vector256.Equals(x, -infinity), y, sum);
    }

    /// <summary>Lane-wise <see cref="SemiringMath.LogAddExp(double, double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> LogAddExp(Vector256<double> x, Vector256<double> y)
    {
        Vector256<double> max = Vector256.Max(x, y);
        Vector256<double> sum = max + Vector256.Log(Vector256<double>.One + Vector256.Exp(-Vector256.Abs(x - y)));
        Vector256<double> infinity = Vector256.Create(double.PositiveInfinity);
        sum = Vector256.ConditionalSelect(Vector256.Equals(max, infinity), max, sum);
        sum = Vector256.ConditionalSelect(Vector256.Equals(y, -infinity), x, sum);
        return Vector256.ConditionalSelect(Vector256.Equals(x, -infinity), y, sum);
    }

    /// <summary>Lane-wise <see cref="SemiringMath.LogAddExp(float, float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LogAddExp(Vector512<float> x, Vector512<float> y)
    {
        Vector512<float> max = Vector512.Max(x, y);
        Vector512<float> sum = max + Vector512.Log(Vector512<float>.One + Vector512.Exp(-Vector512.Abs(x - y)));
        Vector512<float> infinity = Vector512.Create(float.PositiveInfinity);
        sum = Vector512.ConditionalSelect(Vector512.Equals(max, infinity), max, sum);
        sum = Vector512.ConditionalSelect(Vector512.Equals(y, -infinity), x, sum);
        return Vector512.ConditionalSelect(Vector512.Equals(x, -infinity), y, sum);
    }

    /// <summary>Lane-wise <see cref="SemiringMath.LogAddExp(double, double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> LogAddExp(Vector512<double> x, Vector512<double> y)
    {
        Vector512<double> max = Vector512.Max(x, y);
        Vector512<double> sum = max + Vector512.Log(Vector512<double>.One + Vector512.Exp(-Vector512.Abs(x - y)));
        Vector512<double> infinity = Vector512.Create(double.PositiveInfinity);
        sum = Vector512.ConditionalSelect(Vector512.Equals(max, infinity), max, sum);
        sum = Vector512.ConditionalSelect(Vector512.Equals(y, -infinity), x, sum);
        return Vector512.ConditionalSelect(Vector512.Equals(x, -infinity), y, sum);
    }
}
