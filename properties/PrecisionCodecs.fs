/// The number formats against the oracle (TensorGen.Algebra.Numerics): exhaustive decode of every 16-bit and
/// 8-bit pattern, encode on boundary and random samples (all 2^32 floats with TENSORGEN_EXHAUSTIVE=1), the
/// vectorized span converters against the scalar codec bit for bit on every vector path, the GGUF block
/// quantizers byte for byte, and bad input. Every comparison here is bit-exact.
module TensorGen.Properties.PrecisionCodecs

open System
open Expecto
open TensorGen.Properties.Generators
open TensorGen
open TensorGen.Numerics
open TensorGen.Algebra

let exhaustive = Environment.GetEnvironmentVariable "TENSORGEN_EXHAUSTIVE" = "1"

/// Bit-exact equality of a float against an oracle double: both NaN, or the same value with the same sign.
let sameValue (expected: float) (actual: float32) =
    if Double.IsNaN expected then Single.IsNaN actual
    else float actual = expected && (Math.Sign(1.0 / expected) = Math.Sign(1.0 / float actual) || expected <> 0.0)

/// Fails at the first index where two arrays differ (cheap even for 65,536-element arrays).
let sameArrays (what: string) (actual: 'T[]) (expected: 'T[]) =
    if actual.Length <> expected.Length then failtestf "%s: length %d, expected %d" what actual.Length expected.Length
    match Array.tryFindIndex id (Array.map2 (fun a e -> a <> e) actual expected) with
    | Some i -> failtestf "%s: first mismatch at [%d]: %A, expected %A" what i actual.[i] expected.[i]
    | None -> ()

let failFirst (what: string) (bad: seq<string>) =
    match Seq.tryHead bad with
    | Some first -> failtestf "%s: first mismatch %s" what first
    | None -> ()

let all16 = [| 0 .. 65535 |]

let decodeTests =
    testList "decode, every pattern vs oracle (bit-exact)" [
        test "BFloat16: all 65,536 patterns" {
            all16 |> Seq.filter (fun b -> not (sameValue (Numerics.bf16ToDouble (uint16 b)) (BFloat16.FromBits(uint16 b).ToSingle())))
                  |> Seq.map (sprintf "0x%04X") |> failFirst "bf16 decode" }
        test "Half: all 65,536 patterns" {
            all16 |> Seq.filter (fun b -> not (sameValue (Numerics.halfToDouble (uint16 b)) (float32 (BitConverter.UInt16BitsToHalf(uint16 b)))))
                  |> Seq.map (sprintf "0x%04X") |> failFirst "half decode" }
        test "Posit16 (es=1): all 65,536 patterns" {
            all16 |> Seq.filter (fun b -> not (sameValue (Numerics.positToDouble Numerics.posit16 b) (Posit16.FromBits(uint16 b).ToSingle())))
                  |> Seq.map (sprintf "0x%04X") |> failFirst "posit16 decode" }
        test "Posit16Es2: all 65,536 patterns" {
            all16 |> Seq.filter (fun b -> not (sameValue (Numerics.positToDouble Numerics.posit16Es2 b) (Posit16Es2.FromBits(uint16 b).ToSingle())))
                  |> Seq.map (sprintf "0x%04X") |> failFirst "posit16es2 decode" }
        test "Q4_0 scale d: all 65,536 half patterns decode as the oracle's half (code 9 = 1·d; the kernels' own half decoding)" {
            let blocks = Array.init 65536 (fun b -> let bytes = Array.append [| byte (b &&& 0xFF); byte (b >>> 8) |] (Array.create 16 0x99uy)
                                                    BlockQ4_0.FromBytes(ReadOnlySpan bytes).[0])
            let values = Array.zeroCreate<float32> (65536 * 32)
            BlockQ4_0.Dequantize(ReadOnlySpan blocks, Span values)
            all16 |> Seq.filter (fun b -> not (sameValue (Numerics.halfToDouble (uint16 b)) values.[b * 32 + 31]))
                  |> Seq.map (sprintf "d = 0x%04X") |> failFirst "Q4_0 scale decode" }
        test "Posit8 (es=0): all 256 patterns" {
            [| 0 .. 255 |] |> Seq.filter (fun b -> not (sameValue (Numerics.positToDouble Numerics.posit8 b) (Posit8.FromBits(byte b).ToSingle())))
                           |> Seq.map (sprintf "0x%02X") |> failFirst "posit8 decode" }
        test "posit landmarks: maxpos, minpos, NaR, one" {
            Expect.equal (Posit16.MaxValue.ToSingle()) (float32 (2.0 ** 28.0)) "posit16 maxpos = 2^28"
            Expect.equal (Posit16Es2.MinPositive.ToSingle()) (float32 (2.0 ** -56.0)) "posit16es2 minpos = 2^-56"
            Expect.equal (Posit8.MaxValue.ToSingle()) 64.0f "posit8 maxpos = 64"
            Expect.isTrue (Single.IsNaN(Posit16.NaR.ToSingle())) "NaR decodes to NaN"
            Expect.equal (Posit16.FromSingle(1.0f).ToBits()) 0x4000us "posit16 one = 0x4000" }
    ]

