/// The batched Q4_0 × Q8_0 GEMM (llama.cpp's scheme: each column of X quantized to Q8_0 once per call) on every
/// vector path, bit-exact against the oracle's f32 order (Numerics.q4q8MatMul): shapes around the 2 × 4 register
/// tile, the 32-row blocks and the 64-token chunks, k whole blocks, threads; the [CompressedMatMul] declarations of
/// every storage format against the oracle (int8 exact, decoded formats within γₖ·Σ|ab|); bad shapes and overlaps.
module TensorGen.Properties.PrecisionQ8Gemm

open System
open System.Runtime.InteropServices
open Expecto
open FsCheck.FSharp
open TensorGen.Properties.Generators
open TensorGen
open TensorGen.Numerics
open TensorGen.Precision
open TensorGen.Algebra
open TensorGen.Properties.Fixtures
open TensorGen.Properties.PrecisionCodecs
open TensorGen.Properties.PrecisionKernels
open TensorGen.Properties.PrecisionGemm

/// Rows around the AVX2 tile (2) and the row block (32); tokens around the tile (4) and the token chunk (64).
let q8Rows = Gen.frequency [ 4, Gen.elements [ 0; 1; 2; 3; 4; 5; 7; 13; 31; 32; 33 ]; 1, Gen.choose (0, 70) ]
let q8Tokens = Gen.frequency [ 4, Gen.elements [ 0; 1; 2; 3; 4; 5; 7; 8; 9; 11; 63; 64; 65; 67 ]; 1, Gen.choose (0, 70) ]
let q8Blocks = Gen.frequency [ 4, Gen.elements [ 0; 1; 2; 3; 5 ]; 1, Gen.elements [ 8; 9; 17 ] ]

let bits (c: float32[]) = Array.map BitConverter.SingleToInt32Bits c

/// The generated [CompressedMatMul(StorageFormat.Q4_0)] method, C pre-filled with NaN so every entry must be written.
let q8MatMul path (w: BlockQ4_0[]) (x: float32[]) m n k =
    let c = Array.create (m * n) nanf
    onPath path (fun () -> PrecisionDeclarations.Q4_0MatMul(ReadOnlySpan w, ReadOnlySpan x, Span c, m, n, k))
    c

let sameAsOracle what (w: BlockQ4_0[]) (x: float32[]) m n k (c: float32[]) =
    sameArrays what (bits c) (bits (Numerics.q4q8MatMul (blockBytes w) x m n k))

let q8GemmTests (path: VectorPath) =
    let tests = if int path > int KernelDispatch.Accelerated then 15 else 40
    [ property "Q4_0 × Q8_0 MatMul (generated) vs oracle, bit-exact: shapes 0, 1, primes, tiles ± 1, k whole blocks" tests
          (gen { let! m = q8Rows
                 let! n = q8Tokens
                 let! blocks = q8Blocks
                 let k = 32 * blocks
                 let! w = Gen.arrayOfLength (m * k) floatValue
                 let! x = Gen.arrayOfLength (k * n) floatValue
                 return m, n, k, quantizeQ4 w, x }) (fun (m, n, k, w, x) ->
            sameAsOracle (sprintf "C of %d x %d x %d" m n k) w x m n k (q8MatMul path w x m n k))
      test "Q4_0 × Q8_0 MatMul, bit-exact: nibbles 0 and 15 against q8 = ±127 (largest pmaddubsw pairs), 5 x 6 x 256" {
          let m, n, k = 5, 6, 256
          let w = quantizeQ4 (Array.init (m * k) (fun i -> if i % 3 = 0 then -8.0f else 7.0f))
          let x = Array.init (k * n) (fun i -> if i % 2 = 0 then 100.0f else -100.0f)
          sameAsOracle "extremes" w x m n k (q8MatMul path w x m n k) }
      test "Q4_0 × Q8_0 MatMul, bit-exact: 130 x 70 x 256 splits its row blocks over two threads and one, same bits" {
          let rng = Random 11
          let m, n, k = 130, 70, 256
          let w = quantizeQ4 (Array.init (m * k) (fun _ -> float32 (rng.NextDouble() - 0.5)))
          let x = Array.init (k * n) (fun _ -> float32 (rng.NextDouble() * 4.0 - 2.0))
          let expected = bits (Numerics.q4q8MatMul (blockBytes w) x m n k)
          use _ = KernelThreads.Override 2
          sameArrays "two threads" (bits (q8MatMul path w x m n k)) expected
          use _ = KernelThreads.Override 1
          sameArrays "one thread" (bits (q8MatMul path w x m n k)) expected }
      test "Q4_0 × Q8_0 MatMul: the runtime API (PrecisionKernels.MatMulQ8) and the generated method give the same bits" {
          let rng = Random 3
          let m, n, k = 9, 13, 96
          let w = quantizeQ4 (Array.init (m * k) (fun _ -> float32 (rng.NextDouble() - 0.5)))
          let x = Array.init (k * n) (fun _ -> float32 (rng.NextDouble() - 0.5))
          let c = Array.create (m * n) nanf
          onPath path (fun () -> PrecisionKernels.MatMulQ8(ReadOnlySpan w, ReadOnlySpan x, Span c, m, n, k))
          sameArrays "API vs generated" (bits c) (bits (q8MatMul path w x m n k)) } ]

