/// The bit-packed or-and product against the oracle on every vector path, pack/unpack round trips, and its
/// argument checks. Bit-exact.
module TensorGen.Properties.BitPacking

open System
open Expecto
open FsCheck
open FsCheck.FSharp
open TensorGen
open TensorGen.Algebra
open TensorGen.Semirings
open TensorGen.Properties.Generators

/// Dimensions around the word (64) and vector (256, 512) boundaries, plus small and prime ones.
let private dimension = Gen.elements [ 0; 1; 2; 7; 31; 63; 64; 65; 127; 128; 129; 255; 256; 257; 511; 513 ]

/// A product shape (kept under ~2 million ⊗⊕ steps) and a density of true entries.
let private productCase =
    gen {
        let! m = dimension
        let! n = dimension
        let! k = dimension |> Gen.filter (fun k -> int64 m * int64 n * int64 k <= 2_000_000L)
        let! density = Gen.elements [ 0.0; 0.02; 0.2; 0.6; 1.0 ]
        let! seed = Gen.choose (0, Int32.MaxValue)
        let random = Random seed
        let draw count = Array.init count (fun _ -> random.NextDouble() < density)
        return m, n, k, draw (m * k), draw (k * n)
    }

let private pathTests (path: VectorPath) : Test =
    property (sprintf "%A: OrAnd.MatMul on BitMatrix vs oracle, bit-exact" path) 60 productCase <| fun (m, n, k, a, b) ->
        let expected = Matrix.matMul Semirings.orAnd a b m n k
        let c = BitMatrix(m, n)
        onPath path (fun () -> OrAnd.MatMul(BitMatrix.Pack(ReadOnlySpan a, m, k), BitMatrix.Pack(ReadOnlySpan b, k, n), c))
        let actual = Array.zeroCreate (m * n)
        c.Unpack(Span actual)
        match Array.tryFindIndex id (Array.map2 (<>) expected actual) with
        | Some i -> failtestf "%d x %d x %d: C[%d, %d] is %b, the oracle says %b" m n k (i / n) (i % n) actual.[i] expected.[i]
        | None -> ()

let tests : Test =
    testList "bit-packed or-and"
        [ yield! KernelDispatch.All |> Seq.map pathTests
          yield testCase "Pack then Unpack returns the input, padding stays zero" <| fun () ->
              let random = Random 7
              for rows, columns in [ 0, 0; 1, 1; 3, 64; 5, 65; 2, 513 ] do
                  let values = Array.init (rows * columns) (fun _ -> random.Next 2 = 1)
                  let packed = BitMatrix.Pack(ReadOnlySpan values, rows, columns)
                  let back = Array.zeroCreate (rows * columns)
                  packed.Unpack(Span back)
                  Expect.equal back values (sprintf "%d x %d round trip" rows columns)
                  Expect.equal (packed.Count()) (values |> Array.filter id |> Array.length |> int64) "count of true entries"
          yield testCase "shape mismatches name the argument" <| fun () ->
              let a, b = BitMatrix(2, 3), BitMatrix(4, 5)
              let e = try OrAnd.MatMul(a, b, BitMatrix(2, 5)); None with :? ArgumentException as e -> Some e.ParamName
              Expect.equal e (Some "b") "inner dimensions"
              let e = try OrAnd.MatMul(a, BitMatrix(3, 5), BitMatrix(2, 4)); None with :? ArgumentException as e -> Some e.ParamName
              Expect.equal e (Some "c") "output shape"
              let e = try BitMatrix.Pack(ReadOnlySpan(Array.zeroCreate 5), 2, 3) |> ignore; None with :? ArgumentException as e -> Some e.ParamName
              Expect.equal e (Some "values") "pack length" ]