let rng = Random(20260808)

/// Random float bit patterns (every class: zeros, subnormals, normals, infinities, NaNs with payloads).
let randomFloats (count: int) : float32[] =
    Array.init count (fun i ->
        match i % 8 with
        | 0 -> BitConverter.UInt32BitsToSingle(uint32 (rng.Next(0, 0x80_0000)) ||| (if rng.Next 2 = 0 then 0u else 0x8000_0000u))
        | 1 -> BitConverter.UInt32BitsToSingle(0x7F80_0000u ||| uint32 (rng.Next(0, 0x80_0000)))
        | _ -> BitConverter.UInt32BitsToSingle(uint32 (rng.NextInt64(0L, 0x1_0000_0000L))))

/// Floats at and around every bf16 rounding boundary: each pattern, its midpoint to the next, ±1 ulp.
let bf16Boundaries =
    [| for b in 0u .. 0xFFFFu do
         for low in [ 0u; 0x7FFFu; 0x8000u; 0x8001u; 0xFFFFu ] -> BitConverter.UInt32BitsToSingle((b <<< 16) ||| low) |]

/// Floats at and around every half rounding boundary (both signs).
let halfBoundaries =
    [| for h in 0 .. 0x7BFF do
         let v = Numerics.halfToDouble (uint16 h)
         let next = if h = 0x7BFF then 65536.0 else Numerics.halfToDouble (uint16 (h + 1))
         let mid = float32 ((v + next) / 2.0)
         for f in [ float32 v; mid; MathF.BitDecrement mid; MathF.BitIncrement mid ] do
             yield f
             yield -f
       yield Single.PositiveInfinity; yield Single.MaxValue; yield 65520.0f; yield MathF.BitDecrement 65520.0f |]

/// Floats at and around every posit value and the arithmetic midpoints between neighbours.
let positBoundaries (p: Numerics.PositFormat) =
    let top = (1 <<< (p.N - 1)) - 1
    [| for b in 1 .. top do
         let v = Numerics.positToDouble p b
         let next = if b = top then v * 2.0 else Numerics.positToDouble p (b + 1)
         let mid = float32 ((v + next) / 2.0)
         for f in [ float32 v; mid; MathF.BitDecrement mid; MathF.BitIncrement mid; MathF.BitIncrement (float32 v) ] do
             yield f
             yield -f
       yield 1e-30f; yield -1e-30f; yield Single.Epsilon; yield 1e30f; yield Single.NaN; yield Single.NegativeInfinity; yield 0.0f; yield -0.0f |]

