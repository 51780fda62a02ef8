/// The decode-in-register kernels against the oracle on every vector path: float-accumulating dot and GEMV
/// within |r − r_exact| ≤ γₙ·Σ|aᵢxᵢ| (+ 1e-30 for underflow), int8 exact, Q4_0 × Q8_0 against the exact block
/// sums within γ_(blocks+2)·Σ|d₄d₈·sumᵢ|, llama.cpp's dot-product threshold, and bad shapes.
module TensorGen.Properties.PrecisionKernels

open System
open Expecto
open FsCheck
open FsCheck.FSharp
open TensorGen.Properties.Generators
open TensorGen
open TensorGen.Numerics
open TensorGen.Precision
open TensorGen.Algebra
open TensorGen.Properties.Fixtures
open TensorGen.Properties.PrecisionCodecs


let sizes = [ 0; 1; 2; 3; 7; 8; 9; 15; 16; 17; 31; 32; 33; 47; 48; 63; 64; 65; 95; 96; 97; 130 ]

let dimension = Gen.frequency [ 3, Gen.elements sizes; 1, Gen.choose (0, 150) ]

/// Values spread over many binades, both signs, some zeros.
let floatValue : Gen<float32> =
    Gen.frequency [ 1, Gen.constant 0.0f
                    6, Gen.map2 (fun (m: float) (e: int) -> float32 (Math.ScaleB(m, e))) (Gen.choose (-1000, 1000) |> Gen.map (fun i -> float i / 1000.0)) (Gen.choose (-6, 6)) ]