/// The other [CompressedMatMul] declarations, each against its own oracle.
let declaredTests (path: VectorPath) =
    let tests = if int path > int KernelDispatch.Accelerated then 6 else 15
    let shape = gen { let! m = gemmDimension
                      let! n = gemmDimension
                      let! k = gemmDimension
                      return m, n, k }
    let declared (f: Format<'S>) (matMul: 'S[] -> float32[] -> float32[] -> int -> int -> int -> unit) =
        property (sprintf "%s MatMul (generated) vs oracle, |err| ≤ γk·Σ|ab|" f.Name) tests
            (gen { let! m, n, k = shape
                   let! a = Gen.arrayOfLength (m * k) floatValue
                   let! b = Gen.arrayOfLength (k * n) floatValue
                   return m, n, k, Array.map f.Encode a, b }) (fun (m, n, k, a, b) ->
                let c = Array.create (m * n) nanf
                onPath path (fun () -> matMul a b c m n k)
                checkFloatProduct (Array.map f.Oracle a) b c m n k)
    [ declared bf16Format (fun a b c m n k -> PrecisionDeclarations.BFloat16MatMul(ReadOnlySpan a, ReadOnlySpan b, Span c, m, n, k))
      declared halfFormat (fun a b c m n k -> PrecisionDeclarations.HalfMatMul(ReadOnlySpan a, ReadOnlySpan b, Span c, m, n, k))
      declared posit8Format (fun a b c m n k -> PrecisionDeclarations.Posit8MatMul(ReadOnlySpan a, ReadOnlySpan b, Span c, m, n, k))
      declared posit16Format (fun a b c m n k -> PrecisionDeclarations.Posit16MatMul(ReadOnlySpan a, ReadOnlySpan b, Span c, m, n, k))
      declared posit16Es2Format (fun a b c m n k -> PrecisionDeclarations.Posit16Es2MatMul(ReadOnlySpan a, ReadOnlySpan b, Span c, m, n, k))
      property "int8 × int8 → int32 MatMul (generated) vs oracle (exact)" tests
          (gen { let! m, n, k = shape
                 let! a = Gen.arrayOfLength (m * k) int8Value
                 let! b = Gen.arrayOfLength (k * n) int8Value
                 return m, n, k, a, b }) (fun (m, n, k, a, b) ->
            let c = Array.create (m * n) 0x5A5A5A5A
            onPath path (fun () -> PrecisionDeclarations.Int8MatMul(ReadOnlySpan a, ReadOnlySpan b, Span c, m, n, k))
            sameInts (sprintf "C of %d x %d x %d" m n k) c (int8Product a b m n k)) ]

let shapeTests =
    let paramOf (f: unit -> unit) = try f (); "no exception" with :? ArgumentException as e -> e.ParamName
    let f (n: int) = Array.zeroCreate<float32> n
    let q8 (a: BlockQ4_0[]) (b: float32[]) (c: float32[]) m n k = PrecisionKernels.MatMulQ8(ReadOnlySpan a, ReadOnlySpan b, Span c, m, n, k)
    test "MatMulQ8 bad arguments → ArgumentException naming the parameter (k not whole blocks, a, b, c, overlaps, NaN, m < 0)" {
        let blocks (n: int) = Array.zeroCreate<BlockQ4_0> n
        Expect.equal (paramOf (fun () -> q8 (blocks 2) (f 48) (f 6) 2 3 16)) "k" "k = 16"
        Expect.equal (paramOf (fun () -> q8 (blocks 2) (f 99) (f 6) 2 3 33)) "k" "k = 33"
        Expect.equal (paramOf (fun () -> q8 (blocks 3) (f 96) (f 6) 2 3 32)) "a" "a too long"
        Expect.equal (paramOf (fun () -> q8 (blocks 1) (f 96) (f 6) 2 3 32)) "a" "a too short"
        Expect.equal (paramOf (fun () -> q8 (blocks 2) (f 95) (f 6) 2 3 32)) "b" "b too short"
        Expect.equal (paramOf (fun () -> q8 (blocks 2) (f 96) (f 5) 2 3 32)) "c" "c too short"
        Expect.equal (paramOf (fun () -> q8 (blocks 2) (f 96) (f 6) -2 3 32)) "m" "m < 0"
        Expect.equal (paramOf (fun () -> q8 (blocks 2) (f 96) (f 6) 2 3 -32)) "k" "k < 0"
        let shared = f 200
        Expect.equal (paramOf (fun () -> PrecisionKernels.MatMulQ8(ReadOnlySpan(blocks 2), ReadOnlySpan(shared, 0, 96), Span(shared, 90, 6), 2, 3, 32))) "c" "c overlaps b"
        Expect.equal (paramOf (fun () ->
            let asBlocks = MemoryMarshal.Cast<float32, BlockQ4_0>(ReadOnlySpan shared).Slice(0, 2)
            PrecisionKernels.MatMulQ8(asBlocks, ReadOnlySpan(f 96), Span(shared, 4, 6), 2, 3, 32))) "c" "c overlaps a"
        let withNaN = f 96
        withNaN.[40] <- nanf
        Expect.equal (paramOf (fun () -> q8 (blocks 2) withNaN (f 6) 2 3 32)) "b" "NaN in b"
        withNaN.[40] <- infinityf
        Expect.equal (paramOf (fun () -> q8 (blocks 2) withNaN (f 6) 2 3 32)) "b" "∞ in b" }

let tests (paths: VectorPath list) =
    testList "gemm.q4_0q8_0"
        [ shapeTests
          testList "paths" [ for p in paths -> testList (sprintf "q4_0×q8_0 and declared GEMM on %A" p) (q8GemmTests p @ declaredTests p) ] ]
