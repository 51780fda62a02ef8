using System;
using TensorGen;

namespace TensorGen.Properties.Fixtures;

// Seeded faults for TensorGen.Testing's own tests: each declaration below breaks a semiring law on purpose, and
// the package must blame the declaration (not the kernels) with a shrunk counterexample.

/// <summary>⊕ is the midpoint: commutative, but not associative and without an identity.</summary>
[Semiring]
public readonly partial struct MidpointAdd : ISemiring<MidpointAdd, float>
{
    /// <inheritdoc/>
    public static float Zero => 0f;

    /// <inheritdoc/>
    public static float One => 1f;

    /// <inheritdoc/>
    public static float Add(float x, float y) => (x + y) * 0.5f;

    /// <inheritdoc/>
    public static float Multiply(float x, float y) => x * y;
}

/// <summary>Max-plus with the wrong Zero: 0 instead of -∞, so Zero is neither the identity of max nor absorbing for +.</summary>
[Semiring]
public readonly partial struct WrongZeroMaxPlus : ISemiring<WrongZeroMaxPlus, float>
{
    /// <inheritdoc/>
    public static float Zero => 0f;

    /// <inheritdoc/>
    public static float One => 0f;

    /// <inheritdoc/>
    public static float Add(float x, float y) => SemiringMath.MaxNative(x, y);

    /// <inheritdoc/>
    public static float Multiply(float x, float y) => x + y;
}

/// <summary>Max-plus over int whose Zero (int.MinValue) is not guarded in ⊗: int.MinValue + x wraps, so Zero does not annihilate.</summary>
[Semiring]
public readonly partial struct OverflowingMaxPlus : ISemiring<OverflowingMaxPlus, int>
{
    /// <inheritdoc/>
    public static int Zero => int.MinValue;

    /// <inheritdoc/>
    public static int One => 0;

    /// <inheritdoc/>
    public static int Add(int x, int y) => Math.Max(x, y);

    /// <inheritdoc/>
    public static int Multiply(int x, int y) => unchecked(x + y);
}
