/// Q4_0 weights packed for the GEMV micro-kernel (PackedQ4_0): Pack/Unpack byte-exact on any blocks, and the
/// packed GEMV on every vector path, bit-exact against the oracle's f32 order (Numerics.q4q8MatMul with one
/// column, the arithmetic of MatMulQ8): arbitrary nibbles and finite half scales, rows around the 16-row group,
/// every half pattern as a scale, one, two and three threads; no allocation after the first call; the packed
/// GEMM likewise (tokens around its 4-token tile, each column the packed GEMV's); bad arguments.
module TensorGen.Properties.PrecisionPackedQ4

open System
open Expecto
open FsCheck
open FsCheck.FSharp
open TensorGen.Properties.Generators
open TensorGen
open TensorGen.Numerics
open TensorGen.Precision
open TensorGen.Algebra
open TensorGen.Properties.PrecisionCodecs
open TensorGen.Properties.PrecisionKernels
open TensorGen.Properties.PrecisionQ8Gemm

/// Rows around the 16-row group and its 4- and 8-row quarters and halves.
let packedRows = Gen.frequency [ 4, Gen.elements [ 0; 1; 3; 4; 8; 15; 16; 17; 31; 32; 33 ]; 1, Gen.choose (0, 70) ]
let packedBlocks = Gen.frequency [ 4, Gen.elements [ 0; 1; 2; 3; 5 ]; 1, Gen.elements [ 8; 9; 17 ] ]

/// Any 16 nibble bytes and a finite half scale (every finite pattern, subnormals and signed zeros included).
let anyBlock : Gen<byte[]> =
    gen { let! nibbles = Gen.arrayOfLength 16 (Gen.choose (0, 255) |> Gen.map byte)
          let! scale = Gen.choose (0, 65535) |> Gen.filter (fun h -> h &&& 0x7C00 <> 0x7C00)
          return Array.append [| byte (scale &&& 0xFF); byte (scale >>> 8) |] nibbles }

let blocksOf (bytes: byte[]) = BlockQ4_0.FromBytes(ReadOnlySpan bytes).ToArray()

/// The packed GEMV, y pre-filled with NaN so every entry must be written.
let packedMatVec path (w: BlockQ4_0[]) (x: float32[]) rows cols =
    let packed = PackedQ4_0.Pack(ReadOnlySpan w, rows, cols)
    let y = Array.create rows nanf
    onPath path (fun () -> PrecisionKernels.MatVec(packed, ReadOnlySpan x, Span y))
    y

let oracle (w: BlockQ4_0[]) (x: float32[]) rows cols = Numerics.q4q8MatMul (blockBytes w) x rows 1 cols

