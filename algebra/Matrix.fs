namespace TensorGen.Algebra

open System

/// <summary>
/// Reference linear algebra over any <see cref="T:TensorGen.Algebra.Semiring`1"/>: textbook loops, one
/// element at a time, summing terms in index order starting from Zero. Matrices are row-major arrays
/// with a leading dimension (elements between the starts of consecutive stored rows), as in BLAS.
/// Every function returns a new array and leaves its arguments alone.
/// </summary>
module Matrix =

    /// <summary>Element (i, j) of op(X), where X is stored row-major with leading dimension <paramref name="ld"/>
    /// and op transposes when <paramref name="transposed"/> is true.</summary>
    let inline element (x: 'T[]) (ld: int) (transposed: bool) (i: int) (j: int) : 'T =
        if transposed then x.[j * ld + i] else x.[i * ld + j]

    /// <summary>
    /// The general product. Returns a copy of <paramref name="c"/> in which each (i, j) of the m x n window
    /// (leading dimension <paramref name="ldc"/>) is <c>⊕_p op(A)[i,p] ⊗ op(B)[p,j]</c>, preceded by
    /// <c>c[i,j] ⊕</c> when <paramref name="accumulate"/> is true. Elements outside the window are unchanged.
    /// </summary>
    let matMulGeneral (s: Semiring<'T>)
                      (a: 'T[]) (lda: int) (transposeA: bool)
                      (b: 'T[]) (ldb: int) (transposeB: bool)
                      (c: 'T[]) (ldc: int) (m: int) (n: int) (k: int) (accumulate: bool) : 'T[] =
        let result = Array.copy c
        for i in 0 .. m - 1 do
            for j in 0 .. n - 1 do
                let mutable sum = s.Zero
                for p in 0 .. k - 1 do
                    sum <- s.Add sum (s.Multiply (element a lda transposeA i p) (element b ldb transposeB p j))
                result.[i * ldc + j] <- if accumulate then s.Add c.[i * ldc + j] sum else sum
        result

    /// <summary>C (m x n) = A (m x k) ⊗ B (k x n), all contiguous.</summary>
    let matMul (s: Semiring<'T>) (a: 'T[]) (b: 'T[]) (m: int) (n: int) (k: int) : 'T[] =
        matMulGeneral s a (max 1 k) false b (max 1 n) false (Array.create (m * n) s.Zero) (max 1 n) m n k false

    /// <summary>C ⊕ A ⊗ B, all contiguous.</summary>
    let matMulAdd (s: Semiring<'T>) (a: 'T[]) (b: 'T[]) (c: 'T[]) (m: int) (n: int) (k: int) : 'T[] =
        matMulGeneral s a (max 1 k) false b (max 1 n) false c (max 1 n) m n k true

    /// <summary>
    /// y = op(A) ⊗ x (op(A) is m x n), or y ⊕ op(A) ⊗ x when <paramref name="accumulate"/> is true.
    /// Returns a new y.
    /// </summary>
    let matVecGeneral (s: Semiring<'T>) (a: 'T[]) (lda: int) (transposeA: bool)
                      (x: 'T[]) (y: 'T[]) (m: int) (n: int) (accumulate: bool) : 'T[] =
        Array.init m (fun i ->
            let mutable sum = s.Zero
            for j in 0 .. n - 1 do
                sum <- s.Add sum (s.Multiply (element a lda transposeA i j) x.[j])
            if accumulate then s.Add y.[i] sum else sum)

    /// <summary>y = A ⊗ x with A m x n contiguous.</summary>
    let matVec (s: Semiring<'T>) (a: 'T[]) (x: 'T[]) (m: int) (n: int) : 'T[] =
        matVecGeneral s a (max 1 n) false x (Array.create m s.Zero) m n false

    /// <summary>⊕_i x[i] ⊗ y[i], Zero for empty vectors.</summary>
    let dot (s: Semiring<'T>) (x: 'T[]) (y: 'T[]) : 'T =
        if x.Length <> y.Length then invalidArg "y" "lengths differ"
        let mutable sum = s.Zero
        for i in 0 .. x.Length - 1 do
            sum <- s.Add sum (s.Multiply x.[i] y.[i])
        sum

    /// <summary>Element-wise x[i] ⊕ y[i].</summary>
    let add (s: Semiring<'T>) (x: 'T[]) (y: 'T[]) : 'T[] = Array.map2 s.Add x y

    /// <summary>Element-wise x[i] ⊗ y[i].</summary>
    let multiply (s: Semiring<'T>) (x: 'T[]) (y: 'T[]) : 'T[] = Array.map2 s.Multiply x y

    /// <summary>The n x n identity: One on the diagonal, Zero elsewhere.</summary>
    let identity (s: Semiring<'T>) (n: int) : 'T[] =
        Array.init (n * n) (fun index -> if index / n = index % n then s.One else s.Zero)

    /// <summary>
    /// The Kleene closure A* = I ⊕ A ⊕ A² ⊕ … of an n x n matrix by repeated squaring, not Floyd–Warshall:
    /// X₀ = I ⊕ A, X_{t+1} = X_t ⊗ X_t, so X_t sums every path of at most 2^t edges (using x ⊕ x = x).
    /// When ⊕ is idempotent and no cycle improves on One, paths longer than n - 1 edges add nothing, so
    /// ⌈log₂(n - 1)⌉ squarings reach A*.
    /// </summary>
    /// <exception cref="T:System.NotSupportedException">⊕ is not idempotent.</exception>
    let closure (s: Semiring<'T>) (a: 'T[]) (n: int) : 'T[] =
        if not s.IsAddIdempotent then
            raise (NotSupportedException(sprintf "%s: closure needs an idempotent Add." s.Name))
        if a.Length <> n * n then invalidArg "a" "a must hold n * n elements"
        let mutable x = add s (identity s n) a
        let mutable pathLength = 1
        while pathLength < n - 1 do
            x <- matMul s x x n n n
            pathLength <- pathLength * 2
        x
