using System;
using TensorGen;

namespace TensorGen.Properties.Fixtures;

/// <summary>
/// One semiring's scalar members and generated kernels behind an instance interface, so that F#
/// (which cannot name static abstract members generically without ceremony) can hold every semiring
/// over <typeparamref name="T"/> in one list.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public interface IKernels<T>
{
    /// <summary>The declaring struct's name.</summary>
    string Name { get; }

    /// <summary>The declared Zero.</summary>
    T Zero { get; }

    /// <summary>The declared One.</summary>
    T One { get; }

    /// <summary>The generated idempotence flag.</summary>
    bool IsAddIdempotent { get; }

    /// <summary>The declared scalar ⊕.</summary>
    T ScalarAdd(T x, T y);

    /// <summary>The declared scalar ⊗.</summary>
    T ScalarMultiply(T x, T y);

    /// <summary>Forwards to the generated contiguous MatMul.</summary>
    void MatMul(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k);

    /// <summary>Forwards to the generated MatMulAdd.</summary>
    void MatMulAdd(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k);

    /// <summary>Forwards to the generated general MatMul.</summary>
    void MatMul(ReadOnlySpan<T> a, int lda, Transpose transposeA, ReadOnlySpan<T> b, int ldb, Transpose transposeB,
                Span<T> c, int ldc, int m, int n, int k, bool accumulate);

    /// <summary>Forwards to the generated contiguous MatVec.</summary>
    void MatVec(ReadOnlySpan<T> a, ReadOnlySpan<T> x, Span<T> y, int m, int n);

    /// <summary>Forwards to the generated general MatVec.</summary>
    void MatVec(ReadOnlySpan<T> a, int lda, Transpose transposeA, ReadOnlySpan<T> x, Span<T> y, int m, int n, bool accumulate);

    /// <summary>Forwards to the generated Dot.</summary>
    T Dot(ReadOnlySpan<T> x, ReadOnlySpan<T> y);

    /// <summary>Forwards to the generated element-wise Add.</summary>
    void Add(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination);

    /// <summary>Forwards to the generated element-wise Multiply.</summary>
    void Multiply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination);

    /// <summary>Forwards to the generated Closure.</summary>
    void Closure(Span<T> a, int n);
}

/// <summary>The <see cref="IKernels{T}"/> of the semiring <typeparamref name="TSemiring"/>: every member forwards
/// to the static one of the same name, unchanged.</summary>
/// <typeparam name="TSemiring">A <c>[Semiring]</c> struct.</typeparam>
/// <typeparam name="T">Its element type.</typeparam>
public sealed class Kernels<TSemiring, T> : IKernels<T>
    where TSemiring : struct, ISemiringKernels<TSemiring, T>
{
    /// <summary>The one instance; the class holds no state.</summary>
    public static readonly Kernels<TSemiring, T> Instance = new();

    private Kernels()
    {
    }

    /// <inheritdoc/>
    public string Name => typeof(TSemiring).Name;

    /// <inheritdoc/>
    public T Zero => TSemiring.Zero;

    /// <inheritdoc/>
    public T One => TSemiring.One;

    /// <inheritdoc/>
    public bool IsAddIdempotent => TSemiring.IsAddIdempotent;

    /// <inheritdoc/>
    public T ScalarAdd(T x, T y) => TSemiring.Add(x, y);

    /// <inheritdoc/>
    public T ScalarMultiply(T x, T y) => TSemiring.Multiply(x, y);

    /// <inheritdoc/>
    public void MatMul(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k)
        => TSemiring.MatMul(a, b, c, m, n, k);

    /// <inheritdoc/>
    public void MatMulAdd(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k)
        => TSemiring.MatMulAdd(a, b, c, m, n, k);

    /// <inheritdoc/>
    public void MatMul(ReadOnlySpan<T> a, int lda, Transpose transposeA, ReadOnlySpan<T> b, int ldb, Transpose transposeB,
                       Span<T> c, int ldc, int m, int n, int k, bool accumulate)
        => TSemiring.MatMul(a, lda, transposeA, b, ldb, transposeB, c, ldc, m, n, k, accumulate);

    /// <inheritdoc/>
    public void MatVec(ReadOnlySpan<T> a, ReadOnlySpan<T> x, Span<T> y, int m, int n)
        => TSemiring.MatVec(a, x, y, m, n);

    /// <inheritdoc/>
    public void MatVec(ReadOnlySpan<T> a, int lda, Transpose transposeA, ReadOnlySpan<T> x, Span<T> y, int m, int n, bool accumulate)
        => TSemiring.MatVec(a, lda, transposeA, x, y, m, n, accumulate);

    /// <inheritdoc/>
    public T Dot(ReadOnlySpan<T> x, ReadOnlySpan<T> y) => TSemiring.Dot(x, y);

    /// <inheritdoc/>
    public void Add(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => TSemiring.Add(x, y, destination);

    /// <inheritdoc/>
    public void Multiply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => TSemiring.Multiply(x, y, destination);

    /// <inheritdoc/>
    public void Closure(Span<T> a, int n) => TSemiring.Closure(a, n);
}