let packedTests (path: VectorPath) =
    let tests = if int path > int KernelDispatch.Accelerated then 15 else 40
    [ property "packed Q4_0 GEMV vs oracle, bit-exact: any nibbles and finite scales, rows around 16, whole blocks" tests
          (gen { let! rows = packedRows
                 let! blocks = packedBlocks
                 let! w = Gen.arrayOfLength (rows * blocks) anyBlock
                 let! x = Gen.arrayOfLength (32 * blocks) floatValue
                 return rows, 32 * blocks, blocksOf (Array.concat w), x }) (fun (rows, cols, w, x) ->
            sameArrays (sprintf "y of %d x %d" rows cols) (bits (packedMatVec path w x rows cols)) (bits (oracle w x rows cols)))
      test "packed Q4_0 GEMV, bit-exact: codes 0 and 15 against q8 = ±127 and −128 (largest byte products), 33 x 256" {
          let rows, cols = 33, 256
          let w = blocksOf (Array.init (rows * cols / 32 * 18) (fun i -> match i % 18 with 0 -> 0x00uy | 1 -> 0x3Cuy | _ -> if i % 5 = 0 then 0x0Fuy else 0xF0uy))
          let x = Array.init cols (fun i -> match i % 3 with 0 -> 100.0f | 1 -> -100.0f | _ -> -100.8f)
          sameArrays "extremes" (bits (packedMatVec path w x rows cols)) (bits (oracle w x rows cols)) }
      test "packed Q4_0 GEMV: all 65,536 half patterns as a row's scale (code 9, x = 1), bit-exact where finite, NaN as NaN" {
          let rows, cols = 65536, 32
          let w = blocksOf (Array.concat [ for r in 0 .. rows - 1 -> Array.append [| byte (r &&& 0xFF); byte (r >>> 8) |] (Array.create 16 0x99uy) ])
          let x = Array.create cols 1.0f
          let y = packedMatVec path w x rows cols
          let expected = oracle w x rows cols
          seq { for r in 0 .. rows - 1 do
                  if not (Single.IsNaN y.[r] && Single.IsNaN expected.[r]) && BitConverter.SingleToInt32Bits y.[r] <> BitConverter.SingleToInt32Bits expected.[r] then
                      yield sprintf "d = 0x%04X: %g, oracle %g" r y.[r] expected.[r] }
          |> failFirst "scale decode" }
      test "packed Q4_0 GEMV, bit-exact: 2051 x 512 (past the split threshold) on 1, 2, 3 threads, and MatMulQ8's column" {
          let rng = Random 5
          let rows, cols = 2051, 512
          let w = blocksOf (Array.init (rows * cols / 32 * 18) (fun i -> if i % 18 = 1 then byte (rng.Next(0, 0x7C)) else byte (rng.Next 256)))
          let x = Array.init cols (fun _ -> float32 (rng.NextDouble() * 4.0 - 2.0))
          let expected = bits (oracle w x rows cols)
          for threads in [ 1; 2; 3 ] do
              use _ = KernelThreads.Override threads
              sameArrays (sprintf "%d threads" threads) (bits (packedMatVec path w x rows cols)) expected
          let c = Array.create rows nanf
          onPath path (fun () -> PrecisionKernels.MatMulQ8(ReadOnlySpan w, ReadOnlySpan x, Span c, rows, 1, cols))
          sameArrays "MatMulQ8, one column" (bits c) expected } ]

/// The packed GEMM, C pre-filled with NaN so every entry must be written.
let packedMatMul path (w: BlockQ4_0[]) (x: float32[]) rows n cols =
    let packed = PackedQ4_0.Pack(ReadOnlySpan w, rows, cols)
    let c = Array.create (rows * n) nanf
    onPath path (fun () -> PrecisionKernels.MatMulQ8(packed, ReadOnlySpan x, Span c, n))
    c

let packedGemmTests (path: VectorPath) =
    let tests = if int path > int KernelDispatch.Accelerated then 15 else 40
    [ property "packed Q4_0 × Q8_0 GEMM vs oracle, bit-exact: any nibbles, rows around 16, tokens around the 4-token tile" tests
          (gen { let! rows = packedRows
                 let! n = Gen.frequency [ 4, Gen.elements [ 0; 1; 2; 3; 4; 5; 7; 8; 9; 13 ]; 1, Gen.choose (0, 40) ]
                 let! blocks = packedBlocks
                 let! w = Gen.arrayOfLength (rows * blocks) anyBlock
                 let! x = Gen.arrayOfLength (32 * blocks * n) floatValue
                 return rows, n, 32 * blocks, blocksOf (Array.concat w), x }) (fun (rows, n, cols, w, x) ->
            sameArrays (sprintf "C of %d x %d x %d" rows n cols) (bits (packedMatMul path w x rows n cols)) (bits (Numerics.q4q8MatMul (blockBytes w) x rows n cols)))
      test "packed Q4_0 × Q8_0 GEMM, bit-exact: 161 x 27 x 512 (past the split threshold) on 1, 2, 3 threads, columns the GEMV's" {
          let rng = Random 9
          let rows, n, cols = 161, 27, 512
          let w = blocksOf (Array.init (rows * cols / 32 * 18) (fun i -> if i % 18 = 1 then byte (rng.Next(0, 0x7C)) else byte (rng.Next 256)))
          let x = Array.init (cols * n) (fun _ -> float32 (rng.NextDouble() * 4.0 - 2.0))
          let expected = bits (Numerics.q4q8MatMul (blockBytes w) x rows n cols)
          for threads in [ 1; 2; 3 ] do
              use _ = KernelThreads.Override threads
              sameArrays (sprintf "%d threads" threads) (bits (packedMatMul path w x rows n cols)) expected
          for j in [ 0; 5; 10 ] do
              let column = packedMatVec path w (Array.init cols (fun p -> x.[p * n + j])) rows cols
              sameArrays (sprintf "column %d" j) (bits column) (Array.init rows (fun i -> expected.[i * n + j])) } ]

