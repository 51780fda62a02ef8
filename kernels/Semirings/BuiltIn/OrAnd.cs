namespace TensorGen.Semirings;

/// <summary>
/// The Boolean semiring (∨, ∧): reachability and transitive closure. Zero = false, One = true. Exact.
/// Kernels treat each <see cref="bool"/> as one byte holding 0 or 1, which is how .NET stores it.
/// </summary>
[Semiring]
public readonly partial struct OrAnd : ISemiring<OrAnd, bool>
{
    /// <inheritdoc/>
    public static bool Zero => false;

    /// <inheritdoc/>
    public static bool One => true;

    /// <inheritdoc/>
    public static bool Add(bool x, bool y) => x | y;

    /// <inheritdoc/>
    public static bool Multiply(bool x, bool y) => x & y;
}
