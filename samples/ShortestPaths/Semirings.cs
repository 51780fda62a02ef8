using TensorGen;

namespace ShortestPaths;

/// <summary>
/// Shortest paths: ⊕ keeps the shorter of two routes, ⊗ chains two legs. Zero (no road) is +∞ and One
/// (staying put) is 0. The generator adds MatMul, Closure and the rest to this struct at compile time.
/// </summary>
[Semiring]
public readonly partial struct Distance : ISemiring<Distance, float>
{
    public static float Zero => float.PositiveInfinity;

    public static float One => 0f;

    public static float Add(float x, float y) => SemiringMath.MinNative(x, y);

    public static float Multiply(float x, float y) => x + y;
}

/// <summary>
/// Widest (bottleneck) paths: a route is as wide as its narrowest road (⊗ = min) and of two routes the
/// wider wins (⊕ = max). Zero (no road) has capacity 0; One (staying put) is unlimited.
/// </summary>
[Semiring]
public readonly partial struct Capacity : ISemiring<Capacity, float>
{
    public static float Zero => 0f;

    public static float One => float.PositiveInfinity;

    public static float Add(float x, float y) => SemiringMath.MaxNative(x, y);

    public static float Multiply(float x, float y) => SemiringMath.MinNative(x, y);
}
