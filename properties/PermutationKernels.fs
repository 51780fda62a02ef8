/// Generated permutation-equivariant layers against the oracle's dense partition matrices, on every vector path:
/// bit-exact for integer-valued inputs and weights (every sum is exact in float32 at these sizes), within
/// gamma(terms)·sum|w D x| for full-mantissa floats; equivariance under random permutations (exact); the basis
/// count and order (Bell numbers, one-hot weights pick out one partition's dense matrix); bad arguments rejected.
module TensorGen.Properties.PermutationKernels

open System
open Expecto
open FsCheck
open FsCheck.FSharp
open TensorGen
open TensorGen.Permutation
open TensorGen.Properties.Generators
open TensorGen.Properties.Fixtures
open TensorGen.Algebra

let layers = List.ofSeq PermutationDeclarations.All

let label (layer: PermutationLayer) =
    sprintf "k=%d l=%d, %d->%d channels" layer.InputOrder layer.OutputOrder layer.InChannels layer.OutChannels

/// n for a layer: around the vector widths (rows of n floats, mixes over n^t) while n^(k+l), the oracle's cost, stays small.
let size (layer: PermutationLayer) : Gen<int> =
    match layer.InputOrder + layer.OutputOrder with
    | 0 -> Gen.elements [ 0; 1; 5 ]
    | 1 | 2 -> Gen.frequency [ 3, Gen.elements [ 0; 1; 2; 3; 4; 5; 7; 8; 9; 15; 16; 17; 31; 32; 33 ]; 1, Gen.choose (0, 40) ]
    | 3 -> Gen.elements [ 0; 1; 2; 3; 4; 5; 7; 8; 9; 12; 16; 17 ]
    | _ -> Gen.elements [ 0; 1; 2; 3; 4; 5; 6; 7; 8; 9 ]

/// Small integers: every product and sum is exact in float32 for these sizes, so any lost, doubled or misplaced term shows.
let integers : Gen<float> = Gen.choose (-3, 3) |> Gen.map float

/// Full-mantissa values of mixed sign.
let reals : Gen<float> = wide 4.0

type LayerCase =
    { N: int; X: float[]; W: float[] }

let layerCase (layer: PermutationLayer) (values: Gen<float>) : Gen<LayerCase> =
    gen {
        let! n = size layer
        let! x = Gen.arrayOfLength (layer.InChannels * pown n layer.InputOrder) values
        let! w = Gen.arrayOfLength (layer.OutChannels * layer.InChannels * Permutation.bell (layer.InputOrder + layer.OutputOrder)) values
        return { N = n; X = x; W = w }
    }

/// Runs the generated layer on float32 copies; the output starts as NaN, so an element never written shows.
let run (layer: PermutationLayer) (n: int) (x: float[]) (w: float[]) : float32[] =
    let y = Array.create (layer.OutChannels * pown n layer.OutputOrder) nanf
    layer.Apply.Invoke(Array.map float32 x, Array.map float32 w, y, n)
    y

let oracle (layer: PermutationLayer) (c: LayerCase) =
    Permutation.apply c.N layer.InputOrder layer.OutputOrder layer.InChannels layer.OutChannels c.W c.X

let expectExact (what: string) (expected: float[]) (actual: float32[]) =
    Expect.equal actual.Length expected.Length (what + ": length")
    for i in 0 .. expected.Length - 1 do
        if float actual.[i] <> expected.[i] then
            failtestf "%s: element %d is %g, expected %g" what i actual.[i] expected.[i]

/// Random permutation of 0 .. n-1.
let permutation (n: int) : Gen<int[]> = Gen.shuffle [| 0 .. n - 1 |]