let encodeTests =
    let samples = randomFloats 200_000
    testList "encode vs oracle (bit-exact)" [
        test "BFloat16 from float: every rounding boundary and 200,000 random patterns (RNE, NaN stays NaN)" {
            Array.append bf16Boundaries samples
            |> Seq.filter (fun f -> BFloat16.FromSingle(f).ToBits() <> Numerics.bf16OfSingle f)
            |> Seq.map (fun f -> sprintf "0x%08X" (BitConverter.SingleToUInt32Bits f)) |> failFirst "bf16 encode"
            Expect.isTrue (BFloat16.FromSingle(BitConverter.UInt32BitsToSingle 0x7F800001u).IsNaN) "a signalling NaN with a low payload stays NaN" }
        test "BFloat16 from double: one rounding (no double rounding through float), 100,000 samples" {
            let doubles =
                Array.init 100_000 (fun i ->
                    if i % 2 = 0 then BitConverter.Int64BitsToDouble(rng.NextInt64())
                    else float bf16Boundaries.[rng.Next bf16Boundaries.Length] * (1.0 + (if rng.Next 2 = 0 then 1e-12 else -1e-12)))
            doubles |> Seq.filter (fun d -> BFloat16.FromDouble(d).ToBits() <> Numerics.bf16OfDouble d)
                    |> Seq.map (fun d -> sprintf "%.17g" d) |> failFirst "bf16 encode from double" }
        test "Half from float: every rounding boundary and 200,000 random patterns" {
            Array.append halfBoundaries samples
            |> Seq.filter (fun f -> BitConverter.HalfToUInt16Bits(Half.op_Explicit f) <> Numerics.halfOfSingle f)
            |> Seq.map (fun f -> sprintf "0x%08X" (BitConverter.SingleToUInt32Bits f)) |> failFirst "half encode" }
        for (name, p, encode) in
            [ "Posit8", Numerics.posit8, (fun (f: float32) -> int (Posit8.FromSingle(f).ToBits()))
              "Posit16", Numerics.posit16, (fun f -> int (Posit16.FromSingle(f).ToBits()))
              "Posit16Es2", Numerics.posit16Es2, (fun f -> int (Posit16Es2.FromSingle(f).ToBits())) ] do
            test (sprintf "%s from float: every value, midpoint ±1 ulp, saturation, NaR, 20,000 random" name) {
                Array.append (positBoundaries p) (randomFloats 20_000)
                |> Seq.filter (fun f -> encode f <> Numerics.positOfDouble p (float f))
                |> Seq.map (fun f -> sprintf "%.9g (0x%08X): kernel 0x%X oracle 0x%X" f (BitConverter.SingleToUInt32Bits f) (encode f) (Numerics.positOfDouble p (float f)))
                |> failFirst (name + " encode") }
        test "Posit16 from double: 50,000 random doubles (one rounding)" {
            Array.init 50_000 (fun _ -> BitConverter.Int64BitsToDouble(rng.NextInt64()) |> fun d -> if rng.Next 2 = 0 then d else Math.ScaleB(rng.NextDouble(), rng.Next(-40, 40)))
            |> Seq.filter (fun d -> int (Posit16.FromDouble(d).ToBits()) <> Numerics.positOfDouble Numerics.posit16 d)
            |> Seq.map (sprintf "%.17g") |> failFirst "posit16 encode from double" }
        test "posit saturation: beyond maxpos → maxpos, below minpos → minpos (never 0), ∞/NaN → NaR" {
            Expect.equal (Posit16.FromSingle(1e30f)) Posit16.MaxValue "1e30 → maxpos"
            Expect.equal (Posit16.FromSingle(1e-30f)) Posit16.MinPositive "1e-30 → minpos"
            Expect.equal (Posit8.FromSingle(-1e-30f).ToBits()) 0xFFuy "−tiny → −minpos"
            Expect.equal (Posit16Es2.FromSingle(Single.PositiveInfinity)) Posit16Es2.NaR "∞ → NaR"
            Expect.equal (Posit8.FromSingle(Single.NaN)) Posit8.NaR "NaN → NaR" }
        if exhaustive then
            test "EXHAUSTIVE: all 2^32 floats to BFloat16 and Half" {
                let bad = Collections.Concurrent.ConcurrentBag<string>()
                Threading.Tasks.Parallel.For(0L, 65536L, fun hi ->
                    for lo in 0u .. 0xFFFFu do
                        let f = BitConverter.UInt32BitsToSingle((uint32 hi <<< 16) ||| lo)
                        if BFloat16.FromSingle(f).ToBits() <> Numerics.bf16OfSingle f then bad.Add(sprintf "bf16 0x%08X" (BitConverter.SingleToUInt32Bits f))
                        if BitConverter.HalfToUInt16Bits(Half.op_Explicit f) <> Numerics.halfOfSingle f then bad.Add(sprintf "half 0x%08X" (BitConverter.SingleToUInt32Bits f)))
                |> ignore
                failFirst "exhaustive encode" bad }
    ]

