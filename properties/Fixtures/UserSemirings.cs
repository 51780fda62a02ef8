using System;
using TensorGen;

namespace TensorGen.Properties.Fixtures;

/// <summary>Shortest paths over int, written as a user would: a comparison for min and a guarded sum,
/// with <see cref="int.MaxValue"/> as the unreachable distance.</summary>
[Semiring]
public readonly partial struct UserMinPlusInt32 : ISemiring<UserMinPlusInt32, int>
{
    /// <summary>Unreachable.</summary>
    public const int Infinity = int.MaxValue;

    /// <inheritdoc/>
    public static int Zero => Infinity;

    /// <inheritdoc/>
    public static int One => 0;

    /// <inheritdoc/>
    public static int Add(int x, int y) => x < y ? x : y;

    /// <inheritdoc/>
    public static int Multiply(int x, int y) => x == Infinity || y == Infinity ? Infinity : x + y;
}

/// <summary>Widest paths over double with <see cref="Math.Max(double, double)"/> and
/// <see cref="Math.Min(double, double)"/>: IEEE 754:2019 semantics, NaN propagates, -0 &lt; +0.</summary>
[Semiring]
public readonly partial struct UserMaxMinDouble : ISemiring<UserMaxMinDouble, double>
{
    /// <inheritdoc/>
    public static double Zero => double.NegativeInfinity;

    /// <inheritdoc/>
    public static double One => double.PositiveInfinity;

    /// <inheritdoc/>
    public static double Add(double x, double y) => Math.Max(x, y);

    /// <inheritdoc/>
    public static double Multiply(double x, double y) => Math.Min(x, y);
}

/// <summary>Reachability with the short-circuit logical operators.</summary>
[Semiring]
public readonly partial struct UserOrAnd : ISemiring<UserOrAnd, bool>
{
    /// <inheritdoc/>
    public static bool Zero => false;

    /// <inheritdoc/>
    public static bool One => true;

    /// <inheritdoc/>
    public static bool Add(bool x, bool y) => x || y;

    /// <inheritdoc/>
    public static bool Multiply(bool x, bool y) => x && y;
}

/// <summary>Ordinary integer arithmetic over long (wrapping), the plainest possible declaration.</summary>
[Semiring]
public readonly partial struct UserPlusTimesInt64 : ISemiring<UserPlusTimesInt64, long>
{
    /// <inheritdoc/>
    public static long Zero => 0L;

    /// <inheritdoc/>
    public static long One => 1L;

    /// <inheritdoc/>
    public static long Add(long x, long y) => x + y;

    /// <inheritdoc/>
    public static long Multiply(long x, long y) => x * y;
}