/// The tuner's choices reach the kernels: each path named by PackedQ4MatVec / PackedQ4MatMul (and no prefetch, or
/// a far one) gives the oracle's bits, with no KernelDispatch override in force.
let choiceTests =
    test "packed Q4_0 GEMV and GEMM, bit-exact, on every path the tuner's choices name and with prefetch off or 64 KiB" {
        let rng = Random 13
        let rows, n, cols = 37, 9, 256
        let w = blocksOf (Array.init (rows * cols / 32 * 18) (fun i -> if i % 18 = 1 then byte (rng.Next(0, 0x7C)) else byte (rng.Next 256)))
        let x = Array.init (cols * n) (fun _ -> float32 (rng.NextDouble() * 4.0 - 2.0))
        let packed = PackedQ4_0.Pack(ReadOnlySpan w, rows, cols)
        let expected = bits (Numerics.q4q8MatMul (blockBytes w) x rows n cols)
        let column = Array.init cols (fun p -> x.[p * n])
        let expectedColumn = bits (oracle w column rows cols)
        for path in KernelDispatch.All do
            for prefetch in [ Nullable(); Nullable 65536L ] do
                use _ = Machine.KernelChoices.PackedQ4MatVec.Override(string path)
                use _ = Machine.KernelChoices.PackedQ4MatMul.Override(string path)
                use _ = Machine.KernelChoices.PackedQ4Prefetch.Override prefetch
                let c = Array.create (rows * n) nanf
                PrecisionKernels.MatMulQ8(packed, ReadOnlySpan x, Span c, n)
                sameArrays (sprintf "GEMM on %A" path) (bits c) expected
                let y = Array.create rows nanf
                PrecisionKernels.MatVec(packed, ReadOnlySpan column, Span y)
                sameArrays (sprintf "GEMV on %A, prefetch %A" path prefetch) (bits y) expectedColumn }