let stringTests =
    test "ToString prints the value (invariant), posits print NaR" {
        Expect.equal (BFloat16.FromSingle(1.5f).ToString()) "1.5" "bf16"
        Expect.equal (Posit16.FromSingle(-0.75f).ToString()) "-0.75" "posit16"
        Expect.equal (Posit8.NaR.ToString()) "NaR" "NaR"
        Expect.equal (BFloat16.FromBits(0x7FC0us).ToString()) "NaN" "bf16 NaN" }

// ---- vectorized converters == scalar codec, every path ----------------------------------------------


/// Lengths around every vector width, so heads and scalar tails are both exercised.
let lengths = [ 0; 1; 3; 4; 5; 7; 8; 9; 15; 16; 17; 31; 32; 33; 47; 63; 64; 65; 100 ]

let converterTests (path: VectorPath) =
    let bitsOf (a: float32[]) = Array.map BitConverter.SingleToUInt32Bits a
    let decodeCase name (make: int -> 'S) (count: int) (convert: 'S[] -> float32[] -> unit) (scalar: 'S -> float32) =
        test (sprintf "%s → float, all %d patterns and every tail length, == scalar codec" name count) {
            let source = Array.init count make
            let run (src: 'S[]) = let out = Array.zeroCreate src.Length in onPath path (fun () -> convert src out); out
            sameArrays "whole range" (bitsOf (run source)) (bitsOf (Array.map scalar source))
            for n in lengths do
                let offset = rng.Next(0, count - n)
                let slice = source.[offset .. offset + n - 1]
                sameArrays (sprintf "length %d" n) (bitsOf (run slice)) (bitsOf (Array.map scalar slice)) }
    testList (sprintf "converters on %A == scalar codec (bit-exact)" path) [
        decodeCase "BFloat16" (fun i -> BFloat16.FromBits(uint16 i)) 65536 (fun (s: BFloat16[]) d -> NumericConvert.ToSingle(ReadOnlySpan s, Span d)) (fun v -> v.ToSingle())
        decodeCase "Half" (fun i -> BitConverter.UInt16BitsToHalf(uint16 i)) 65536 (fun (s: Half[]) d -> NumericConvert.ToSingle(ReadOnlySpan s, Span d)) (fun v -> float32 v)
        decodeCase "Posit8" (fun i -> Posit8.FromBits(byte i)) 256 (fun (s: Posit8[]) d -> NumericConvert.ToSingle(ReadOnlySpan s, Span d)) (fun v -> v.ToSingle())
        decodeCase "Posit16" (fun i -> Posit16.FromBits(uint16 i)) 65536 (fun (s: Posit16[]) d -> NumericConvert.ToSingle(ReadOnlySpan s, Span d)) (fun v -> v.ToSingle())
        decodeCase "Posit16Es2" (fun i -> Posit16Es2.FromBits(uint16 i)) 65536 (fun (s: Posit16Es2[]) d -> NumericConvert.ToSingle(ReadOnlySpan s, Span d)) (fun v -> v.ToSingle())
        test "float → BFloat16 and Half on boundaries, specials and random patterns == scalar codec" {
            let source = Array.concat [ randomFloats 20_000; halfBoundaries; bf16Boundaries.[0 .. 40_000] ]
            for n in source.Length :: lengths do
                let src = source.[0 .. n - 1]
                let bf = Array.zeroCreate<BFloat16> n
                let h = Array.zeroCreate<Half> n
                onPath path (fun () -> NumericConvert.ToBFloat16(ReadOnlySpan src, Span bf); NumericConvert.ToHalf(ReadOnlySpan src, Span h))
                sameArrays (sprintf "bf16, length %d" n) (Array.map (fun (b: BFloat16) -> b.ToBits()) bf) (Array.map (fun f -> BFloat16.FromSingle(f).ToBits()) src)
                sameArrays (sprintf "half, length %d" n) (Array.map BitConverter.HalfToUInt16Bits h) (Array.map (fun (f: float32) -> BitConverter.HalfToUInt16Bits(Half.op_Explicit f)) src) }
    ]

// ---- GGUF blocks -------------------------------------------------------------------------------------

let blockBytes (q4: BlockQ4_0[]) = BlockQ4_0.AsBytes(ReadOnlySpan q4).ToArray()
let blockBytes8 (q8: BlockQ8_0[]) = BlockQ8_0.AsBytes(ReadOnlySpan q8).ToArray()

let quantizeQ4 (x: float32[]) = let q = Array.zeroCreate<BlockQ4_0> (x.Length / 32) in BlockQ4_0.Quantize(ReadOnlySpan x, Span q); q
let quantizeQ8 (x: float32[]) = let q = Array.zeroCreate<BlockQ8_0> (x.Length / 32) in BlockQ8_0.Quantize(ReadOnlySpan x, Span q); q

/// Blocks that stress the quantizers: random, a zero block, ties in magnitude (+m and −m), small integers
/// that hit x·id + 8.5 exactly, exact .5 ties for Q8_0's roundf, huge and tiny scales (half overflow / subnormal d).
let blockData (blocks: int) : float32[] =
    Array.init blocks (fun b ->
        match b % 7 with
        | 0 -> Array.zeroCreate 32
        | 1 -> Array.init 32 (fun j -> float32 (j - 16))
        | 2 -> Array.init 32 (fun j -> if j = 3 then 5.0f elif j = 9 then -5.0f else float32 (rng.NextDouble() * 2.0 - 1.0))
        | 3 -> Array.init 32 (fun _ -> float32 (rng.NextDouble() * 2e5 - 1e5))
        | 4 -> Array.init 32 (fun _ -> float32 ((rng.NextDouble() - 0.5) * 1e-6))
        | 5 -> Array.init 32 (fun j -> if j = 0 then 127.0f else float32 (j - 16) + 0.5f)   // Q8_0: d = 1, exact .5 ties
        | _ -> Array.init 32 (fun _ -> float32 (rng.NextDouble() * 4.0 - 2.0)))
    |> Array.concat

let blockTests =
    testList "GGUF Q4_0 / Q8_0 blocks" [
        test "sizes: Q4_0 block is 18 bytes, Q8_0 block is 34 bytes" {
            Expect.equal (Runtime.CompilerServices.Unsafe.SizeOf<BlockQ4_0>()) 18 "Q4_0"
            Expect.equal (Runtime.CompilerServices.Unsafe.SizeOf<BlockQ8_0>()) 34 "Q8_0" }
        test "Q4_0 quantizer == ggml quantize_row_q4_0_ref byte for byte (ties, zero block, half overflow)" {
            let x = blockData 700
            sameArrays "bytes" (blockBytes (quantizeQ4 x)) (Numerics.quantizeQ4_0 x) }
        test "Q8_0 quantizer == ggml quantize_row_q8_0_ref byte for byte" {
            let x = blockData 700
            sameArrays "bytes" (blockBytes8 (quantizeQ8 x)) (Numerics.quantizeQ8_0 x) }
        test "Q4_0 layout: d = max/−8 as little-endian half, byte j = element j | element j+16 << 4" {
            let x = Array.init 32 (fun j -> float32 (j - 16))      // max magnitude −16 → d = 2 (half 0x4000)
            let bytes = blockBytes (quantizeQ4 x)
            Expect.equal bytes.[0 .. 1] [| 0x00uy; 0x40uy |] "d = 2.0"
            // max = −16, d = −16/−8 = 2, id = 0.5: code j = min(15, trunc((j − 16)·0.5 + 8.5))
            let q = quantizeQ4 x
            for j in 0 .. 31 do
                let expected = min 15 (int (float32 (j - 16) * 0.5f + 8.5f))
                Expect.equal (q.[0].Code j) expected (sprintf "code %d" j)
                Expect.equal (int bytes.[2 + (j % 16)] >>> (if j < 16 then 0 else 4) &&& 0xF) expected (sprintf "nibble %d" j) }
        test "dequantize == oracle (value = (code − 8)·d, q·d)" {
            let x = blockData 70
            let q4 = quantizeQ4 x
            let q8 = quantizeQ8 x
            let d4 = Array.zeroCreate<float32> x.Length
            let d8 = Array.zeroCreate<float32> x.Length
            BlockQ4_0.Dequantize(ReadOnlySpan q4, Span d4)
            BlockQ8_0.Dequantize(ReadOnlySpan q8, Span d8)
            Expect.sequenceEqual (Array.map float d4) (Numerics.dequantizeQ4_0 (blockBytes q4)) "Q4_0"
            Expect.sequenceEqual (Array.map float d8) (Numerics.dequantizeQ8_0 (blockBytes8 q8)) "Q8_0" }
        test "llama.cpp thresholds: total quantization error ≤ 0.002 on 0.1 + 2cos(i), n = 4096" {
            let x = Numerics.ggmlTestData 4096 0.0f
            for name, decoded in
                [ "Q4_0", Numerics.dequantizeQ4_0 (blockBytes (quantizeQ4 x))
                  "Q8_0", Numerics.dequantizeQ8_0 (blockBytes8 (quantizeQ8 x)) ] do
                let err = Numerics.ggmlRmse (Array.map float x) decoded
                Expect.isLessThanOrEqual err 0.002 (sprintf "%s error %g" name err) }
        test "GGUF bytes round-trip through FromBytes" {
            let q = quantizeQ4 (blockData 5)
            let bytes = blockBytes q
            Expect.sequenceEqual (BlockQ4_0.AsBytes(BlockQ4_0.FromBytes(ReadOnlySpan bytes)).ToArray()) bytes "Q4_0" }
    ]

let badInputTests =
    let paramOf (f: unit -> unit) =
        try f (); "no exception" with :? ArgumentException as e -> e.ParamName
    testList "bad input → ArgumentException naming the parameter" [
        test "quantizer source not a whole number of 32-value blocks" {
            Expect.equal (paramOf (fun () -> quantizeQ4 (Array.zeroCreate 33) |> ignore)) "source" "Q4_0"
            Expect.equal (paramOf (fun () -> quantizeQ8 (Array.zeroCreate 31) |> ignore)) "source" "Q8_0" }
        test "quantizer destination of the wrong block count" {
            Expect.equal (paramOf (fun () -> BlockQ4_0.Quantize(ReadOnlySpan(Array.zeroCreate<float32> 64), Span(Array.zeroCreate<BlockQ4_0> 1)))) "destination" "Q4_0" }
        test "NaN or infinity into a quantizer is rejected (ggml's result is undefined)" {
            Expect.equal (paramOf (fun () -> quantizeQ4 (Array.init 32 (fun j -> if j = 5 then nanf else 1.0f)) |> ignore)) "source" "NaN"
            Expect.equal (paramOf (fun () -> quantizeQ8 (Array.init 32 (fun j -> if j = 5 then infinityf else 1.0f)) |> ignore)) "source" "∞"
            Expect.equal (paramOf (fun () -> Int8Quantization.QuantizePerTensor(ReadOnlySpan [| nanf |], Span(Array.zeroCreate 1)) |> ignore)) "source" "int8" }
        test "GGUF bytes not a whole number of blocks" {
            Expect.equal (paramOf (fun () -> BlockQ4_0.FromBytes(ReadOnlySpan(Array.zeroCreate<byte> 19)).Length |> ignore)) "bytes" "Q4_0"
            Expect.equal (paramOf (fun () -> BlockQ8_0.FromBytes(ReadOnlySpan(Array.zeroCreate<byte> 33)).Length |> ignore)) "bytes" "Q8_0" }
        test "converter lengths differ" {
            Expect.equal (paramOf (fun () -> NumericConvert.ToSingle(ReadOnlySpan(Array.zeroCreate<BFloat16> 3), Span(Array.zeroCreate<float32> 2)))) "destination" "decode" }
    ]

let tests (paths: VectorPath list) =
    testList "codecs" [
        decodeTests
        encodeTests
        stringTests
        blockTests
        badInputTests
        testList "vectorized converters" [ for p in paths -> converterTests p ]
    ]
