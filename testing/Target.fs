namespace TensorGen.Testing

open System
open TensorGen

/// <summary>
/// What the checks see of a semiring: the declaration's own scalar members (the reference the kernels are
/// compared with) and its generated kernels, as instance members. <see cref="SemiringTarget.Of``2"/> builds
/// one from a <c>[Semiring]</c> struct; a test may wrap one (for instance to plant a fault in a kernel and see
/// the checks find it) and pass it to <c>SemiringVerifier.Verify</c> or <c>SemiringTests.forTarget</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
type ISemiringTarget<'T> =
    /// <summary>The name used in messages: the declaring struct's name.</summary>
    abstract Name: string
    /// <summary>The declared Zero: identity of ⊕, annihilator of ⊗.</summary>
    abstract Zero: 'T
    /// <summary>The declared One: identity of ⊗.</summary>
    abstract One: 'T
    /// <summary>Whether ⊕ is idempotent (the generator's flag); the closure kernel exists only then.</summary>
    abstract IsAddIdempotent: bool
    /// <summary>The declared scalar ⊕.</summary>
    abstract Add: x: 'T * y: 'T -> 'T
    /// <summary>The declared scalar ⊗.</summary>
    abstract Multiply: x: 'T * y: 'T -> 'T
    /// <summary>The generated contiguous product <c>C = A ⊗ B</c>.</summary>
    abstract MatMul: a: ReadOnlySpan<'T> * b: ReadOnlySpan<'T> * c: Span<'T> * m: int * n: int * k: int -> unit
    /// <summary>The generated contiguous <c>C = C ⊕ A ⊗ B</c>.</summary>
    abstract MatMulAdd: a: ReadOnlySpan<'T> * b: ReadOnlySpan<'T> * c: Span<'T> * m: int * n: int * k: int -> unit
    /// <summary>The generated general product (leading dimensions, transposes, accumulation).</summary>
    abstract MatMul:
        a: ReadOnlySpan<'T> * lda: int * transposeA: Transpose * b: ReadOnlySpan<'T> * ldb: int * transposeB: Transpose *
        c: Span<'T> * ldc: int * m: int * n: int * k: int * accumulate: bool -> unit
    /// <summary>The generated contiguous <c>y = A ⊗ x</c>.</summary>
    abstract MatVec: a: ReadOnlySpan<'T> * x: ReadOnlySpan<'T> * y: Span<'T> * m: int * n: int -> unit
    /// <summary>The generated general matrix-vector product.</summary>
    abstract MatVec:
        a: ReadOnlySpan<'T> * lda: int * transposeA: Transpose * x: ReadOnlySpan<'T> * y: Span<'T> * m: int * n: int * accumulate: bool -> unit
    /// <summary>The generated dot product.</summary>
    abstract Dot: x: ReadOnlySpan<'T> * y: ReadOnlySpan<'T> -> 'T
    /// <summary>The generated element-wise ⊕.</summary>
    abstract Add: x: ReadOnlySpan<'T> * y: ReadOnlySpan<'T> * destination: Span<'T> -> unit
    /// <summary>The generated element-wise ⊗.</summary>
    abstract Multiply: x: ReadOnlySpan<'T> * y: ReadOnlySpan<'T> * destination: Span<'T> -> unit
    /// <summary>The generated in-place Kleene closure.</summary>
    abstract Closure: a: Span<'T> * n: int -> unit

/// Forwards every member to the static one of the same name on 'S, unchanged.
[<Sealed>]
type internal DeclaredTarget<'S, 'T when 'S: struct and 'S: (new: unit -> 'S) and 'S :> ValueType and 'S :> ISemiringKernels<'S, 'T>>() =
    interface ISemiringTarget<'T> with
        member _.Name = typeof<'S>.Name
        member _.Zero = 'S.Zero
        member _.One = 'S.One
        member _.IsAddIdempotent = 'S.IsAddIdempotent
        member _.Add(x: 'T, y: 'T) : 'T = 'S.Add(x, y)
        member _.Multiply(x: 'T, y: 'T) : 'T = 'S.Multiply(x, y)
        member _.MatMul(a: ReadOnlySpan<'T>, b: ReadOnlySpan<'T>, c: Span<'T>, m: int, n: int, k: int) = 'S.MatMul(a, b, c, m, n, k)
        member _.MatMulAdd(a, b, c, m, n, k) = 'S.MatMulAdd(a, b, c, m, n, k)
        member _.MatMul(a: ReadOnlySpan<'T>, lda: int, ta: Transpose, b: ReadOnlySpan<'T>, ldb: int, tb: Transpose,
                        c: Span<'T>, ldc: int, m: int, n: int, k: int, accumulate: bool) =
            'S.MatMul(a, lda, ta, b, ldb, tb, c, ldc, m, n, k, accumulate)
        member _.MatVec(a: ReadOnlySpan<'T>, x: ReadOnlySpan<'T>, y: Span<'T>, m: int, n: int) = 'S.MatVec(a, x, y, m, n)
        member _.MatVec(a: ReadOnlySpan<'T>, lda: int, ta: Transpose, x: ReadOnlySpan<'T>, y: Span<'T>, m: int, n: int, accumulate: bool) =
            'S.MatVec(a, lda, ta, x, y, m, n, accumulate)
        member _.Dot(x, y) = 'S.Dot(x, y)
        member _.Add(x: ReadOnlySpan<'T>, y: ReadOnlySpan<'T>, destination: Span<'T>) : unit = 'S.Add(x, y, destination)
        member _.Multiply(x: ReadOnlySpan<'T>, y: ReadOnlySpan<'T>, destination: Span<'T>) : unit = 'S.Multiply(x, y, destination)
        member _.Closure(a, n) = 'S.Closure(a, n)

/// Builds the <see cref="ISemiringTarget{T}"/> of a declared semiring.
[<AbstractClass; Sealed>]
type SemiringTarget =
    /// <summary>The declaration <typeparamref name="S"/> and its generated kernels.</summary>
    static member Of<'S, 'T when 'S: struct and 'S: (new: unit -> 'S) and 'S :> ValueType and 'S :> ISemiringKernels<'S, 'T>>() : ISemiringTarget<'T> =
        DeclaredTarget<'S, 'T>() :> ISemiringTarget<'T>