let packingTests =
    testList "packing" [
        property "PackedQ4_0: Unpack(Pack(w)) = w byte for byte, any blocks (NaN and ∞ scales too), rows around 16" 60
            (gen { let! rows = packedRows
                   let! blocks = packedBlocks
                   let! w = Gen.arrayOfLength (rows * blocks * 18) (Gen.choose (0, 255) |> Gen.map byte)
                   return rows, blocks, w }) (fun (rows, blocks, w) ->
                let packed = PackedQ4_0.Pack(BlockQ4_0.FromBytes(ReadOnlySpan w), rows, 32 * blocks)
                let back = Array.zeroCreate<BlockQ4_0> (rows * blocks)
                packed.Unpack(Span back)
                sameArrays "bytes" (blockBytes back) w
                Expect.equal (packed.Rows, packed.Cols, packed.Groups) (rows, 32 * blocks, (rows + 15) / 16) "shape")
        test "PackedQ4_0 GEMV on one thread allocates nothing after its first call" {
            let rows, cols = 40, 256
            let packed = PackedQ4_0.Pack(ReadOnlySpan(Array.zeroCreate<BlockQ4_0> (rows * cols / 32)), rows, cols)
            let x = Array.create cols 0.5f
            let y = Array.zeroCreate<float32> rows
            use _ = KernelThreads.Override 1
            let allocated () =
                let before = GC.GetAllocatedBytesForCurrentThread()
                for _ in 1 .. 10 do PrecisionKernels.MatVec(packed, ReadOnlySpan x, Span y)
                GC.GetAllocatedBytesForCurrentThread() - before
            // The first round includes the first call on this thread (its buffers) and the test's own first run.
            allocated () |> ignore
            Expect.equal (allocated ()) 0L "bytes allocated by 10 calls" }
        test "PackedQ4_0 bad arguments → ArgumentException naming the parameter (cols, weights, rows, x, y, overlap, NaN, null)" {
            let paramOf (f: unit -> obj) = try f () |> ignore; "no exception" with :? ArgumentException as e -> e.ParamName
            let blocks (n: int) = Array.zeroCreate<BlockQ4_0> n
            let pack (w: BlockQ4_0[]) r c = PackedQ4_0.Pack(ReadOnlySpan w, r, c)
            Expect.equal (paramOf (fun () -> pack (blocks 2) 2 16)) "cols" "cols = 16"
            Expect.equal (paramOf (fun () -> pack (blocks 3) 2 32)) "weights" "too many blocks"
            Expect.equal (paramOf (fun () -> pack (blocks 2) -1 32)) "rows" "rows < 0"
            Expect.equal (paramOf (fun () -> pack (blocks 2) 2 -32)) "cols" "cols < 0"
            let packed = pack (blocks 2) 2 32
            let f (n: int) = Array.zeroCreate<float32> n
            let mv (x: float32[]) (y: float32[]) = PrecisionKernels.MatVec(packed, ReadOnlySpan x, Span y); box ()
            Expect.equal (paramOf (fun () -> mv (f 31) (f 2))) "x" "x too short"
            Expect.equal (paramOf (fun () -> mv (f 32) (f 3))) "y" "y too long"
            let shared = f 40
            Expect.equal (paramOf (fun () -> PrecisionKernels.MatVec(packed, ReadOnlySpan(shared, 0, 32), Span(shared, 31, 2)); box ())) "y" "y overlaps x"
            let withNaN = f 32
            withNaN.[7] <- nanf
            Expect.equal (paramOf (fun () -> mv withNaN (f 2))) "x" "NaN in x"
            Expect.equal (paramOf (fun () -> PrecisionKernels.MatVec(null, ReadOnlySpan(f 32), Span(f 2)); box ())) "w" "null w"
            let back = blocks 3
            Expect.equal (paramOf (fun () -> packed.Unpack(Span back); box ())) "destination" "destination too long"
            let mm (b: float32[]) (c: float32[]) n = PrecisionKernels.MatMulQ8(packed, ReadOnlySpan b, Span c, n); box ()
            Expect.equal (paramOf (fun () -> mm (f 95) (f 6) 3)) "b" "b too short"
            Expect.equal (paramOf (fun () -> mm (f 96) (f 5) 3)) "c" "c too short"
            Expect.equal (paramOf (fun () -> mm (f 96) (f 6) -3)) "n" "n < 0"
            Expect.equal (paramOf (fun () -> PrecisionKernels.MatMulQ8(packed, ReadOnlySpan(shared, 0, 32), Span(shared, 30, 2), 1); box ())) "c" "c overlaps b"
            Expect.equal (paramOf (fun () -> mm withNaN (f 2) 1)) "b" "NaN in b" } ]

let tests (paths: VectorPath list) =
    testList "packed.q4_0"
        [ packingTests
          choiceTests
          testList "paths" [ for p in paths -> testList (sprintf "packed Q4_0 GEMV and GEMM on %A (%s)" p (PackedQ4_0.Kernel p)) (packedTests p @ packedGemmTests p) ] ]
