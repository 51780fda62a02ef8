/// GEMM with compressed weights on every vector path: int8 × int8 → int32 exact against the oracle's int64 sums
/// (tiles ± 1, k past one kc block, n past one nc block, the threaded row blocks), and the f32-accumulating
/// formats (decode a row panel, then the f32 driver) within γₖ·Σ|aᵢₚbₚⱼ| of the exact product of the decoded weights.
module TensorGen.Properties.PrecisionGemm

open System
open Expecto
open FsCheck.FSharp
open TensorGen.Properties.Generators
open TensorGen
open TensorGen.Numerics
open TensorGen.Precision
open TensorGen.Algebra
open TensorGen.Properties.PrecisionCodecs
open TensorGen.Properties.PrecisionKernels

/// The exact int8 product, each entry a sum of int64 products, then wrapped to int32 as the kernel's contract says.
let int8Product (a: sbyte[]) (b: sbyte[]) m n k =
    Array.init (m * n) (fun ij ->
        let i, j = ij / n, ij % n
        let mutable s = 0L
        for p in 0 .. k - 1 do s <- s + int64 a.[i * k + p] * int64 b.[p * n + j]
        int32 s)

/// Equal arrays, or a failure naming the first entry that differs (a whole-array diff of 20,000 ints is unreadable and slow).
let sameInts (what: string) (actual: int[]) (expected: int[]) =
    match Array.tryFindIndex id (Array.map2 (<>) actual expected) with
    | Some i -> failtestf "%s: entry %d is %d, expected %d" what i actual.[i] expected.[i]
    | None -> ()

let int8MatMul path (a: sbyte[]) (b: sbyte[]) m n k =
    let c = Array.create (m * n) 0x5A5A5A5A   // garbage: the kernel must overwrite every entry
    onPath path (fun () -> PrecisionKernels.MatMul(ReadOnlySpan a, ReadOnlySpan b, Span c, m, n, k))
    c

/// Every entry of C against Σₚ decoded(aᵢₚ)·bₚⱼ in double, |err| ≤ γₖ·Σ|aᵢₚbₚⱼ|.
let checkFloatProduct (decoded: float[]) (b: float32[]) (c: float32[]) m n k =
    for i in 0 .. m - 1 do
        for j in 0 .. n - 1 do
            let row = decoded.[i * k .. i * k + k - 1]
            let column = Array.init k (fun p -> float b.[p * n + j])
            let expected, magnitude = Numerics.dotWithMagnitude row column
            withinBound (sprintf "C[%d,%d] of %d x %d x %d" i j m n k) k expected magnitude c.[i * n + j]

let gemmDimension = Gen.frequency [ 3, Gen.elements [ 0; 1; 2; 3; 4; 5; 6; 7; 8; 9; 15; 16; 17; 31; 32; 33 ]; 1, Gen.choose (0, 70) ]

let int8GemmTests (path: VectorPath) =
    let tests = if int path > int KernelDispatch.Accelerated then 20 else 50
    [ property "int8 × int8 → int32 MatMul vs oracle (exact), shapes around every tile" tests
          (gen { let! m = gemmDimension
                 let! n = gemmDimension
                 let! k = Gen.frequency [ 3, gemmDimension; 1, Gen.elements [ 255; 256; 257; 511; 512; 513; 1025 ] ]
                 let! a = Gen.arrayOfLength (m * k) int8Value
                 let! b = Gen.arrayOfLength (k * n) int8Value
                 return m, n, k, a, b }) (fun (m, n, k, a, b) ->
            sameInts (sprintf "C of %d x %d x %d" m n k) (int8MatMul path a b m n k) (int8Product a b m n k))
      test "int8 MatMul: all −128, k = 1100 (pmaddwd never saturates) crosses two k blocks, n = 1030 a column block" {
          let m, n, k = 3, 1030, 1100
          let a = Array.create (m * k) -128y
          let b = Array.create (k * n) -128y
          Expect.isTrue (int8MatMul path a b m n k |> Array.forall ((=) (16384 * 1100))) "every entry 16,384 x 1,100" }
      test "int8 MatMul: 200 x 100 x 120 runs its row blocks on two threads and on one, same C" {
          let rng = Random 5
          let m, n, k = 200, 100, 120
          let a = Array.init (m * k) (fun _ -> sbyte (rng.Next(-128, 128)))
          let b = Array.init (k * n) (fun _ -> sbyte (rng.Next(-128, 128)))
          let expected = int8Product a b m n k
          use _ = KernelThreads.Override 2
          sameInts "two threads" (int8MatMul path a b m n k) expected
          use _ = KernelThreads.Override 1
          sameInts "one thread" (int8MatMul path a b m n k) expected } ]

