using System;

namespace TensorGen;

/// <summary>
/// The four members a user writes to declare a semiring over <typeparamref name="T"/>:
/// the identities of ⊕ and ⊗ and the two operations. Mark the implementing struct with
/// <see cref="SemiringAttribute"/> to have its kernels generated.
/// </summary>
/// <typeparam name="TSelf">The declaring struct.</typeparam>
/// <typeparam name="T">The element type: <see cref="float"/>, <see cref="double"/>, <see cref="int"/>,
/// <see cref="long"/> or <see cref="bool"/>.</typeparam>
public interface ISemiring<TSelf, T>
    where TSelf : struct, ISemiring<TSelf, T>
{
    /// <summary>The identity of ⊕ and the annihilator of ⊗.</summary>
    static abstract T Zero { get; }

    /// <summary>The identity of ⊗.</summary>
    static abstract T One { get; }

    /// <summary>The semiring addition ⊕.</summary>
    static abstract T Add(T x, T y);

    /// <summary>The semiring multiplication ⊗.</summary>
    static abstract T Multiply(T x, T y);
}

/// <summary>
/// The kernels the generator adds to every <see cref="SemiringAttribute"/> struct. Constrain a generic
/// algorithm on this interface to write it once for every semiring.
/// </summary>
/// <remarks>
/// Matrices are row-major. Leading dimensions count elements between the starts of consecutive
/// stored rows, as in BLAS. Spans are validated before any work: wrong lengths, negative sizes,
/// too-small leading dimensions and an output that overlaps an input throw <see cref="ArgumentException"/>
/// naming the argument, and nothing is written.
/// </remarks>
public interface ISemiringKernels<TSelf, T> : ISemiring<TSelf, T>
    where TSelf : struct, ISemiringKernels<TSelf, T>
{
    /// <summary>Whether ⊕ is idempotent, so that <see cref="Closure(Span{T}, int)"/> is defined.</summary>
    static abstract bool IsAddIdempotent { get; }

    /// <summary><paramref name="c"/> (m x n) = <paramref name="a"/> (m x k) ⊗ <paramref name="b"/> (k x n), all contiguous.</summary>
    static abstract void MatMul(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k);

    /// <summary><paramref name="c"/> (m x n) = <paramref name="c"/> ⊕ <paramref name="a"/> (m x k) ⊗ <paramref name="b"/> (k x n), all contiguous.</summary>
    static abstract void MatMulAdd(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k);

    /// <summary>
    /// The general product: <c>C = op(A) ⊗ op(B)</c>, or <c>C = C ⊕ op(A) ⊗ op(B)</c> when
    /// <paramref name="accumulate"/> is true, with leading dimensions and optional transposes.
    /// op(A) is m x k and op(B) is k x n.
    /// </summary>
    static abstract void MatMul(ReadOnlySpan<T> a, int lda, Transpose transposeA,
                                ReadOnlySpan<T> b, int ldb, Transpose transposeB,
                                Span<T> c, int ldc, int m, int n, int k, bool accumulate);

    /// <summary><paramref name="y"/> (m) = <paramref name="a"/> (m x n) ⊗ <paramref name="x"/> (n).</summary>
    static abstract void MatVec(ReadOnlySpan<T> a, ReadOnlySpan<T> x, Span<T> y, int m, int n);

    /// <summary>
    /// <c>y = op(A) ⊗ x</c>, or <c>y = y ⊕ op(A) ⊗ x</c> when <paramref name="accumulate"/> is true.
    /// op(A) is m x n; A is stored with leading dimension <paramref name="lda"/>.
    /// </summary>
    static abstract void MatVec(ReadOnlySpan<T> a, int lda, Transpose transposeA,
                                ReadOnlySpan<T> x, Span<T> y, int m, int n, bool accumulate);

    /// <summary>⊕ over i of <paramref name="x"/>[i] ⊗ <paramref name="y"/>[i]; Zero for empty spans.</summary>
    static abstract T Dot(ReadOnlySpan<T> x, ReadOnlySpan<T> y);

    /// <summary>Element-wise <paramref name="destination"/>[i] = <paramref name="x"/>[i] ⊕ <paramref name="y"/>[i]. The destination may be one of the inputs, but may not partly overlap them.</summary>
    static abstract void Add(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination);

    /// <summary>Element-wise <paramref name="destination"/>[i] = <paramref name="x"/>[i] ⊗ <paramref name="y"/>[i]. The destination may be one of the inputs, but may not partly overlap them.</summary>
    static abstract void Multiply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination);

    /// <summary>
    /// Replaces the n x n matrix <paramref name="a"/> by its Kleene closure
    /// <c>A* = I ⊕ A ⊕ A² ⊕ …</c> (all-pairs best paths). Defined when ⊕ is idempotent and no cycle
    /// improves on One (for min-plus: no negative cycles); throws <see cref="NotSupportedException"/>
    /// when <see cref="IsAddIdempotent"/> is false.
    /// </summary>
    static abstract void Closure(Span<T> a, int n);
}

/// <summary>Whether a matrix operand is used as stored or transposed.</summary>
public enum Transpose
{
    /// <summary>Use the operand as stored.</summary>
    None = 0,

    /// <summary>Use the transpose of the stored operand.</summary>
    Transposed = 1,
}