let pathTests (path: VectorPath) =
    let tests = if int path > int KernelDispatch.Accelerated then 6 else 15
    testList (string path) [
        for layer in layers do
            property (sprintf "%s: generated = dense oracle (bit-exact, integer values)" (label layer)) tests (layerCase layer integers) (fun c ->
                expectExact (sprintf "n = %d" c.N) (oracle layer c) (onPath path (fun () -> run layer c.N c.X c.W)))
        property "every layer: generated = dense oracle within gamma(terms + 2)·sum|w D x| (full-mantissa floats)" (3 * tests)
            (gen {
                let! layer = Gen.elements layers
                let! c = layerCase layer reals
                return layer, c }) (fun (layer, c) ->
            let expected, magnitude, terms =
                Permutation.applyWithMagnitude c.N layer.InputOrder layer.OutputOrder layer.InChannels layer.OutChannels c.W c.X
            let actual = onPath path (fun () -> run layer c.N c.X c.W)
            for i in 0 .. expected.Length - 1 do
                let bound = Numerics.gamma (terms + 2) * magnitude.[i] + 1e-30
                if not (abs (float actual.[i] - expected.[i]) <= bound) then
                    failtestf "%s, n = %d, element %d: kernel %.9g, oracle %.17g, |diff| %g > bound %g" (label layer) c.N i actual.[i] expected.[i] (abs (float actual.[i] - expected.[i])) bound)
        property "every layer: equivariant, f(sigma x) = sigma f(x) for random permutations (bit-exact, integer values)" (2 * tests)
            (gen {
                let! layer = Gen.elements layers
                let! c = layerCase layer integers
                let! sigma = permutation c.N
                return layer, c, sigma }) (fun (layer, c, sigma) ->
            let moved = Permutation.permute c.N layer.InputOrder sigma layer.InChannels c.X
            let fOfMoved = onPath path (fun () -> run layer c.N moved c.W)
            let movedF = onPath path (fun () -> run layer c.N c.X c.W) |> Array.map float |> Permutation.permute c.N layer.OutputOrder sigma layer.OutChannels
            expectExact (sprintf "%s, n = %d, sigma = %A" (label layer) c.N sigma) movedF fOfMoved)
    ]

let basisTests =
    testList "basis" [
        test "the number of basis maps is Bell(k + l) for every k + l <= 4: the oracle's partitions, the runtime's list, the generated layer's weights" {
            for total in 0 .. 4 do
                for k in 0 .. total do
                    let l = total - k
                    let partitions = Permutation.basis k l
                    Expect.equal partitions.Length (Permutation.bell total) (sprintf "oracle partitions of %d points" total)
                    Expect.equal (PermutationBasis.Count(k, l)) (Permutation.bell total) (sprintf "PermutationBasis.Count(%d, %d)" k l)
            Expect.equal [ for m in 0 .. 6 -> Permutation.bell m ] [ 1; 1; 2; 5; 15; 52; 203 ] "Bell triangle"
            Expect.equal (Permutation.partitions 5 |> List.length) 52 "partitions of 5 points"
            for layer in layers do
                let basisCount = Permutation.bell (layer.InputOrder + layer.OutputOrder)
                let x = Array.zeroCreate (layer.InChannels * pown 3 layer.InputOrder)
                let y = Array.zeroCreate (layer.OutChannels * pown 3 layer.OutputOrder)
                layer.Apply.Invoke(x, Array.zeroCreate (layer.OutChannels * layer.InChannels * basisCount), y, 3)
                for wrong in [ -1; 1 ] do
                    let w = Array.zeroCreate (layer.OutChannels * layer.InChannels * basisCount + wrong)
                    let e = Expect.throwsC (fun () -> layer.Apply.Invoke(x, w, y, 3)) id
                    Expect.isTrue (e :? ArgumentException) (sprintf "%s: %s" (label layer) (e.GetType().Name))
                    Expect.equal (e :?> ArgumentException).ParamName "weights" "names the parameter"
                    Expect.stringContains e.Message (sprintf "Bell(%d) = %d" (layer.InputOrder + layer.OutputOrder) basisCount) "says why" }
        test "PermutationBasis.Describe lists the partitions in the oracle's order (lexicographic growth strings)" {
            for total in 0 .. 4 do
                for k in 0 .. total do
                    let l = total - k
                    Expect.sequenceEqual (PermutationBasis.Describe(k, l)) (Permutation.basis k l |> List.map (Permutation.name l)) (sprintf "k = %d, l = %d" k l)
            Expect.sequenceEqual (PermutationBasis.Describe(1, 1)) [ "{o1, i1}"; "{o1} {i1}" ] "k = l = 1" }
        property "weight index b applies partition b: one-hot weights give the oracle's dense matrix D_b (bit-exact)" 20
            (gen {
                let! layer = Gen.elements layers
                let! c = layerCase layer integers
                let! b = Gen.choose (0, Permutation.bell (layer.InputOrder + layer.OutputOrder) - 1)
                let! co = Gen.choose (0, layer.OutChannels - 1)
                let! ci = Gen.choose (0, layer.InChannels - 1)
                return layer, c, b, co, ci }) (fun (layer, c, b, co, ci) ->
            let count = Permutation.bell (layer.InputOrder + layer.OutputOrder)
            let w = Array.zeroCreate (layer.OutChannels * layer.InChannels * count)
            w.[(co * layer.InChannels + ci) * count + b] <- 1.0
            let d = Permutation.dense c.N layer.InputOrder layer.OutputOrder (List.item b (Permutation.basis layer.InputOrder layer.OutputOrder))
            let rows, cols = pown c.N layer.OutputOrder, pown c.N layer.InputOrder
            let expected = Array.zeroCreate (layer.OutChannels * rows)
            for o in 0 .. rows - 1 do
                expected.[co * rows + o] <- Seq.sum (seq { for i in 0 .. cols - 1 -> d.[o, i] * c.X.[ci * cols + i] })
            expectExact (sprintf "%s, n = %d, basis %d (%s)" (label layer) c.N b (PermutationBasis.Describe(layer.InputOrder, layer.OutputOrder).[b])) expected (run layer c.N c.X w))
    ]

