/// The reference every kernel is compared with: plain loops over the declaration's own scalar Add and
/// Multiply, written as plainly as possible (no blocking, no vectors, no reassociation), on logical row-major
/// matrices. Each result comes with its scale (the sum of the magnitudes of its terms) for Tolerance.Within.
module internal TensorGen.Testing.Reference

open TensorGen.Testing.Elements

/// ⊕ over the terms, in order, starting from `start` (or from the first term when there is no start);
/// Zero when there is nothing to add.
let private sum (target: ISemiringTarget<'T>) (start: 'T voption) (count: int) (term: int -> 'T) (scaled: bool) : 'T * float =
    let mutable acc = start
    let mutable scale = match start with ValueSome c when scaled -> Agreement.magnitude c | _ -> 0.0
    for p in 0 .. count - 1 do
        let t = term p
        if scaled then scale <- scale + Agreement.magnitude t
        acc <- match acc with ValueNone -> ValueSome t | ValueSome a -> ValueSome(target.Add(a, t))
    let value = match acc with ValueSome v -> v | ValueNone -> target.Zero
    value, (if scaled then scale + Agreement.magnitude value else 0.0)

/// C (m x n) = [C ⊕] A (m x k) ⊗ B (k x n), all logical row-major.
let matMul (target: ISemiringTarget<'T>) (a: 'T[]) (b: 'T[]) (c: 'T[] option) (m: int) (n: int) (k: int) (scaled: bool) : 'T[] * float[] =
    let result = Array.zeroCreate (m * n)
    let scales = Array.zeroCreate (m * n)
    for i in 0 .. m - 1 do
        for j in 0 .. n - 1 do
            let start = match c with Some c -> ValueSome c.[i * n + j] | None -> ValueNone
            let v, s = sum target start k (fun p -> target.Multiply(a.[i * k + p], b.[p * n + j])) scaled
            result.[i * n + j] <- v
            scales.[i * n + j] <- s
    result, scales

/// y (m) = [y ⊕] A (m x n) ⊗ x (n).
let matVec (target: ISemiringTarget<'T>) (a: 'T[]) (x: 'T[]) (y: 'T[] option) (m: int) (n: int) (scaled: bool) : 'T[] * float[] =
    let pairs =
        Array.init m (fun i ->
            let start = match y with Some y -> ValueSome y.[i] | None -> ValueNone
            sum target start n (fun p -> target.Multiply(a.[i * n + p], x.[p])) scaled)
    Array.map fst pairs, Array.map snd pairs

/// ⊕ over i of x[i] ⊗ y[i].
let dot (target: ISemiringTarget<'T>) (x: 'T[]) (y: 'T[]) (scaled: bool) : 'T * float =
    sum target ValueNone x.Length (fun i -> target.Multiply(x.[i], y.[i])) scaled

/// A* = I ⊕ A ⊕ A² ⊕ ... by the fixpoint of R = I ⊕ A ⊗ R (paths one edge longer each round). None when
/// there is no fixpoint within n + 1 rounds: some cycle improves on One, and A* is not defined.
let closure (target: ISemiringTarget<'T>) (a: 'T[]) (n: int) : 'T[] option =
    let identity i j = if i = j then target.One else target.Zero
    let mutable r = Array.init (n * n) (fun index -> identity (index / n) (index % n))
    let mutable rounds = 0
    let mutable settled = false
    while not settled && rounds <= n + 1 do
        let next =
            Array.init (n * n) (fun index ->
                let i, j = index / n, index % n
                let paths, _ = sum target ValueNone n (fun p -> target.Multiply(a.[i * n + p], r.[p * n + j])) false
                target.Add(identity i j, paths))
        settled <- Array.forall2 sameNumber next r
        r <- next
        rounds <- rounds + 1
    if settled then Some r else None