let floatGemmTests (path: VectorPath) =
    let tests = if int path > int KernelDispatch.Accelerated then 8 else 20
    let shape = gen { let! m = gemmDimension
                      let! n = gemmDimension
                      let! k = gemmDimension
                      return m, n, k }
    let formatTest (f: Format<'S>) (matMul: 'S[] -> float32[] -> float32[] -> int -> int -> int -> unit) =
        property (sprintf "%s MatMul vs oracle, |err| ≤ γk·Σ|ab|" f.Name) tests
            (gen { let! m, n, k = shape
                   let! a = Gen.arrayOfLength (m * k) floatValue
                   let! b = Gen.arrayOfLength (k * n) floatValue
                   return m, n, k, Array.map f.Encode a, b }) (fun (m, n, k, a, b) ->
                let c = Array.create (m * n) nanf
                onPath path (fun () -> matMul a b c m n k)
                checkFloatProduct (Array.map f.Oracle a) b c m n k)
    [ formatTest bf16Format (fun a b c m n k -> PrecisionKernels.MatMul(ReadOnlySpan a, ReadOnlySpan b, Span c, m, n, k))
      formatTest halfFormat (fun a b c m n k -> PrecisionKernels.MatMul(ReadOnlySpan a, ReadOnlySpan b, Span c, m, n, k))
      formatTest posit8Format (fun a b c m n k -> PrecisionKernels.MatMul(ReadOnlySpan a, ReadOnlySpan b, Span c, m, n, k))
      formatTest posit16Format (fun a b c m n k -> PrecisionKernels.MatMul(ReadOnlySpan a, ReadOnlySpan b, Span c, m, n, k))
      formatTest posit16Es2Format (fun a b c m n k -> PrecisionKernels.MatMul(ReadOnlySpan a, ReadOnlySpan b, Span c, m, n, k))
      property "Q4_0 MatMul vs oracle dequantization (ggml's), |err| ≤ γk·Σ|ab|" tests
          (gen { let! m = gemmDimension
                 let! n = gemmDimension
                 let! blocks = Gen.choose (0, 4)
                 let k = 32 * blocks
                 let! a = Gen.arrayOfLength (m * k) floatValue
                 let! b = Gen.arrayOfLength (k * n) floatValue
                 return m, n, k, a, b }) (fun (m, n, k, a, b) ->
            let q = quantizeQ4 a
            let c = Array.create (m * n) nanf
            onPath path (fun () -> PrecisionKernels.MatMul(ReadOnlySpan q, ReadOnlySpan b, Span c, m, n, k))
            checkFloatProduct (Numerics.dequantizeQ4_0 (blockBytes q)) b c m n k)
      property "int8 (per-row scales) MatMul vs oracle q·scale, |err| ≤ γk·Σ|ab| + rounding of q·scale" tests
          (gen { let! m, n, k = shape
                 let! a = Gen.arrayOfLength (m * k) floatValue
                 let! b = Gen.arrayOfLength (k * n) floatValue
                 return m, n, k, a, b }) (fun (m, n, k, a, b) ->
            let q = Array.zeroCreate<sbyte> (m * k)
            let scales = Array.zeroCreate<float32> m
            Int8Quantization.QuantizePerRow(ReadOnlySpan a, Span q, Span scales, m, k)
            let c = Array.create (m * n) nanf
            onPath path (fun () -> PrecisionKernels.MatMul(ReadOnlySpan q, ReadOnlySpan scales, ReadOnlySpan b, Span c, m, n, k))
            // The kernel decodes q·scale to float before multiplying: the oracle does the same rounding.
            checkFloatProduct (Array.init (m * k) (fun i -> float (float32 q.[i] * scales.[i / k]))) b c m n k)
      test "bf16 MatMul of 200 x 3 x 2800 decodes its weights in three row panels, every row right" {
          let rng = Random 9
          let m, n, k = 200, 3, 2800
          let a = Array.init (m * k) (fun _ -> BFloat16.FromSingle(float32 (rng.NextDouble() - 0.5)))
          let b = Array.init (k * n) (fun _ -> float32 (rng.NextDouble() - 0.5))
          let c = Array.create (m * n) nanf
          onPath path (fun () -> PrecisionKernels.MatMul(ReadOnlySpan a, ReadOnlySpan b, Span c, m, n, k))
          checkFloatProduct (Array.map bf16Format.Oracle a) b c m n k } ]