/// A storage format: its name, how to draw stored values from floats, the oracle decode, the kernels.
type Format<'S> =
    { Name: string
      Encode: float32 -> 'S
      Oracle: 'S -> float
      Dot: 'S[] -> float32[] -> float32
      MatVec: 'S[] -> float32[] -> float32[] -> int -> int -> unit }

let bf16Format =
    { Name = "BFloat16"; Encode = BFloat16.FromSingle; Oracle = (fun v -> Numerics.bf16ToDouble (v.ToBits()))
      Dot = (fun a x -> PrecisionKernels.Dot(ReadOnlySpan a, ReadOnlySpan x))
      MatVec = (fun w x y r c -> PrecisionDeclarations.BFloat16MatVec(ReadOnlySpan w, ReadOnlySpan x, Span y, r, c)) }
let halfFormat =
    { Name = "Half"; Encode = (fun f -> Half.op_Explicit f); Oracle = (fun v -> Numerics.halfToDouble (BitConverter.HalfToUInt16Bits v))
      Dot = (fun a x -> PrecisionKernels.Dot(ReadOnlySpan a, ReadOnlySpan x))
      MatVec = (fun w x y r c -> PrecisionDeclarations.HalfMatVec(ReadOnlySpan w, ReadOnlySpan x, Span y, r, c)) }
let posit8Format =
    { Name = "Posit8"; Encode = Posit8.FromSingle; Oracle = (fun v -> Numerics.positToDouble Numerics.posit8 (int (v.ToBits())))
      Dot = (fun a x -> PrecisionKernels.Dot(ReadOnlySpan a, ReadOnlySpan x))
      MatVec = (fun w x y r c -> PrecisionDeclarations.Posit8MatVec(ReadOnlySpan w, ReadOnlySpan x, Span y, r, c)) }
let posit16Format =
    { Name = "Posit16"; Encode = Posit16.FromSingle; Oracle = (fun v -> Numerics.positToDouble Numerics.posit16 (int (v.ToBits())))
      Dot = (fun a x -> PrecisionKernels.Dot(ReadOnlySpan a, ReadOnlySpan x))
      MatVec = (fun w x y r c -> PrecisionDeclarations.Posit16MatVec(ReadOnlySpan w, ReadOnlySpan x, Span y, r, c)) }
let posit16Es2Format =
    { Name = "Posit16Es2"; Encode = Posit16Es2.FromSingle; Oracle = (fun v -> Numerics.positToDouble Numerics.posit16Es2 (int (v.ToBits())))
      Dot = (fun a x -> PrecisionKernels.Dot(ReadOnlySpan a, ReadOnlySpan x))
      MatVec = (fun w x y r c -> PrecisionDeclarations.Posit16Es2MatVec(ReadOnlySpan w, ReadOnlySpan x, Span y, r, c)) }

let withinBound (what: string) (n: int) (expected: float) (magnitude: float) (actual: float32) =
    let bound = Numerics.gamma (max n 1) * magnitude + 1e-30
    if not (abs (float actual - expected) <= bound) then
        failtestf "%s: kernel %.9g, oracle %.17g, |diff| %g > bound %g (n = %d)" what actual expected (abs (float actual - expected)) bound n

let floatKernelTests (path: VectorPath) (f: Format<'S>) =
    let tests = if int path > int KernelDispatch.Accelerated then 25 else 60
    [ property (sprintf "%s Dot vs oracle, |err| ≤ γn·Σ|ax|" f.Name) tests
          (gen { let! n = dimension
                 let! a = Gen.arrayOfLength n floatValue
                 let! x = Gen.arrayOfLength n floatValue
                 return Array.map f.Encode a, x }) (fun (a, x) ->
            let expected, magnitude = Numerics.dotWithMagnitude (Array.map f.Oracle a) (Array.map float x)
            withinBound "dot" a.Length expected magnitude (onPath path (fun () -> f.Dot a x)))
      property (sprintf "%s MatVec (generated) vs oracle, per row |err| ≤ γcols·Σ|wx|" f.Name) (tests / 2)
          (gen { let! rows = Gen.elements [ 0; 1; 2; 3; 5; 8; 17 ]
                 let! cols = dimension
                 let! w = Gen.arrayOfLength (rows * cols) floatValue
                 let! x = Gen.arrayOfLength cols floatValue
                 return rows, cols, Array.map f.Encode w, x }) (fun (rows, cols, w, x) ->
            let y = Array.create rows nanf
            onPath path (fun () -> f.MatVec w x y rows cols)
            for r in 0 .. rows - 1 do
                let expected, magnitude = Numerics.dotWithMagnitude (Array.map f.Oracle w.[r * cols .. r * cols + cols - 1]) (Array.map float x)
                withinBound (sprintf "row %d" r) cols expected magnitude y.[r]) ]

let int8Value = Gen.frequency [ 4, Gen.choose (-128, 127) |> Gen.map sbyte; 1, Gen.elements [ -128y; 127y; -127y; 0y ] ]

let int8Tests (path: VectorPath) =
    [ property "int8 Dot vs oracle (exact int32, includes −128 · −128)" 80
          (gen { let! n = Gen.frequency [ 4, dimension; 1, Gen.elements [ 1000; 4099 ] ]
                 let! a = Gen.arrayOfLength n int8Value
                 let! x = Gen.arrayOfLength n int8Value
                 return a, x }) (fun (a, x) ->
            Expect.equal (onPath path (fun () -> PrecisionKernels.Dot(ReadOnlySpan a, ReadOnlySpan x))) (Numerics.int8Dot a x) "sum")
      test "int8 Dot of 4096 × (−128 · −128) = 67,108,864 exactly (no pmaddubsw saturation)" {
          let a = Array.create 4096 -128y
          Expect.equal (onPath path (fun () -> PrecisionKernels.Dot(ReadOnlySpan a, ReadOnlySpan a))) 67108864 "sum" }
      property "int8 MatVec (generated) vs oracle (exact)" 40
          (gen { let! rows = Gen.elements [ 0; 1; 3; 8 ]
                 let! cols = dimension
                 let! w = Gen.arrayOfLength (rows * cols) int8Value
                 let! x = Gen.arrayOfLength cols int8Value
                 return rows, cols, w, x }) (fun (rows, cols, w, x) ->
            let y = Array.zeroCreate rows
            onPath path (fun () -> PrecisionDeclarations.CallInt8MatVec(w, x, y, rows, cols))
            Expect.sequenceEqual y [| for r in 0 .. rows - 1 -> Numerics.int8Dot w.[r * cols .. r * cols + cols - 1] x |] "rows") ]

let q4Tests (path: VectorPath) =
    [ property "Q4_0 MatVec (generated) vs exact block sums of the reference Q4_0/Q8_0, |err| ≤ γ(b+4)·Σ|d₄d₈|·Σ|q₄−8||q₈|" 40
          (gen { let! rows = Gen.elements [ 0; 1; 2; 5; 9 ]
                 let! blocks = Gen.elements [ 0; 1; 2; 3; 8; 9 ]
                 let cols = 32 * blocks
                 let! w = Gen.arrayOfLength (rows * cols) floatValue
                 let! x = Gen.arrayOfLength cols floatValue
                 return rows, cols, w, x }) (fun (rows, cols, w, x) ->
            let q = quantizeQ4 w
            let y = Array.create rows nanf
            onPath path (fun () -> PrecisionDeclarations.Q4_0MatVec(ReadOnlySpan q, ReadOnlySpan x, Span y, rows, cols))
            let q4bytes = Numerics.quantizeQ4_0 w
            let q8bytes = Numerics.quantizeQ8_0 x
            let blocks = cols / 32
            for r in 0 .. rows - 1 do
                let terms = Numerics.q4q8BlockTerms q4bytes.[r * blocks * 18 .. (r + 1) * blocks * 18 - 1] q8bytes
                let expected = terms |> Array.sumBy (fun (s, d) -> float s * d)
                // lanes hold partial integer sums, so bound by the absolute products, not |Σ|
                let magnitude = Numerics.q4q8AbsoluteTerms q4bytes.[r * blocks * 18 .. (r + 1) * blocks * 18 - 1] q8bytes
                withinBound (sprintf "row %d" r) (blocks + 4) expected magnitude y.[r])
      test "Q4_0 MatVec: all 65,536 half patterns as a weight scale (code 9, x = 1): y = d₄·d₈·32·127 within 8u relative; ±inf and NaN as the oracle's" {
          // 65,536 rows (a multiple of four, so the AVX2 path decodes every scale eight at a time) of two blocks: d = the
          // row's pattern, then d = +0.
          let rows = 65536
          let block (d: int) = Array.append [| byte (d &&& 0xFF); byte (d >>> 8) |] (Array.create 16 0x99uy)
          let w = BlockQ4_0.FromBytes(ReadOnlySpan(Array.concat [ for r in 0 .. rows - 1 -> Array.append (block r) (block 0) ])).ToArray()
          let x = Array.create 64 1.0f
          let y = Array.create rows nanf
          onPath path (fun () -> PrecisionKernels.MatVec(ReadOnlySpan w, ReadOnlySpan x, Span y, rows, 64))
          let q8 = Numerics.quantizeQ8_0 x
          let d8 = Numerics.halfToDouble (uint16 q8.[0] ||| (uint16 q8.[1] <<< 8))
          let s = float (32 * int (sbyte q8.[2]))
          [| 0 .. rows - 1 |]
          |> Seq.filter (fun r ->
              let expected = Numerics.halfToDouble (uint16 r) * d8 * s
              let actual = float y.[r]
              not (if Double.IsNaN expected then Double.IsNaN actual
                   elif Double.IsInfinity expected then actual = expected
                   else abs (actual - expected) <= 2.0 ** -21.0 * abs expected))
          |> Seq.map (fun r -> sprintf "d = 0x%04X: %g" r y.[r]) |> failFirst "Q4_0 GEMV scale decode" }
      test "llama.cpp threshold: |Q4_0·Q8_0 dot − f32 dot| / n ≤ 0.02 on 0.1 + 2cos(i + off), n = 4096" {
          let a = Numerics.ggmlTestData 4096 0.0f
          let b = Numerics.ggmlTestData 4096 1.0f
          let result = onPath path (fun () -> PrecisionKernels.Dot(ReadOnlySpan(quantizeQ4 a), ReadOnlySpan(quantizeQ8 b)))
          let reference = Array.fold2 (fun s (u: float32) (v: float32) -> s + float u * float v) 0.0 a b
          let err = abs (float result - reference) / 4096.0
          Expect.isLessThanOrEqual err 0.02 (sprintf "dot error %g" err) }
      test "Q4_0 × Q8_0 with q8 = −128 everywhere (a hand-made GGUF block) is exact in the integer part" {
          let q4 = quantizeQ4 (Array.init 64 (fun j -> float32 (j % 16 - 8)))
          let bytes = Array.concat [ for _ in 0 .. 1 -> Array.append [| 0x00uy; 0x3Cuy |] (Array.create 32 0x80uy) ]   // d = 1.0, q = −128
          let q8 = BlockQ8_0.FromBytes(ReadOnlySpan bytes).ToArray()
          let terms = Numerics.q4q8BlockTerms (blockBytes q4) (blockBytes8 q8)
          let expected = terms |> Array.sumBy (fun (s, d) -> float s * d)
          Expect.equal (float (onPath path (fun () -> PrecisionKernels.Dot(ReadOnlySpan q4, ReadOnlySpan q8)))) expected "exact" } ]

let kernelTests (path: VectorPath) =
    testList (sprintf "kernels on %A" path)
        (List.concat [ floatKernelTests path bf16Format
                       floatKernelTests path halfFormat
                       floatKernelTests path posit8Format
                       floatKernelTests path posit16Format
                       floatKernelTests path posit16Es2Format
                       int8Tests path
                       q4Tests path ])

let shapeTests =
    let paramOf (f: unit -> unit) = try f (); "no exception" with :? ArgumentException as e -> e.ParamName
    testList "bad shapes → ArgumentException naming the parameter" [
        test "MatVec: w length, x length, y length, cols not whole Q4_0 blocks, negative rows" {
            let w = Array.zeroCreate<BFloat16> 6
            Expect.equal (paramOf (fun () -> PrecisionKernels.MatVec(ReadOnlySpan w, ReadOnlySpan(Array.zeroCreate 3), Span(Array.zeroCreate 3), 3, 3))) "w" "w"
            Expect.equal (paramOf (fun () -> PrecisionKernels.MatVec(ReadOnlySpan w, ReadOnlySpan(Array.zeroCreate 5), Span(Array.zeroCreate 3), 3, 2))) "x" "x"
            Expect.equal (paramOf (fun () -> PrecisionKernels.MatVec(ReadOnlySpan w, ReadOnlySpan(Array.zeroCreate 2), Span(Array.zeroCreate 2), 3, 2))) "y" "y"
            Expect.equal (paramOf (fun () -> PrecisionKernels.MatVec(ReadOnlySpan(Array.zeroCreate<BlockQ4_0> 1), ReadOnlySpan(Array.zeroCreate 16), Span(Array.zeroCreate 2), 2, 16))) "cols" "cols"
            Expect.equal (paramOf (fun () -> PrecisionKernels.MatVec(ReadOnlySpan w, ReadOnlySpan(Array.zeroCreate 2), Span(Array.zeroCreate 3), -3, 2))) "rows" "rows" }
        test "Dot: lengths differ; Q4_0 MatVec: NaN in x" {
            Expect.equal (paramOf (fun () -> PrecisionKernels.Dot(ReadOnlySpan(Array.zeroCreate<Posit16> 3), ReadOnlySpan(Array.zeroCreate 4)) |> ignore)) "x" "dot"
            Expect.equal (paramOf (fun () -> PrecisionKernels.MatVec(ReadOnlySpan(Array.zeroCreate<BlockQ4_0> 1), ReadOnlySpan(Array.create 32 nanf), Span(Array.zeroCreate 1), 1, 32))) "x" "NaN x" }
    ]

let tests (paths: VectorPath list) =
    testList "kernels" [ shapeTests; testList "paths" [ for p in paths -> kernelTests p ] ]