let argumentTests =
    let call (x: float32[]) (w: float32[]) (y: float32[]) (n: int) =
        PermutationDeclarations.Renamed(ReadOnlySpan x, ReadOnlySpan w, Span y, n)
    let rejects (name: string) (f: unit -> unit) (fragment: string) =
        let e = Expect.throwsC f id
        Expect.isTrue (e :? ArgumentException) (e.GetType().Name)
        Expect.equal (e :?> ArgumentException).ParamName name "names the declaration's parameter"
        Expect.stringContains e.Message fragment "says why"
    testList "arguments" [
        test "wrong lengths, a negative size and an output overlapping an input throw before writing, naming the declaration's parameter" {
            let n = 4
            let x, w, y = Array.zeroCreate (2 * n * n), Array.zeroCreate (2 * 2 * 15), Array.create (2 * n * n) 7.0f
            rejects "theta" (fun () -> call x w.[1..] y n) "2 x 2 x 15 = 60"
            rejects "features" (fun () -> call x.[1..] w y n) "[inChannels][n^2]"
            rejects "result" (fun () -> call x w y.[1..] n) "[outChannels][n^2]"
            rejects "size" (fun () -> call x w y -1) "non-negative"
            let shared = Array.zeroCreate (2 * n * n)
            rejects "result" (fun () -> PermutationDeclarations.Renamed(ReadOnlySpan shared, ReadOnlySpan w, Span shared, n)) "overlaps 'features'"
            Expect.allEqual y 7.0f "nothing written" }
        test "n = 0: a 2 -> 0 layer sums over no elements and writes zeros" {
            let layer = layers |> List.find (fun d -> d.InputOrder = 2 && d.OutputOrder = 0)
            let y = run layer 0 [||] (Array.create (layer.OutChannels * layer.InChannels * 2) 1.0)
            Expect.allEqual y 0.0f "sums over no elements" }
    ]

let tests (paths: VectorPath list) =
    testList "kernels" [
        basisTests
        argumentTests
        testList "paths" [ for path in paths -> pathTests path ] ]