let shapeTests =
    let paramOf (f: unit -> unit) = try f (); "no exception" with :? ArgumentException as e -> e.ParamName
    test "MatMul bad shapes → ArgumentException naming the parameter (a, b, c, k not whole blocks, scales, m < 0)" {
        let f (n: int) = Array.zeroCreate<float32> n
        Expect.equal (paramOf (fun () -> PrecisionKernels.MatMul(ReadOnlySpan(Array.zeroCreate<sbyte> 5), ReadOnlySpan(Array.zeroCreate<sbyte> 6), Span(Array.zeroCreate<int> 4), 2, 2, 3))) "a" "int8 a"
        Expect.equal (paramOf (fun () -> PrecisionKernels.MatMul(ReadOnlySpan(Array.zeroCreate<sbyte> 6), ReadOnlySpan(Array.zeroCreate<sbyte> 5), Span(Array.zeroCreate<int> 4), 2, 2, 3))) "b" "int8 b"
        Expect.equal (paramOf (fun () -> PrecisionKernels.MatMul(ReadOnlySpan(Array.zeroCreate<sbyte> 6), ReadOnlySpan(Array.zeroCreate<sbyte> 6), Span(Array.zeroCreate<int> 5), 2, 2, 3))) "c" "int8 c"
        Expect.equal (paramOf (fun () -> PrecisionKernels.MatMul(ReadOnlySpan(Array.zeroCreate<BFloat16> 6), ReadOnlySpan(f 5), Span(f 4), 2, 2, 3))) "b" "bf16 b"
        Expect.equal (paramOf (fun () -> PrecisionKernels.MatMul(ReadOnlySpan(Array.zeroCreate<BlockQ4_0> 2), ReadOnlySpan(f 32), Span(f 2), 2, 1, 16))) "k" "Q4_0 k"
        Expect.equal (paramOf (fun () -> PrecisionKernels.MatMul(ReadOnlySpan(Array.zeroCreate<BlockQ4_0> 3), ReadOnlySpan(f 32), Span(f 2), 2, 1, 32))) "a" "Q4_0 a"
        Expect.equal (paramOf (fun () -> PrecisionKernels.MatMul(ReadOnlySpan(Array.zeroCreate<sbyte> 6), ReadOnlySpan(f 1), ReadOnlySpan(f 6), Span(f 4), 2, 2, 3))) "scales" "int8 scales"
        Expect.equal (paramOf (fun () -> PrecisionKernels.MatMul(ReadOnlySpan(Array.zeroCreate<Half> 6), ReadOnlySpan(f 6), Span(f 4), -2, 2, 3))) "m" "m < 0" }

let tests (paths: VectorPath list) =
    testList "gemm" [ shapeTests
                      testList "paths" [ for p in paths -> testList (sprintf "gemm on %A" p) (int8GemmTests p @ floatGemmTests p) ] ]
