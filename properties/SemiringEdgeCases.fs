/// Argument validation (the exception names the parameter and nothing is written), empty shapes on every
/// path, Closure on non-idempotent semirings, and integer infinities that annihilate without overflow.
module TensorGen.Properties.SemiringEdgeCases

open System
open Expecto
open TensorGen
open TensorGen.Semirings
open TensorGen.Properties.Fixtures
open TensorGen.Properties.Generators
open TensorGen.Properties.SemiringKernels

/// `f` throws an ArgumentException (or subclass) whose ParamName is `name`, and leaves `output` as it was.
let private rejects (name: string) (output: 'T[]) (f: unit -> unit) =
    let before = Array.copy output
    let error =
        try f (); None
        with :? ArgumentException as e -> Some e
    match error with
    | None -> failtestf "expected an ArgumentException naming '%s'; nothing was thrown" name
    | Some e ->
        Expect.equal e.ParamName name (sprintf "ParamName (message: %s)" e.Message)
        Expect.sequenceEqual output before "the output was written before the argument was rejected"

/// Validation cases for one semiring, with `v` a value that is neither Zero nor One where possible.
let private validation (k: IKernels<'T>) (v: 'T) : Test =
    let arr n = Array.create n v
    let c = arr 6
    let nt, tt = Transpose.None, Transpose.Transposed
    testList k.Name
        [ testCase "MatMul contiguous names a, b, c, m, n, k" <| fun () ->
            // a 2x3, b 3x2, c 2x2 (c has room for 6 so that a too-long c is tested separately)
            rejects "a" c (fun () -> k.MatMul(ReadOnlySpan(arr 5), ReadOnlySpan(arr 6), Span(c, 0, 4), 2, 2, 3))
            rejects "b" c (fun () -> k.MatMul(ReadOnlySpan(arr 6), ReadOnlySpan(arr 5), Span(c, 0, 4), 2, 2, 3))
            rejects "c" c (fun () -> k.MatMul(ReadOnlySpan(arr 6), ReadOnlySpan(arr 6), Span(c, 0, 3), 2, 2, 3))
            rejects "m" c (fun () -> k.MatMul(ReadOnlySpan(arr 6), ReadOnlySpan(arr 6), Span(c, 0, 4), -1, 2, 3))
            rejects "n" c (fun () -> k.MatMul(ReadOnlySpan(arr 6), ReadOnlySpan(arr 6), Span(c, 0, 4), 2, -1, 3))
            rejects "k" c (fun () -> k.MatMul(ReadOnlySpan(arr 6), ReadOnlySpan(arr 6), Span(c, 0, 4), 2, 2, -1))
            rejects "c" c (fun () -> k.MatMulAdd(ReadOnlySpan(arr 6), ReadOnlySpan(arr 6), Span(c, 0, 3), 2, 2, 3))
          testCase "MatMul general names lda, ldb, ldc, transposeA, transposeB, and an overlapping c" <| fun () ->
            let a, b = arr 6, arr 6
            rejects "lda" c (fun () -> k.MatMul(ReadOnlySpan a, 2, nt, ReadOnlySpan b, 2, nt, Span(c, 0, 4), 2, 2, 2, 3, false))
            rejects "ldb" c (fun () -> k.MatMul(ReadOnlySpan a, 3, nt, ReadOnlySpan b, 1, nt, Span(c, 0, 4), 2, 2, 2, 3, false))
            rejects "ldc" c (fun () -> k.MatMul(ReadOnlySpan a, 3, nt, ReadOnlySpan b, 2, nt, Span(c, 0, 4), 1, 2, 2, 3, false))
            // transposed A is stored k x m = 3 x 2: lda 2 fits, lda 1 does not
            rejects "lda" c (fun () -> k.MatMul(ReadOnlySpan a, 1, tt, ReadOnlySpan b, 2, nt, Span(c, 0, 4), 2, 2, 2, 3, false))
            rejects "transposeA" c (fun () -> k.MatMul(ReadOnlySpan a, 3, enum<Transpose> 7, ReadOnlySpan b, 2, nt, Span(c, 0, 4), 2, 2, 2, 3, true))
            rejects "transposeB" c (fun () -> k.MatMul(ReadOnlySpan a, 3, nt, ReadOnlySpan b, 2, enum<Transpose> -1, Span(c, 0, 4), 2, 2, 2, 3, true))
            let shared = arr 12
            rejects "c" shared (fun () ->
                k.MatMul(ReadOnlySpan(shared, 0, 6), 3, nt, ReadOnlySpan b, 2, nt, Span(shared, 4, 4), 2, 2, 2, 3, false))
            rejects "c" shared (fun () ->
                k.MatMul(ReadOnlySpan a, 3, nt, ReadOnlySpan(shared, 6, 6), 2, nt, Span(shared, 8, 4), 2, 2, 2, 3, true))
          testCase "MatVec names a, x, y, lda, m, n, and an overlapping y" <| fun () ->
            let a, x, y = arr 6, arr 3, arr 2
            rejects "a" y (fun () -> k.MatVec(ReadOnlySpan(arr 5), ReadOnlySpan x, Span y, 2, 3))
            rejects "x" y (fun () -> k.MatVec(ReadOnlySpan a, ReadOnlySpan(arr 2), Span y, 2, 3))
            rejects "y" y (fun () -> k.MatVec(ReadOnlySpan a, ReadOnlySpan x, Span(y, 0, 1), 2, 3))
            rejects "m" y (fun () -> k.MatVec(ReadOnlySpan a, ReadOnlySpan x, Span y, -2, 3))
            rejects "n" y (fun () -> k.MatVec(ReadOnlySpan a, ReadOnlySpan x, Span y, 2, -3))
            rejects "lda" y (fun () -> k.MatVec(ReadOnlySpan a, 2, nt, ReadOnlySpan x, Span y, 2, 3, true))
            let shared = arr 8
            rejects "y" shared (fun () -> k.MatVec(ReadOnlySpan a, 3, nt, ReadOnlySpan(shared, 0, 3), Span(shared, 2, 2), 2, 3, true))
            rejects "y" shared (fun () -> k.MatVec(ReadOnlySpan(shared, 0, 6), 3, nt, ReadOnlySpan x, Span(shared, 5, 2), 2, 3, false))
          testCase "Dot, Add, Multiply name y and destination; partial overlap is rejected" <| fun () ->
            let x, y, d = arr 5, arr 5, arr 5
            rejects "y" d (fun () -> k.Dot(ReadOnlySpan x, ReadOnlySpan(arr 4)) |> ignore)
            rejects "y" d (fun () -> k.Add(ReadOnlySpan x, ReadOnlySpan(arr 4), Span d))
            rejects "destination" d (fun () -> k.Add(ReadOnlySpan x, ReadOnlySpan y, Span(d, 0, 4)))
            rejects "destination" d (fun () -> k.Multiply(ReadOnlySpan x, ReadOnlySpan y, Span(d, 0, 4)))
            let shared = arr 8
            rejects "destination" shared (fun () -> k.Add(ReadOnlySpan(shared, 0, 5), ReadOnlySpan y, Span(shared, 1, 5)))
            rejects "destination" shared (fun () -> k.Multiply(ReadOnlySpan x, ReadOnlySpan(shared, 3, 5), Span(shared, 0, 5)))
          testCase "Closure names a and n, or refuses a non-idempotent semiring" <| fun () ->
            if k.IsAddIdempotent then
                let a = arr 9
                rejects "a" a (fun () -> k.Closure(Span(a, 0, 8), 3))
                rejects "n" a (fun () -> k.Closure(Span(a, 0, 0), -1))
            else
                let a = arr 9
                Expect.throwsT<NotSupportedException> (fun () -> k.Closure(Span a, 3)) "Closure without idempotent Add"
                Expect.sequenceEqual a (arr 9) "Closure wrote before refusing" ]

/// Empty shapes on every path: nothing is read, C (k = 0) becomes Zero unless accumulating, Dot is Zero.
let private empties (k: IKernels<'T>) (v: 'T) : Test =
    testList k.Name
        [ for path in KernelDispatch.All ->
            testCase (string path) <| fun () ->
                onPath path (fun () ->
                    let c = Array.create 6 v
                    k.MatMul(ReadOnlySpan<'T>.Empty, ReadOnlySpan<'T>.Empty, Span(c, 0, 0), 0, 3, 0)
                    k.MatMul(ReadOnlySpan(c, 0, 6), ReadOnlySpan<'T>.Empty, Span<'T>.Empty, 2, 0, 3)
                    k.MatMul(ReadOnlySpan<'T>.Empty, 1, Transpose.None, ReadOnlySpan<'T>.Empty, 1, Transpose.None, Span<'T>.Empty, 1, 0, 0, 0, false)
                    Expect.sequenceEqual c (Array.create 6 v) "m = 0 or n = 0 must not write"
                    k.MatMul(ReadOnlySpan<'T>.Empty, 1, Transpose.None, ReadOnlySpan<'T>.Empty, 3, Transpose.None, Span c, 3, 2, 3, 0, true)
                    Expect.sequenceEqual c (Array.create 6 v) "k = 0 accumulating leaves C"
                    k.MatMul(ReadOnlySpan<'T>.Empty, ReadOnlySpan<'T>.Empty, Span c, 2, 3, 0)
                    Expect.sequenceEqual c (Array.create 6 k.Zero) "k = 0 overwriting gives Zero"
                    let y = Array.create 2 v
                    k.MatVec(ReadOnlySpan<'T>.Empty, ReadOnlySpan<'T>.Empty, Span y, 2, 0)
                    Expect.sequenceEqual y (Array.create 2 k.Zero) "MatVec with n = 0 gives Zero"
                    Expect.equal (k.Dot(ReadOnlySpan<'T>.Empty, ReadOnlySpan<'T>.Empty)) k.Zero "empty Dot is Zero"
                    k.Add(ReadOnlySpan<'T>.Empty, ReadOnlySpan<'T>.Empty, Span<'T>.Empty)
                    if k.IsAddIdempotent then k.Closure(Span<'T>.Empty, 0)) ]

/// An integer infinity ⊗ anything is that infinity, on every path, element-wise and inside products.
let private infinityAnnihilates (k: IKernels<'T>) (infinity: 'T) (others: 'T[]) : Test =
    testList k.Name
        [ testCase "scalar Multiply" <| fun () ->
            for x in others do
                Expect.equal (k.ScalarMultiply(infinity, x)) infinity (sprintf "inf * %A" x)
                Expect.equal (k.ScalarMultiply(x, infinity)) infinity (sprintf "%A * inf" x)
          for path in KernelDispatch.All do
            testCase (sprintf "Multiply, Dot and MatMul on %O" path) <| fun () ->
                onPath path (fun () ->
                    let n = others.Length
                    let infs = Array.create n infinity
                    let d = Array.zeroCreate n
                    k.Multiply(ReadOnlySpan infs, ReadOnlySpan others, Span d)
                    Expect.sequenceEqual d infs "inf * x element-wise"
                    k.Multiply(ReadOnlySpan others, ReadOnlySpan infs, Span d)
                    Expect.sequenceEqual d infs "x * inf element-wise"
                    Expect.equal (k.Dot(ReadOnlySpan infs, ReadOnlySpan others)) infinity "Dot of inf with x"
                    // A = [inf ... inf] (1 x n) times B = diag-free column of others (n x 1): every term is inf.
                    let c = [| k.One |]
                    k.MatMul(ReadOnlySpan infs, ReadOnlySpan others, Span c, 1, 1, n)
                    Expect.equal c.[0] infinity "1 x n times n x 1 of infinities") ]

let private int32Extremes = [| Int32.MinValue; Int32.MinValue + 1; -1; 0; 1; 7; Int32.MaxValue - 1; Int32.MaxValue; -5; 100; 1 <<< 30; -(1 <<< 30); 3; 4; 5; 6; 8 |]
let private int64Extremes = int32Extremes |> Array.map int64 |> Array.append [| Int64.MinValue; Int64.MinValue + 1L; Int64.MaxValue - 1L; Int64.MaxValue |]

let tests : Test =
    testList "edge cases"
        [ testList "validation"
              [ validation Kernels<PlusTimesSingle, float32>.Instance 2.5f
                validation Kernels<MaxPlusDouble, float>.Instance -3.0
                validation Kernels<MinPlusInt32, int>.Instance 7
                validation Kernels<Counting, int64>.Instance 3L
                validation Kernels<OrAnd, bool>.Instance true
                validation Kernels<LogSumExpSingle, float32>.Instance 1.5f
                validation Kernels<UserMinPlusInt32, int>.Instance 4
                validation Kernels<UserMaxMinDouble, float>.Instance 0.5 ]
          testList "empty shapes"
              [ empties Kernels<PlusTimesSingle, float32>.Instance 2.5f
                empties Kernels<MinPlusDouble, float>.Instance 1.0
                empties Kernels<MaxPlusInt64, int64>.Instance 9L
                empties Kernels<OrAnd, bool>.Instance true
                empties Kernels<UserPlusTimesInt64, int64>.Instance 5L ]
          testList "integer infinity annihilates without overflow"
              [ infinityAnnihilates Kernels<MinPlusInt32, int>.Instance Int32.MaxValue int32Extremes
                infinityAnnihilates Kernels<UserMinPlusInt32, int>.Instance Int32.MaxValue int32Extremes
                infinityAnnihilates Kernels<MaxPlusInt32, int>.Instance Int32.MinValue int32Extremes
                infinityAnnihilates Kernels<MinPlusInt64, int64>.Instance Int64.MaxValue int64Extremes
                infinityAnnihilates Kernels<MaxPlusInt64, int64>.Instance Int64.MinValue int64Extremes ] ]
