/// Every kernel of every semiring against the oracle, on every vector path (forced with
/// KernelDispatch.Override), each test named with its exactness class.
module TensorGen.Properties.SemiringKernels

open System
open Expecto
open FsCheck
open FsCheck.FSharp
open TensorGen
open TensorGen.Algebra
open TensorGen.Kernels
open TensorGen.Properties.Fixtures
open TensorGen.Properties.Generators
open TensorGen.Properties.Exactness
open TensorGen.Properties.Cases

/// Paths wider than the hardware accelerates (Vector512 without AVX-512, every vector path under
/// DOTNET_EnableHWIntrinsic=0) execute in software: smaller shapes and fewer draws there.
let limitsFor (path: VectorPath) : Limits =
    if int path > int KernelDispatch.Accelerated then
        { MaxDim = 33; MaxWork = 4000; MaxTests = 40 }
    else
        { MaxDim = 65; MaxWork = 12000; MaxTests = 100 }

let toTranspose (transposed: bool) = if transposed then Transpose.Transposed else Transpose.None

let private mapped (toMagnitude: 'T -> float) (x: 'T[]) = Array.map toMagnitude x

let private gemmTests (c: Case<'T>) (path: VectorPath) (limits: Limits) : Test list =
    let ex = c.Exactness
    let onPath path f = onPathTile path TileVariant.Primary f
    [ property (sprintf "MatMul general (op, ld, accumulate) vs oracle, %s" ex.Name) limits.MaxTests
          (gemmCase false limits c.Values) (fun g ->
            let s = g.Shape
            let expected = Matrix.matMulGeneral c.Oracle g.A s.Lda s.TransposeA g.B s.Ldb s.TransposeB g.C s.Ldc s.M s.N s.K s.Accumulate
            let actual = Array.copy g.C
            onPath path (fun () ->
                c.Kernels.MatMul(ReadOnlySpan g.A, s.Lda, toTranspose s.TransposeA, ReadOnlySpan g.B, s.Ldb, toTranspose s.TransposeB,
                                 Span actual, s.Ldc, s.M, s.N, s.K, s.Accumulate))
            let mags = magnitudes ex (fun mag f ->
                Matrix.matMulGeneral mag (mapped f g.A) s.Lda s.TransposeA (mapped f g.B) s.Ldb s.TransposeB (mapped f g.C) s.Ldc s.M s.N s.K s.Accumulate)
            let terms = s.K + (if s.Accumulate then 1 else 0)
            check ex "C" s.M s.N s.Ldc terms mags expected actual)

      property (sprintf "MatMul contiguous vs oracle, %s" ex.Name) (limits.MaxTests / 2)
          (gemmCase true limits c.Values) (fun g ->
            let s = g.Shape
            let expected = Matrix.matMul c.Oracle g.A g.B s.M s.N s.K
            let actual = Array.copy g.C
            onPath path (fun () -> c.Kernels.MatMul(ReadOnlySpan g.A, ReadOnlySpan g.B, Span actual, s.M, s.N, s.K))
            let mags = magnitudes ex (fun mag f -> Matrix.matMul mag (mapped f g.A) (mapped f g.B) s.M s.N s.K)
            check ex "C" s.M s.N s.N s.K mags expected actual)

      property (sprintf "MatMulAdd contiguous vs oracle, %s" ex.Name) (limits.MaxTests / 2)
          (gemmCase true limits c.Values) (fun g ->
            let s = g.Shape
            let expected = Matrix.matMulAdd c.Oracle g.A g.B g.C s.M s.N s.K
            let actual = Array.copy g.C
            onPath path (fun () -> c.Kernels.MatMulAdd(ReadOnlySpan g.A, ReadOnlySpan g.B, Span actual, s.M, s.N, s.K))
            let mags = magnitudes ex (fun mag f -> Matrix.matMulAdd mag (mapped f g.A) (mapped f g.B) (mapped f g.C) s.M s.N s.K)
            check ex "C" s.M s.N s.N (s.K + 1) mags expected actual) ]

let private matVecTests (c: Case<'T>) (path: VectorPath) (limits: Limits) : Test list =
    let ex = c.Exactness
    [ property (sprintf "MatVec general (op, lda, accumulate) vs oracle, %s" ex.Name) limits.MaxTests
          (matVecCase false limits c.Values) (fun v ->
            let expected = Matrix.matVecGeneral c.Oracle v.A v.Lda v.Transpose v.X v.Y v.M v.N v.Accumulate
            let actual = Array.copy v.Y
            onPath path (fun () ->
                c.Kernels.MatVec(ReadOnlySpan v.A, v.Lda, toTranspose v.Transpose, ReadOnlySpan v.X, Span actual, v.M, v.N, v.Accumulate))
            let mags = magnitudes ex (fun mag f ->
                Matrix.matVecGeneral mag (mapped f v.A) v.Lda v.Transpose (mapped f v.X) (mapped f v.Y) v.M v.N v.Accumulate)
            check ex "y" 1 v.M 0 (v.N + (if v.Accumulate then 1 else 0)) mags expected actual)

      property (sprintf "MatVec contiguous vs oracle, %s" ex.Name) (limits.MaxTests / 2)
          (matVecCase true limits c.Values) (fun v ->
            let expected = Matrix.matVec c.Oracle v.A v.X v.M v.N
            let actual = Array.copy v.Y
            onPath path (fun () -> c.Kernels.MatVec(ReadOnlySpan v.A, ReadOnlySpan v.X, Span actual, v.M, v.N))
            let mags = magnitudes ex (fun mag f -> Matrix.matVec mag (mapped f v.A) (mapped f v.X) v.M v.N)
            check ex "y" 1 v.M 0 v.N mags expected actual) ]

/// Element-wise inputs; `alias` = 0: a separate destination, 1: destination is x, 2: destination is y.
let private elementwiseCase (limits: Limits) (values: Gen<'T>) =
    Gen.map2 (fun pair alias -> pair, alias) (vectorPair limits values) (Gen.elements [ 0; 0; 1; 2 ])

let private vectorTests (c: Case<'T>) (path: VectorPath) (limits: Limits) : Test list =
    let ex = c.Exactness
    let elementwise (name: string) (kernel: IKernels<'T> -> 'T[] -> 'T[] -> 'T[] -> unit) =
        let oracle (s: Semiring<'U>) (x: 'U[]) (y: 'U[]) : 'U[] = if name = "Add" then Matrix.add s x y else Matrix.multiply s x y
        property (sprintf "%s element-wise (incl. in place) vs oracle, %s" name ex.Name) (limits.MaxTests * 2)
            (elementwiseCase limits c.Values) (fun ((x, y), alias) ->
                let expected = oracle c.Oracle x y
                let xs, ys = Array.copy x, Array.copy y
                let destination = match alias with 1 -> xs | 2 -> ys | _ -> Array.zeroCreate x.Length
                onPath path (fun () -> kernel c.Kernels xs ys destination)
                let mags = magnitudes ex (fun mag f -> oracle mag (mapped f x) (mapped f y))
                check ex (sprintf "destination (alias %d)" alias) 1 x.Length 0 1 mags expected destination)
    [ property (sprintf "Dot vs oracle, %s" ex.Name) (limits.MaxTests * 2) (vectorPair limits c.Values) (fun (x, y) ->
            let expected = Matrix.dot c.Oracle x y
            let actual = onPath path (fun () -> c.Kernels.Dot(ReadOnlySpan x, ReadOnlySpan y))
            let mag = magnitudes ex (fun mag f -> [| Matrix.dot mag (mapped f x) (mapped f y) |]) |> Option.map Array.head |> Option.defaultValue 0.0
            checkScalar ex (sprintf "Dot of length %d" x.Length) x.Length mag expected actual)
      elementwise "Add" (fun k x y d -> k.Add(ReadOnlySpan x, ReadOnlySpan y, Span d))
      elementwise "Multiply" (fun k x y d -> k.Multiply(ReadOnlySpan x, ReadOnlySpan y, Span d)) ]

let private closureTests (c: Case<'T>) (path: VectorPath) (variant: TileVariant) (limits: Limits) : Test list =
    match c.ClosureValues with
    | Some values when c.Oracle.IsAddIdempotent ->
        [ property (sprintf "Closure vs oracle (repeated squaring), %s" c.Exactness.Name) limits.MaxTests
              (squareCase limits values) (fun (n, a) ->
                let expected = Matrix.closure c.Oracle a n
                let actual = Array.copy a
                onPathTile path variant (fun () -> c.Kernels.Closure(Span actual, n))
                check c.Exactness (sprintf "A* (n = %d)" n) n n n n None expected actual) ]
    | _ -> []

/// The path's second micro-kernel (8 x 3, 4 x 3 or 14 x 2 vectors), forced: the general MatMul and the closure on it.
let private alternateTileTests (c: Case<'T>) (path: VectorPath) (limits: Limits) : Test list =
    let ex = c.Exactness
    [ property (sprintf "MatMul general on the alternate tile vs oracle, %s" ex.Name) limits.MaxTests
          (gemmCase false limits c.Values) (fun g ->
            let s = g.Shape
            let expected = Matrix.matMulGeneral c.Oracle g.A s.Lda s.TransposeA g.B s.Ldb s.TransposeB g.C s.Ldc s.M s.N s.K s.Accumulate
            let actual = Array.copy g.C
            onPathTile path TileVariant.Alternate (fun () ->
                c.Kernels.MatMul(ReadOnlySpan g.A, s.Lda, toTranspose s.TransposeA, ReadOnlySpan g.B, s.Ldb, toTranspose s.TransposeB,
                                 Span actual, s.Ldc, s.M, s.N, s.K, s.Accumulate))
            let mags = magnitudes ex (fun mag f ->
                Matrix.matMulGeneral mag (mapped f g.A) s.Lda s.TransposeA (mapped f g.B) s.Ldb s.TransposeB (mapped f g.C) s.Ldc s.M s.N s.K s.Accumulate)
            let terms = s.K + (if s.Accumulate then 1 else 0)
            check ex "C" s.M s.N s.Ldc terms mags expected actual)
      yield! closureTests c path TileVariant.Alternate limits ]

/// The declared constants and the generated idempotence flag agree with the oracle.
let private declarationTest (c: Case<'T>) : Test =
    testCase "Zero, One and IsAddIdempotent match the oracle (bit-exact)" <| fun () ->
        let bits (x: 'T) : obj =
            match box x with
            | :? float as d -> box (BitConverter.DoubleToInt64Bits d)
            | :? float32 as f -> box (BitConverter.SingleToInt32Bits f)
            | other -> other
        let sameBits (x: 'T) (y: 'T) = (bits x).Equals(bits y)
        Expect.isTrue (sameBits c.Kernels.Zero c.Oracle.Zero) (sprintf "Zero: declared %A, oracle %A" c.Kernels.Zero c.Oracle.Zero)
        Expect.isTrue (sameBits c.Kernels.One c.Oracle.One) (sprintf "One: declared %A, oracle %A" c.Kernels.One c.Oracle.One)
        Expect.equal c.Kernels.IsAddIdempotent c.Oracle.IsAddIdempotent "IsAddIdempotent"

let private caseTests (c: Case<'T>) : Test =
    testList c.Kernels.Name
        [ declarationTest c
          for path in KernelDispatch.All do
              let limits = limitsFor path
              testList (string path)
                  (gemmTests c path limits @ matVecTests c path limits @ vectorTests c path limits @ closureTests c path TileVariant.Primary limits)
              if path <> VectorPath.Scalar then
                  testList (sprintf "%O alternate tile" path) (alternateTileTests c path limits) ]

let tests : Test =
    testList "kernels"
        [ yield! Cases.all |> List.map (fun case -> case.Apply { new ICaseFunc<Test> with member _.Invoke c = caseTests c })
          yield BitPacking.tests
          yield DispatchLegs.tests ]
