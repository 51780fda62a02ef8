namespace TensorGen.Semirings;

/// <summary>The ordinary (+, ×) semiring over <see cref="float"/>: products are within k·u·|A||B| of exact.</summary>
[Semiring]
public readonly partial struct PlusTimesSingle : ISemiring<PlusTimesSingle, float>
{
    /// <inheritdoc/>
    public static float Zero => 0f;

    /// <inheritdoc/>
    public static float One => 1f;

    /// <inheritdoc/>
    public static float Add(float x, float y) => x + y;

    /// <inheritdoc/>
    public static float Multiply(float x, float y) => x * y;
}

/// <summary>The ordinary (+, ×) semiring over <see cref="double"/>.</summary>
[Semiring]
public readonly partial struct PlusTimesDouble : ISemiring<PlusTimesDouble, double>
{
    /// <inheritdoc/>
    public static double Zero => 0d;

    /// <inheritdoc/>
    public static double One => 1d;

    /// <inheritdoc/>
    public static double Add(double x, double y) => x + y;

    /// <inheritdoc/>
    public static double Multiply(double x, double y) => x * y;
}

/// <summary>The ring of 32-bit integers modulo 2³² (wrapping + and ×): exact.</summary>
[Semiring]
public readonly partial struct PlusTimesInt32 : ISemiring<PlusTimesInt32, int>
{
    /// <inheritdoc/>
    public static int Zero => 0;

    /// <inheritdoc/>
    public static int One => 1;

    /// <inheritdoc/>
    public static int Add(int x, int y) => unchecked(x + y);

    /// <inheritdoc/>
    public static int Multiply(int x, int y) => unchecked(x * y);
}

/// <summary>The ring of 64-bit integers modulo 2⁶⁴ (wrapping + and ×): exact.</summary>
[Semiring]
public readonly partial struct PlusTimesInt64 : ISemiring<PlusTimesInt64, long>
{
    /// <inheritdoc/>
    public static long Zero => 0L;

    /// <inheritdoc/>
    public static long One => 1L;

    /// <inheritdoc/>
    public static long Add(long x, long y) => unchecked(x + y);

    /// <inheritdoc/>
    public static long Multiply(long x, long y) => unchecked(x * y);
}

/// <summary>
/// Path counting: (+, ×) over <see cref="long"/>. The closure-free products count walks
/// (A^k[i, j] is the number of walks of length k from i to j); counts wrap modulo 2⁶⁴.
/// </summary>
[Semiring]
public readonly partial struct Counting : ISemiring<Counting, long>
{
    /// <inheritdoc/>
    public static long Zero => 0L;

    /// <inheritdoc/>
    public static long One => 1L;

    /// <inheritdoc/>
    public static long Add(long x, long y) => unchecked(x + y);

    /// <inheritdoc/>
    public static long Multiply(long x, long y) => unchecked(x * y);
}
