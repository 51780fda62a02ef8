/// The generated equivariant kernels against the oracle: Clebsch–Gordan tables entry by entry, harmonics and
/// tensor products value by value, equivariance under random O(3) elements (inversion included), normalizations
/// and the addition theorem, backward against central differences, argument checks, and the runtime Irreps type.
module TensorGen.Properties.EquivariantKernels

open System
open Expecto
open FsCheck
open FsCheck.FSharp
open TensorGen.Properties.Generators
open TensorGen.Properties.EquivariantOracle
open TensorGen.Algebra.Equivariant
open TensorGen.Equivariant
open TensorGen.Machine
open TensorGen.Properties.Fixtures

// ---- the fixtures, described to the oracle --------------------------------------------------------------

let private ir mul l p : int * int * int = mul, l, p
let private even, odd = 1, -1

/// A declared tensor product: its irreps and instructions as the oracle reads them, and the generated kernels.
type Product =
    { Name: string
      In1: IrrepList
      In2: IrrepList
      Out: IrrepList
      Instructions: Instruction list
      IrrepNormalization: string
      PathNormalization: string
      Forward: float[] -> float[] -> float[] -> float[] -> int -> unit
      Backward: (float[] -> float[] -> float[] -> float[] -> float[] -> float[] -> float[] -> int -> unit) option
      Single: bool
      /// One set of weights per sample ([batch, weightCount] as the suite hands them over) instead of one shared set.
      PerSample: bool }

let private ins i1 i2 io mode weighted = { I1 = i1; I2 = i2; IOut = io; Mode = mode; HasWeight = weighted; PathWeight = 1.0 }

/// e3nn's FullTensorProduct, derived here independently: every path, uvuv, outputs sorted by (l, p) stably.
let fullSpec (in1: IrrepList) (in2: IrrepList) =
    let raw =
        [ for i1, (m1, l1, p1) in List.indexed in1 do
            for i2, (m2, l2, p2) in List.indexed in2 do
                for l in abs (l1 - l2) .. l1 + l2 -> (i1, i2), (m1 * m2, l, p1 * p2) ]
    let order = raw |> List.indexed |> List.sortBy (fun (i, (_, (_, l, p))) -> l, p, i) |> List.map fst
    let position = Array.zeroCreate raw.Length
    order |> List.iteri (fun newIndex old -> position.[old] <- newIndex)
    let out = order |> List.map (fun i -> snd raw.[i])
    out, [ for i, ((i1, i2), _) in List.indexed raw -> ins i1 i2 position.[i] "uvuv" false ]

/// e3nn's FullyConnectedTensorProduct: every allowed triple, uvw, weighted.
let connectedSpec (in1: IrrepList) (in2: IrrepList) (out: IrrepList) =
    [ for i1, (_, l1, p1) in List.indexed in1 do
        for i2, (_, l2, p2) in List.indexed in2 do
            for io, (_, lo, po) in List.indexed out do
                if abs (l1 - l2) <= lo && lo <= l1 + l2 && p1 * p2 = po then ins i1 i2 io "uvw" true ]

/// An f32 kernel seen through the suite's f64 arrays; its own output starts as NaN, so a value it skips shows.
let private single (f: float32[] -> float32[] -> float32[] -> float32[] -> int -> unit) =
    fun (a: float[]) (b: float[]) (w: float[]) (o: float[]) n ->
        let o32 = Array.create o.Length nanf
        f (Array.map float32 a) (Array.map float32 b) (Array.map float32 w) o32 n
        Array.iteri (fun i v -> o.[i] <- float v) o32

/// [batch, dim] → [dim, batch].
let toComponentMajor (dim: int) (batch: int) (x: 'T[]) : 'T[] = Array.init (dim * batch) (fun index -> x.[(index % batch) * dim + index / batch])

/// [dim, batch] → [batch, dim].
let toSampleMajor (dim: int) (batch: int) (x: 'T[]) : 'T[] = Array.init (dim * batch) (fun index -> x.[(index % dim) * batch + index / dim])

/// A component-major forward kernel seen through the suite's sample-major arrays: inputs (and per-sample weights)
/// transposed in, the output transposed back; the kernel's own output starts as NaN so a value it skips shows.
let componentMajor (d1: int) (d2: int) (dOut: int) (weightsPerSample: int) (nan: 'T) (f: 'T[] -> 'T[] -> 'T[] -> 'T[] -> int -> unit) =
    fun (a: 'T[]) (b: 'T[]) (w: 'T[]) (o: 'T[]) (n: int) ->
        let major = Array.create (dOut * n) nan
        let w = if weightsPerSample > 0 then toComponentMajor weightsPerSample n w else w
        f (toComponentMajor d1 n a) (toComponentMajor d2 n b) w major n
        Array.blit (toSampleMajor dOut n major) 0 o 0 (dOut * n)

/// The same for a backward kernel: gradOutput transposed in, the input (and per-sample weight) gradients back.
let componentMajorBackward (d1: int) (d2: int) (dOut: int) (weightsPerSample: int) f =
    fun (a: float[]) (b: float[]) (w: float[]) (g: float[]) (ga: float[]) (gb: float[]) (gw: float[]) (n: int) ->
        let ga', gb', gw' = Array.create (d1 * n) nan, Array.create (d2 * n) nan, Array.create gw.Length nan
        let w = if weightsPerSample > 0 then toComponentMajor weightsPerSample n w else w
        f (toComponentMajor d1 n a) (toComponentMajor d2 n b) w (toComponentMajor dOut n g) ga' gb' gw' n
        Array.blit (toSampleMajor d1 n ga') 0 ga 0 (d1 * n)
        Array.blit (toSampleMajor d2 n gb') 0 gb 0 (d2 * n)
        let gw' = if weightsPerSample > 0 then toSampleMajor weightsPerSample n gw' else gw'
        Array.blit gw' 0 gw 0 gw.Length

let lmax4 : IrrepList = [ for l in 0 .. 4 -> ir 1 l (if l % 2 = 0 then even else odd) ]
let l2 : IrrepList = [ ir 1 0 even; ir 1 1 odd; ir 1 2 even ]
let connectedIn1 = [ ir 2 0 even; ir 2 1 odd; ir 1 2 even ]
let connectedOut = [ ir 3 0 even; ir 2 1 odd; ir 2 1 even; ir 1 2 even ]
let modesIn1 = [ ir 2 0 even; ir 2 1 odd; ir 2 2 even ]
let modesIn2 = [ ir 2 0 even; ir 3 1 odd ]
let modesOut = [ ir 2 0 even; ir 2 1 odd; ir 6 1 even; ir 2 2 even; ir 3 1 odd ]
let modesInstructions =
    [ ins 1 1 0 "uvw" true; ins 1 0 1 "uvu" true; ins 1 1 2 "uvuv" true; ins 2 0 3 "uuu" true
      { ins 2 1 4 "uvw" false with PathWeight = 0.5 }; ins 0 1 1 "uvu" false ]

let products : Product list =
    let full2Out, full2Ins = fullSpec l2 l2
    let full4Out, full4Ins = fullSpec lmax4 lmax4
    let connected = connectedSpec [ ir 2 0 even; ir 2 1 odd; ir 1 2 even ] l2 connectedOut
    [ { Name = "Full2 (f64)"; In1 = l2; In2 = l2; Out = full2Out; Instructions = full2Ins; IrrepNormalization = "component"; PathNormalization = "element"
        Forward = (fun a b _ o n -> EquivariantDeclarations.Full2(ReadOnlySpan a, ReadOnlySpan b, Span o, n))
        Backward = Some(fun a b _ g ga gb _ n -> EquivariantDeclarations.Full2Backward(ReadOnlySpan a, ReadOnlySpan b, ReadOnlySpan g, Span ga, Span gb, n))
        Single = false; PerSample = false }
      { Name = "RawFull4, no normalization (f64)"; In1 = lmax4; In2 = lmax4; Out = full4Out; Instructions = full4Ins; IrrepNormalization = "none"; PathNormalization = "none"
        Forward = (fun a b _ o n -> EquivariantDeclarations.RawFull4(ReadOnlySpan a, ReadOnlySpan b, Span o, n))
        Backward = Some(fun a b _ g ga gb _ n -> EquivariantDeclarations.RawFull4Backward(ReadOnlySpan a, ReadOnlySpan b, ReadOnlySpan g, Span ga, Span gb, n))
        Single = false; PerSample = false }
      { Name = "Full2 (f32)"; In1 = l2; In2 = l2; Out = full2Out; Instructions = full2Ins; IrrepNormalization = "component"; PathNormalization = "element"
        Forward = single (fun a b _ o n -> EquivariantDeclarations.Full2Single(ReadOnlySpan a, ReadOnlySpan b, Span o, n)); Backward = None; Single = true; PerSample = false }
      { Name = "Full4 (f32)"; In1 = lmax4; In2 = lmax4; Out = full4Out; Instructions = full4Ins; IrrepNormalization = "component"; PathNormalization = "element"
        Forward = single (fun a b _ o n -> EquivariantDeclarations.Full4Single(ReadOnlySpan a, ReadOnlySpan b, Span o, n)); Backward = None; Single = true; PerSample = false }
      { Name = "FullyConnected uvw (f64)"; In1 = connectedIn1; In2 = l2; Out = connectedOut; Instructions = connected; IrrepNormalization = "component"; PathNormalization = "element"
        Forward = (fun a b w o n -> EquivariantDeclarations.Connected(ReadOnlySpan a, ReadOnlySpan b, ReadOnlySpan w, Span o, n))
        Backward = Some(fun a b w g ga gb gw n -> EquivariantDeclarations.ConnectedBackward(ReadOnlySpan a, ReadOnlySpan b, ReadOnlySpan w, ReadOnlySpan g, Span ga, Span gb, Span gw, n))
        Single = false; PerSample = false }
      { Name = "FullyConnected uvw (f32)"; In1 = connectedIn1; In2 = l2; Out = connectedOut; Instructions = connected; IrrepNormalization = "component"; PathNormalization = "element"
        Forward = single (fun a b w o n -> EquivariantDeclarations.ConnectedSingle(ReadOnlySpan a, ReadOnlySpan b, ReadOnlySpan w, Span o, n)); Backward = None; Single = true; PerSample = false }
      // 2x1o + 1x2e ⊗ 1x0e + 2x1e, re-split by hand: 1x1o ⊗ 1x0e, 1x1o ⊗ 1x1e, 1x2e ⊗ 1x1e.
      { Name = "Elementwise uuu (f64)"; In1 = [ ir 1 1 odd; ir 1 1 odd; ir 1 2 even ]; In2 = [ ir 1 0 even; ir 1 1 even; ir 1 1 even ]
        Out = [ ir 1 1 odd; ir 1 0 odd; ir 1 1 odd; ir 1 2 odd; ir 1 1 even; ir 1 2 even; ir 1 3 even ]
        Instructions = [ ins 0 0 0 "uuu" false; ins 1 1 1 "uuu" false; ins 1 1 2 "uuu" false; ins 1 1 3 "uuu" false; ins 2 2 4 "uuu" false; ins 2 2 5 "uuu" false; ins 2 2 6 "uuu" false ]
        IrrepNormalization = "component"; PathNormalization = "element"
        Forward = (fun a b _ o n -> EquivariantDeclarations.Elementwise(ReadOnlySpan a, ReadOnlySpan b, Span o, n))
        Backward = Some(fun a b _ g ga gb _ n -> EquivariantDeclarations.ElementwiseBackward(ReadOnlySpan a, ReadOnlySpan b, ReadOnlySpan g, Span ga, Span gb, n))
        Single = false; PerSample = false }
      { Name = "uvw/uvu/uvuv/uuu, norm/path, path weight (f64)"; In1 = modesIn1; In2 = modesIn2; Out = modesOut; Instructions = modesInstructions
        IrrepNormalization = "norm"; PathNormalization = "path"
        Forward = (fun a b w o n -> EquivariantDeclarations.Modes(ReadOnlySpan a, ReadOnlySpan b, ReadOnlySpan w, Span o, n))
        Backward = Some(fun a b w g ga gb gw n -> EquivariantDeclarations.ModesBackward(ReadOnlySpan a, ReadOnlySpan b, ReadOnlySpan w, ReadOnlySpan g, Span ga, Span gb, Span gw, n))
        Single = false; PerSample = false }
      { Name = "uvw/uvu/uvuv/uuu, norm/path, path weight (f32)"; In1 = modesIn1; In2 = modesIn2; Out = modesOut; Instructions = modesInstructions
        IrrepNormalization = "norm"; PathNormalization = "path"
        Forward = single (fun a b w o n -> EquivariantDeclarations.ModesSingle(ReadOnlySpan a, ReadOnlySpan b, ReadOnlySpan w, Span o, n)); Backward = None; Single = true; PerSample = false }
      let modes = { Name = ""; In1 = modesIn1; In2 = modesIn2; Out = modesOut; Instructions = modesInstructions; IrrepNormalization = "norm"; PathNormalization = "path"
                    Forward = (fun _ _ _ _ _ -> ()); Backward = None; Single = false; PerSample = false }
      let d1, d2, dOut, wc = irrepsDim modesIn1, irrepsDim modesIn2, irrepsDim modesOut, EquivariantDeclarations.ModesWeightCount
      let major f = componentMajor d1 d2 dOut 0 nan f
      let major32 f = componentMajor d1 d2 dOut 0 nanf f
      let perSampleMajor f = componentMajor d1 d2 dOut wc nan f
      let perSampleMajor32 f = componentMajor d1 d2 dOut wc nanf f
      { modes with
          Name = "every mode, component-major (f64)"
          Forward = major (fun a b w o n -> EquivariantDeclarations.ModesMajor(ReadOnlySpan a, ReadOnlySpan b, ReadOnlySpan w, Span o, n))
          Backward = Some(componentMajorBackward d1 d2 dOut 0 (fun a b w g ga gb gw n ->
              EquivariantDeclarations.ModesMajorBackward(ReadOnlySpan a, ReadOnlySpan b, ReadOnlySpan w, ReadOnlySpan g, Span ga, Span gb, Span gw, n))) }
      { modes with
          Name = "every mode, component-major (f32)"; Single = true
          Forward = single (major32 (fun a b w o n -> EquivariantDeclarations.ModesMajorSingle(ReadOnlySpan a, ReadOnlySpan b, ReadOnlySpan w, Span o, n))) }
      { modes with
          Name = "every mode, per-sample weights (f64)"; PerSample = true
          Forward = (fun a b w o n -> EquivariantDeclarations.ModesPerSample(ReadOnlySpan a, ReadOnlySpan b, ReadOnlySpan w, Span o, n))
          Backward = Some(fun a b w g ga gb gw n -> EquivariantDeclarations.ModesPerSampleBackward(ReadOnlySpan a, ReadOnlySpan b, ReadOnlySpan w, ReadOnlySpan g, Span ga, Span gb, Span gw, n)) }
      { modes with
          Name = "every mode, per-sample weights (f32)"; PerSample = true; Single = true
          Forward = single (fun a b w o n -> EquivariantDeclarations.ModesPerSampleSingle(ReadOnlySpan a, ReadOnlySpan b, ReadOnlySpan w, Span o, n)) }
      { modes with
          Name = "every mode, per-sample weights, component-major (f64)"; PerSample = true
          Forward = perSampleMajor (fun a b w o n -> EquivariantDeclarations.ModesPerSampleMajor(ReadOnlySpan a, ReadOnlySpan b, ReadOnlySpan w, Span o, n))
          Backward = Some(componentMajorBackward d1 d2 dOut wc (fun a b w g ga gb gw n ->
              EquivariantDeclarations.ModesPerSampleMajorBackward(ReadOnlySpan a, ReadOnlySpan b, ReadOnlySpan w, ReadOnlySpan g, Span ga, Span gb, Span gw, n))) }
      { modes with
          Name = "every mode, per-sample weights, component-major (f32)"; PerSample = true; Single = true
          Forward = single (perSampleMajor32 (fun a b w o n -> EquivariantDeclarations.ModesPerSampleMajorSingle(ReadOnlySpan a, ReadOnlySpan b, ReadOnlySpan w, Span o, n))) }
      let full2Out, full2Ins = fullSpec l2 l2
      { Name = "Full2, component-major (f64)"; In1 = l2; In2 = l2; Out = full2Out; Instructions = full2Ins; IrrepNormalization = "component"; PathNormalization = "element"
        Forward = componentMajor 9 9 (irrepsDim full2Out) 0 nan (fun a b _ o n -> EquivariantDeclarations.Full2Major(ReadOnlySpan a, ReadOnlySpan b, Span o, n))
        Backward = Some(componentMajorBackward 9 9 (irrepsDim full2Out) 0 (fun a b _ g ga gb _ n ->
            EquivariantDeclarations.Full2MajorBackward(ReadOnlySpan a, ReadOnlySpan b, ReadOnlySpan g, Span ga, Span gb, n)))
        Single = false; PerSample = false }
      let full4Out, full4Ins = fullSpec lmax4 lmax4
      { Name = "Full4, component-major (f32)"; In1 = lmax4; In2 = lmax4; Out = full4Out; Instructions = full4Ins; IrrepNormalization = "component"; PathNormalization = "element"
        Forward = single (componentMajor 25 25 (irrepsDim full4Out) 0 nanf (fun a b _ o n -> EquivariantDeclarations.Full4SingleMajor(ReadOnlySpan a, ReadOnlySpan b, Span o, n)))
        Backward = None; Single = true; PerSample = false } ]

let weightCount (p: Product) = weightCounts p.In1 p.In2 p.Out p.Instructions |> List.sum

/// Inputs for `batch` samples and one weight vector (one per sample when the product takes per-sample weights), unit scale.
let draw (p: Product) (batch: int) : Gen<float[] * float[] * float[]> =
    gen {
        let! a = unitScale (batch * irrepsDim p.In1)
        let! b = unitScale (batch * irrepsDim p.In2)
        let! w = unitScale (if p.PerSample then batch * weightCount p else weightCount p)
        return a, b, w }

let run (p: Product) (a: float[]) (b: float[]) (w: float[]) (batch: int) =
    let o = Array.create (batch * irrepsDim p.Out) nan
    p.Forward a b w o batch
    o

/// The weights sample s uses: its own row when per-sample, else the shared set.
let weightsOf (p: Product) (w: float[]) (s: int) =
    if p.PerSample then let wc = weightCount p in w.[s * wc .. s * wc + wc - 1] else w

let oracle (p: Product) (a: float[]) (b: float[]) (w: float[]) (batch: int) =
    let d1, d2 = irrepsDim p.In1, irrepsDim p.In2
    [| for s in 0 .. batch - 1 do
         yield! tensorProduct p.In1 p.In2 p.Out p.Instructions p.IrrepNormalization p.PathNormalization a.[s * d1 .. s * d1 + d1 - 1] b.[s * d2 .. s * d2 + d2 - 1] (weightsOf p w s) |]

/// The oracle's analytic gradients for a batch: per sample, the weight gradient summed over the batch when shared.
let oracleGradients (p: Product) (a: float[]) (b: float[]) (w: float[]) (g: float[]) (batch: int) =
    let d1, d2, dOut = irrepsDim p.In1, irrepsDim p.In2, irrepsDim p.Out
    let perSample =
        [ for s in 0 .. batch - 1 ->
            tensorProductGradients p.In1 p.In2 p.Out p.Instructions p.IrrepNormalization p.PathNormalization
                a.[s * d1 .. s * d1 + d1 - 1] b.[s * d2 .. s * d2 + d2 - 1] (weightsOf p w s) g.[s * dOut .. s * dOut + dOut - 1] ]
    let ga = perSample |> List.map (fun (x, _, _) -> x) |> Array.concat
    let gb = perSample |> List.map (fun (_, x, _) -> x) |> Array.concat
    let gw =
        if p.PerSample then perSample |> List.map (fun (_, _, x) -> x) |> Array.concat
        else perSample |> List.fold (fun acc (_, _, x) -> Array.map2 (+) acc x) (Array.zeroCreate w.Length)
    ga, gb, gw

/// Batch sizes around every lane count (Vector128/256/512 of f32 and f64: 2, 4, 8, 16), 0, 1 and primes.
let batches = [ 0; 1; 2; 3; 4; 5; 7; 8; 9; 13; 15; 16; 17; 31; 33 ]

/// Applies the block-diagonal representation to each sample of a sample-major batch.
let rotateBatch (d: float[,]) (x: float[]) =
    let n = Array2D.length1 d
    [| for s in 0 .. x.Length / n - 1 do yield! matVec d x.[s * n .. s * n + n - 1] |]

// ---- harmonics fixtures ---------------------------------------------------------------------------------

type Harmonics =
    { Name: string; LMax: int; Normalization: string; Normalize: bool; Single: bool
      Run: float[] -> float[] -> float[] -> float[] -> unit }

let harmonics =
    [ { Name = "lmax 8, component (f64)"; LMax = 8; Normalization = "component"; Normalize = true; Single = false
        Run = fun x y z o -> EquivariantDeclarations.Sh8Component(ReadOnlySpan x, ReadOnlySpan y, ReadOnlySpan z, Span o) }
      { Name = "lmax 4, integral (f32)"; LMax = 4; Normalization = "integral"; Normalize = true; Single = true
        Run = fun x y z o ->
                let o32 = Array.zeroCreate o.Length
                EquivariantDeclarations.Sh4Single(ReadOnlySpan(Array.map float32 x), ReadOnlySpan(Array.map float32 y), ReadOnlySpan(Array.map float32 z), Span o32)
                Array.iteri (fun i v -> o.[i] <- float v) o32 }
      { Name = "lmax 6, norm, not normalized (f64)"; LMax = 6; Normalization = "norm"; Normalize = false; Single = false
        Run = fun x y z o -> EquivariantDeclarations.Sh6NormRaw(ReadOnlySpan x, ReadOnlySpan y, ReadOnlySpan z, Span o) }
      { Name = "lmax 4, integral, component-major (f32)"; LMax = 4; Normalization = "integral"; Normalize = true; Single = true
        Run = fun x y z o ->
                let major = Array.create o.Length nanf
                EquivariantDeclarations.Sh4SingleMajor(ReadOnlySpan(Array.map float32 x), ReadOnlySpan(Array.map float32 y), ReadOnlySpan(Array.map float32 z), Span major)
                Array.iteri (fun i v -> o.[i] <- float v) (toSampleMajor 25 x.Length major) }
      { Name = "lmax 6, norm, not normalized, component-major (f64)"; LMax = 6; Normalization = "norm"; Normalize = false; Single = false
        Run = fun x y z o ->
                let major = Array.create o.Length nan
                EquivariantDeclarations.Sh6NormRawMajor(ReadOnlySpan x, ReadOnlySpan y, ReadOnlySpan z, Span major)
                Array.blit (toSampleMajor 49 x.Length major) 0 o 0 o.Length } ]

/// Runs `run` with a threshold choice overridden (0: always stream, None: never), in this flow only.
let private withThreshold (choice: ThresholdChoice) (bytes: int64 option) (run: unit -> 'T) =
    use _ = choice.Override(Option.toNullable bytes)
    run ()

/// Runs a harmonics kernel on the same random vectors streamed and not, and fails at the first element whose bits differ.
let private expectStreamedEqualsOrdinary (rng: Random) (dim: int) (count: int) (offset: int) (run: float[] -> float[] -> float[] -> int -> float[]) =
    let x, y, z = Array.init count (fun _ -> rng.NextDouble() * 2.0 - 1.0), Array.init count (fun _ -> rng.NextDouble() * 2.0 - 1.0), Array.init count (fun _ -> rng.NextDouble() * 2.0 - 1.0)
    let streamed = withThreshold KernelChoices.HarmonicsStreaming (Some 0L) (fun () -> run x y z offset)
    let ordinary = withThreshold KernelChoices.HarmonicsStreaming None (fun () -> run x y z offset)
    for i in 0 .. streamed.Length - 1 do
        if BitConverter.DoubleToInt64Bits streamed.[i] <> BitConverter.DoubleToInt64Bits ordinary.[i] then
            failtestf "dim %d, %d vectors at offset %d: element %d streamed %.17g, ordinary %.17g" dim count offset i streamed.[i] ordinary.[i]

/// Runs a tensor product streamed and not (on the same inputs, `run` draws none), and fails at the first element whose bits differ.
let private expectProductStreamedEqualsOrdinary (name: string) (count: int) (offset: int) (run: unit -> float[]) =
    let streamed = withThreshold KernelChoices.ProductStreaming (Some 0L) run
    let ordinary = withThreshold KernelChoices.ProductStreaming None run
    for i in 0 .. streamed.Length - 1 do
        if BitConverter.DoubleToInt64Bits streamed.[i] <> BitConverter.DoubleToInt64Bits ordinary.[i] then
            failtestf "%s, %d samples at offset %d: element %d streamed %.17g, ordinary %.17g" name count offset i streamed.[i] ordinary.[i]

let evaluate (h: Harmonics) (vectors: float[][]) =
    let n = vectors.Length
    let o = Array.create (n * (h.LMax + 1) * (h.LMax + 1)) nan
    h.Run (Array.map (fun (v: float[]) -> v.[0]) vectors) (Array.map (fun (v: float[]) -> v.[1]) vectors) (Array.map (fun (v: float[]) -> v.[2]) vectors) o
    o

/// Gauss–Legendre nodes and weights on [-1, 1] by Newton's method on P_n.
let gaussLegendre (n: int) =
    [| for i in 1 .. n do
         let mutable t = cos (Math.PI * (float i - 0.25) / (float n + 0.5))
         let mutable derivative = 0.0
         for _ in 1 .. 50 do
             let p = legendre n t
             derivative <- float n * (t * p - legendre (n - 1) t) / (t * t - 1.0)
             t <- t - p / derivative
         yield t, 2.0 / ((1.0 - t * t) * derivative * derivative) |]

let tests =
    testList "kernels" [
        test "generated Clebsch–Gordan = oracle (sum over v vs Racah's sum over k), every entry of every path l1, l2 ≤ 4, ≤ 2e-16 + 1 ulp" {
            // RawFull4 has no normalization: probing with basis vectors e_i ⊗ e_j reads back W[i, j, ·] of every path.
            let out, instructions = fullSpec lmax4 lmax4
            let d = irrepsDim lmax4
            let dOut = irrepsDim out
            let a = Array.zeroCreate (d * d * d)
            let b = Array.zeroCreate (d * d * d)
            for i in 0 .. d - 1 do
                for j in 0 .. d - 1 do
                    a.[(i * d + j) * d + i] <- 1.0
                    b.[(i * d + j) * d + j] <- 1.0
            let o = Array.create (d * d * dOut) nan
            EquivariantDeclarations.RawFull4(ReadOnlySpan a, ReadOnlySpan b, Span o, d * d)
            let offsets (irreps: IrrepList) = irreps |> List.scan (fun s (m, l, _) -> s + m * (2 * l + 1)) 0
            let o1, oo = offsets lmax4, offsets out
            let mutable worst = 0.0
            let mutable nonzeros = 0
            for ins in instructions do
                let _, l1, _ = lmax4.[ins.I1]
                let _, l2, _ = lmax4.[ins.I2]
                let _, lo, _ = out.[ins.IOut]
                let w = wigner3j l1 l2 lo
                for i in 0 .. 2 * l1 do
                    for j in 0 .. 2 * l2 do
                        for k in 0 .. 2 * lo do
                            let sample = (o1.[ins.I1] + i) * d + (o1.[ins.I2] + j)
                            let generated = o.[sample * dOut + oo.[ins.IOut] + k]
                            if w.[i, j, k] <> 0.0 then nonzeros <- nonzeros + 1
                            let diff = abs (generated - w.[i, j, k])
                            worst <- max worst diff
                            if diff > 2e-16 + abs w.[i, j, k] * 2.3e-16 then
                                failtestf "W(%d,%d,%d)[%d,%d,%d]: generated %.17g, oracle %.17g" l1 l2 lo i j k generated w.[i, j, k]
            Expect.isGreaterThan nonzeros 3000 "the tables are not empty" }
        for p in products do
            property (sprintf "%s = oracle, max-abs ≤ %s" p.Name (if p.Single then "1e-5" else "1e-13")) 15
                (gen { let! batch = Gen.elements batches
                       let! a, b, w = draw p batch
                       return batch, a, b, w }) (fun (batch, a, b, w) ->
                    expectClose "output" (if p.Single then 1e-5 else 1e-13) (oracle p a b w batch) (run p a b w batch))
            property (sprintf "%s overwrites its output: every component of a NaN-filled output is written, batches 0 … 33" p.Name) 10
                (gen { let! batch = Gen.elements batches
                       let! a, b, w = draw p batch
                       return batch, a, b, w }) (fun (batch, a, b, w) ->
                    let o = run p a b w batch
                    let dOut = irrepsDim p.Out
                    match Array.tryFindIndex Double.IsNaN o with
                    | Some i -> failtestf "component %d of sample %d (of %d) left unwritten: NaN" (i % dOut) (i / dOut) batch
                    | None -> ())
            if p.Name.Contains "component-major" then
                // The component-major block loop runs unit by unit over chunks of 64 blocks (512 f32 samples on AVX2, 1,024 on
                // AVX-512, 256 on Vector128); batches 0 … 33 stay within one chunk.
                property (sprintf "%s over several chunks (batches 1,100 and 1,283) = oracle, max-abs ≤ %s, every component written" p.Name (if p.Single then "1e-5" else "1e-13")) 2
                    (gen { let! batch = Gen.elements [ 1100; 1283 ]
                           let! a, b, w = draw p batch
                           return batch, a, b, w }) (fun (batch, a, b, w) ->
                        let o = run p a b w batch
                        Expect.isFalse (Array.exists Double.IsNaN o) "every component written"
                        expectClose "output" (if p.Single then 1e-5 else 1e-13) (oracle p a b w batch) o)
            property (sprintf "%s is equivariant: f(D1·x1, D2·x2) = D_out·f(x1, x2) for random O(3) incl. inversion, max-abs ≤ %s" p.Name (if p.Single then "1e-5" else "1e-12")) 10
                (gen { let! batch = Gen.elements [ 3; 9; 17 ]
                       let! a, b, w = draw p batch
                       let! g = o3Element
                       return batch, a, b, w, g }) (fun (batch, a, b, w, g) ->
                    let rotated = run p (rotateBatch (irrepsD p.In1 g) a) (rotateBatch (irrepsD p.In2 g) b) w batch
                    let expected = rotateBatch (irrepsD p.Out g) (run p a b w batch)
                    expectClose "D·f(x) vs f(D·x)" (if p.Single then 1e-5 else 1e-12) expected rotated)
            match p.Backward with
            | None -> ()
            | Some backward ->
                property (sprintf "%s backward = the oracle's analytic gradients (x1, x2, weights), batches 0 … 33, max-abs ≤ 1e-12 relative" p.Name) 10
                    (gen { let! batch = Gen.elements batches
                           let! a, b, w = draw p batch
                           let! g = unitScale (batch * irrepsDim p.Out)
                           return batch, a, b, w, g }) (fun (batch, a, b, w, g) ->
                        let ga, gb, gw = Array.create a.Length nan, Array.create b.Length nan, Array.create w.Length nan
                        backward a b w g ga gb gw batch
                        let ea, eb, ew = oracleGradients p a b w g batch
                        let scale (x: float[]) = x |> Array.fold (fun m v -> max m (abs v)) 1.0
                        expectClose "gradX1" (1e-12 * scale ea) ea ga
                        expectClose "gradX2" (1e-12 * scale eb) eb gb
                        expectClose "gradWeights" (1e-12 * scale ew) ew gw)
                property (sprintf "%s backward = central differences of forward along random directions, relative ≤ 1e-7" p.Name) 10
                    (gen { let! batch = Gen.elements [ 2; 9; 17 ]
                           let! a, b, w = draw p batch
                           let! da, db, dw = draw p batch
                           let! g = unitScale (batch * irrepsDim p.Out)
                           return batch, a, b, w, da, db, dw, g }) (fun (batch, a, b, w, da, db, dw, g) ->
                        let ga, gb, gw = Array.create a.Length nan, Array.create b.Length nan, Array.create w.Length nan
                        backward a b w g ga gb gw batch
                        let h = 1e-3
                        let dot (x: float[]) (y: float[]) = Array.fold2 (fun s u v -> s + u * v) 0.0 x y
                        let shift (x: float[]) (d: float[]) s = Array.map2 (fun u v -> u + s * h * v) x d
                        let check what analytic plus minus =
                            let numeric = (dot g plus - dot g minus) / (2.0 * h)
                            let scale = max 1.0 (abs numeric)
                            if not (abs (analytic - numeric) <= 1e-7 * scale) then
                                failtestf "%s: analytic %.17g, central difference %.17g" what analytic numeric
                        check "d/dx1" (dot ga da) (run p (shift a da 1.0) b w batch) (run p (shift a da -1.0) b w batch)
                        check "d/dx2" (dot gb db) (run p a (shift b db 1.0) w batch) (run p a (shift b db -1.0) w batch)
                        if w.Length > 0 then check "d/dweights" (dot gw dw) (run p a b (shift w dw 1.0) batch) (run p a b (shift w dw -1.0) batch))
        for h in harmonics do
            let tolerance = if h.Single then 1e-5 else 1e-12
            property (sprintf "harmonics %s = oracle, 0 … 33 vectors, relative max-abs ≤ %g" h.Name tolerance) 20
                (Gen.elements batches |> Gen.bind (fun n -> Gen.arrayOfLength n vector3)) (fun vectors ->
                let expected = [| for v in vectors do yield! sphericalHarmonics h.LMax h.Normalization h.Normalize v.[0] v.[1] v.[2] |]
                let scale = expected |> Array.fold (fun m v -> max m (abs v)) 1.0
                expectClose "Y" (tolerance * scale) expected (evaluate h vectors))
            property (sprintf "harmonics %s are equivariant: Y(g·x) = D(g) Y(x) incl. inversion, max-abs ≤ %g" h.Name tolerance) 10 (Gen.zip o3Element vector3) (fun (g, v) ->
                let irreps = [ for l in 0 .. h.LMax -> 1, l, (if l % 2 = 0 then 1 else -1) ]
                let rx = matVec (o3Matrix g) v
                let left = evaluate h [| rx |]
                let right = matVec (irrepsD irreps g) (evaluate h [| v |])
                let scale = right |> Array.fold (fun m v -> max m (abs v)) 1.0
                expectClose "Y(gx)" (tolerance * scale) right left)
        test "harmonics normalizations: ∫ Y_lm Y_l'm' dΩ = δ (integral, by Gauss–Legendre × uniform φ, exact to degree 16), |Y_l| = 1 (norm), Σ_m Y_lm² = 2l + 1 (component)" {
            let nodes = gaussLegendre 10
            let phis = 20
            let points = [| for t, wt in nodes do
                              for k in 0 .. phis - 1 do
                                  let phi = 2.0 * Math.PI * float k / float phis
                                  let s = sqrt (1.0 - t * t)
                                  yield [| s * cos phi; t; s * sin phi |], wt * 2.0 * Math.PI / float phis |]
            let integral = harmonics |> List.find (fun h -> h.Normalization = "integral")
            let values = evaluate integral (Array.map fst points)
            let dim = 25
            for a in 0 .. dim - 1 do
                for b in 0 .. dim - 1 do
                    let s = points |> Array.mapi (fun i (_, wt) -> wt * values.[i * dim + a] * values.[i * dim + b]) |> Array.sum
                    if abs (s - (if a = b then 1.0 else 0.0)) > 1e-5 then failtestf "∫ Y_%d Y_%d = %g" a b s
            let norm = harmonics |> List.find (fun h -> h.Normalization = "norm")
            let v = [| 0.3; -0.7; 0.2 |]
            let r = sqrt (Array.sumBy (fun x -> x * x) v)
            let y = evaluate norm [| v |]
            for l in 0 .. 6 do
                let block = y.[l * l .. l * l + 2 * l]
                Expect.floatClose Accuracy.veryHigh (sqrt (Array.sumBy (fun x -> x * x) block)) (Math.Pow(r, float l)) (sprintf "|Y_%d| = |x|^l" l)
            let components = evaluate harmonics.Head [| v |]
            for l in 0 .. 8 do
                Expect.floatClose Accuracy.veryHigh (Array.sumBy (fun x -> x * x) components.[l * l .. l * l + 2 * l]) (float (2 * l + 1)) (sprintf "Σ Y_%d²" l) }
        property "addition theorem: Σ_m Y_lm(a) Y_lm(b) = (2l + 1) P_l(â·b̂) for l ≤ 8 ('component', f64), ≤ 1e-12" 20 (Gen.zip vector3 vector3) (fun (a, b) ->
            let h = harmonics.Head
            let y = evaluate h [| a; b |]
            let dim = 81
            let cosine = (a.[0] * b.[0] + a.[1] * b.[1] + a.[2] * b.[2]) / sqrt ((Array.sumBy (fun x -> x * x) a) * (Array.sumBy (fun x -> x * x) b))
            for l in 0 .. 8 do
                let s = Array.sum [| for m in l * l .. l * l + 2 * l -> y.[m] * y.[dim + m] |]
                let expected = float (2 * l + 1) * legendre l cosine
                if abs (s - expected) > 1e-12 * float (2 * l + 1) then failtestf "l = %d: %.17g vs %.17g" l s expected)
        property "harmonics backward = central differences (f64, lmax 3 normalized and lmax 6 raw, both layouts, 1 … 17 vectors), relative ≤ 1e-7" 15
            (gen { let! count = Gen.elements [ 1; 3; 4; 5; 9; 17 ]
                   let! vectors = Gen.arrayOfLength count vector3
                   let! g = unitScale (count * 49)
                   return vectors, g }) (fun (vectors, g) ->
            let count = vectors.Length
            let cases =
                let sh3 (x: float[]) (y: float[]) (z: float[]) (o: float[]) = EquivariantDeclarations.Sh3(ReadOnlySpan x, ReadOnlySpan y, ReadOnlySpan z, Span o)
                let sh3Backward (x: float[]) (y: float[]) (z: float[]) (g: float[]) (gx: float[]) (gy: float[]) (gz: float[]) =
                    EquivariantDeclarations.Sh3Backward(ReadOnlySpan x, ReadOnlySpan y, ReadOnlySpan z, ReadOnlySpan g, Span gx, Span gy, Span gz)
                let sh6 (x: float[]) (y: float[]) (z: float[]) (o: float[]) = EquivariantDeclarations.Sh6NormRaw(ReadOnlySpan x, ReadOnlySpan y, ReadOnlySpan z, Span o)
                let sh6Backward (x: float[]) (y: float[]) (z: float[]) (g: float[]) (gx: float[]) (gy: float[]) (gz: float[]) =
                    EquivariantDeclarations.Sh6NormRawBackward(ReadOnlySpan x, ReadOnlySpan y, ReadOnlySpan z, ReadOnlySpan g, Span gx, Span gy, Span gz)
                // Component-major kernels seen through sample-major arrays: the output and gradOutput transposed.
                let major dim run (x: float[]) (y: float[]) (z: float[]) (o: float[]) =
                    let m = Array.create o.Length nan
                    run x y z m
                    Array.blit (toSampleMajor dim x.Length m) 0 o 0 o.Length
                let sh3Major = major 16 (fun x y z o -> EquivariantDeclarations.Sh3Major(ReadOnlySpan x, ReadOnlySpan y, ReadOnlySpan z, Span o))
                let sh3MajorBackward (x: float[]) (y: float[]) (z: float[]) (g: float[]) (gx: float[]) (gy: float[]) (gz: float[]) =
                    EquivariantDeclarations.Sh3MajorBackward(ReadOnlySpan x, ReadOnlySpan y, ReadOnlySpan z, ReadOnlySpan(toComponentMajor 16 x.Length g), Span gx, Span gy, Span gz)
                let sh6Major = major 49 (fun x y z o -> EquivariantDeclarations.Sh6NormRawMajor(ReadOnlySpan x, ReadOnlySpan y, ReadOnlySpan z, Span o))
                let sh6MajorBackward (x: float[]) (y: float[]) (z: float[]) (g: float[]) (gx: float[]) (gy: float[]) (gz: float[]) =
                    EquivariantDeclarations.Sh6NormRawMajorBackward(ReadOnlySpan x, ReadOnlySpan y, ReadOnlySpan z, ReadOnlySpan(toComponentMajor 49 x.Length g), Span gx, Span gy, Span gz)
                [ 3, sh3, sh3Backward; 6, sh6, sh6Backward; 3, sh3Major, sh3MajorBackward; 6, sh6Major, sh6MajorBackward ]
            for lmax, forward, backward in cases do
                let dim = (lmax + 1) * (lmax + 1)
                let g = g.[0 .. count * dim - 1]
                let coordinate k = Array.map (fun (v: float[]) -> v.[k]) vectors
                let x, y, z = coordinate 0, coordinate 1, coordinate 2
                let gx, gy, gz = Array.create count nan, Array.create count nan, Array.create count nan
                backward x y z g gx gy gz
                let value (x: float[]) y z =
                    let o = Array.zeroCreate (count * dim)
                    forward x y z o
                    Array.fold2 (fun s a b -> s + a * b) 0.0 o g
                let h = 1e-6
                for n in 0 .. count - 1 do
                    for axis, analytic in [ 0, gx.[n]; 1, gy.[n]; 2, gz.[n] ] do
                        let bump s =
                            let c = [| Array.copy x; Array.copy y; Array.copy z |]
                            c.[axis].[n] <- c.[axis].[n] + s * h
                            c
                        let p, m = bump 1.0, bump -1.0
                        let numeric = (value p.[0] p.[1] p.[2] - value m.[0] m.[1] m.[2]) / (2.0 * h)
                        if not (abs (numeric - analytic) <= 1e-7 * max 1.0 (abs numeric)) then
                            failtestf "lmax %d, vector %d, axis %d: analytic %.17g, numeric %.17g" lmax n axis analytic numeric)
        property "harmonics backward = the oracle's analytic Jacobian contracted with gradOutput (f64: lmax 8 component, lmax 6 raw, lmax 3 integral, both layouts, 0 … 33 vectors), relative ≤ 1e-12" 15
            (gen { let! count = Gen.elements batches
                   let! vectors = Gen.arrayOfLength count vector3
                   let! g = unitScale (count * 81)
                   return vectors, g }) (fun (vectors, g) ->
            let count = vectors.Length
            let backward lmax normalization normalize (run: float[] -> float[] -> float[] -> float[] -> float[] -> float[] -> float[] -> unit) =
                lmax, normalization, normalize, run
            let cases =
                [ backward 8 "component" true (fun x y z g gx gy gz ->
                      EquivariantDeclarations.Sh8ComponentBackward(ReadOnlySpan x, ReadOnlySpan y, ReadOnlySpan z, ReadOnlySpan g, Span gx, Span gy, Span gz))
                  backward 6 "norm" false (fun x y z g gx gy gz ->
                      EquivariantDeclarations.Sh6NormRawBackward(ReadOnlySpan x, ReadOnlySpan y, ReadOnlySpan z, ReadOnlySpan g, Span gx, Span gy, Span gz))
                  backward 3 "integral" true (fun x y z g gx gy gz ->
                      EquivariantDeclarations.Sh3Backward(ReadOnlySpan x, ReadOnlySpan y, ReadOnlySpan z, ReadOnlySpan g, Span gx, Span gy, Span gz))
                  backward 6 "norm" false (fun x y z g gx gy gz ->
                      EquivariantDeclarations.Sh6NormRawMajorBackward(ReadOnlySpan x, ReadOnlySpan y, ReadOnlySpan z, ReadOnlySpan(toComponentMajor 49 x.Length g), Span gx, Span gy, Span gz))
                  backward 3 "integral" true (fun x y z g gx gy gz ->
                      EquivariantDeclarations.Sh3MajorBackward(ReadOnlySpan x, ReadOnlySpan y, ReadOnlySpan z, ReadOnlySpan(toComponentMajor 16 x.Length g), Span gx, Span gy, Span gz)) ]
            for lmax, normalization, normalize, run in cases do
                let dim = (lmax + 1) * (lmax + 1)
                let g = g.[0 .. count * dim - 1]
                let coordinate k = Array.map (fun (v: float[]) -> v.[k]) vectors
                let gradients = Array.init 3 (fun _ -> Array.create count nan)
                run (coordinate 0) (coordinate 1) (coordinate 2) g gradients.[0] gradients.[1] gradients.[2]
                for n in 0 .. count - 1 do
                    let v = vectors.[n]
                    let jacobian = sphericalHarmonicsJacobian lmax normalization normalize v.[0] v.[1] v.[2]
                    for a in 0 .. 2 do
                        let expected = Array.sum [| for i in 0 .. dim - 1 -> g.[n * dim + i] * jacobian.[i, a] |]
                        // Relative to the sum of the terms' magnitudes, what the contraction's rounding scales with.
                        let scale = max 1.0 (Array.sum [| for i in 0 .. dim - 1 -> abs (g.[n * dim + i] * jacobian.[i, a]) |])
                        if not (abs (gradients.[a].[n] - expected) <= 1e-12 * scale) then
                            failtestf "lmax %d %s, vector %d of %d, axis %d: kernel %.17g, oracle %.17g" lmax normalization n count a gradients.[a].[n] expected)
        test "harmonics streaming path = ordinary path, bit for bit (f32 lmax 4, f64 lmax 8 and 6 raw; batches 0 … 130, destination offsets 0 … 17)" {
            let runs = expectStreamedEqualsOrdinary (Random 11)
            for count in [ 0; 1; 7; 8; 15; 16; 17; 31; 32; 33; 47; 48; 64; 70; 95; 96; 97; 130 ] do
                for offset in [ 0; 1; 2; 3; 5; 8; 13; 16; 17 ] do
                    runs 25 count offset (fun x y z offset ->
                        let o = Array.create (offset + count * 25 + 3) nanf
                        EquivariantDeclarations.Sh4Single(ReadOnlySpan(Array.map float32 x), ReadOnlySpan(Array.map float32 y), ReadOnlySpan(Array.map float32 z), Span(o, offset, count * 25))
                        Array.map float o)
                    runs 81 count offset (fun x y z offset ->
                        let o = Array.create (offset + count * 81 + 3) nan
                        EquivariantDeclarations.Sh8Component(ReadOnlySpan x, ReadOnlySpan y, ReadOnlySpan z, Span(o, offset, count * 81))
                        o)
                    runs 49 count offset (fun x y z offset ->
                        let o = Array.create (offset + count * 49 + 3) nan
                        EquivariantDeclarations.Sh6NormRaw(ReadOnlySpan x, ReadOnlySpan y, ReadOnlySpan z, Span(o, offset, count * 49))
                        o) }
        test "component-major harmonics streaming path = ordinary path, bit for bit (f32 lmax 4, f64 lmax 6 raw; batches 0 … 333 around the windows, destination offsets 0 … 17)" {
            // Rows start count values apart, so every row meets its 64-byte lines at its own phase; the windows are
            // 16 + 8 · 16 vectors (f32, 25 harmonics) and 8 + 4 · 8 (f64, 49) before the carried line.
            let runs = expectStreamedEqualsOrdinary (Random 12)
            for count in [ 0; 1; 16; 39; 40; 41; 47; 72; 73; 143; 144; 145; 159; 160; 272; 273; 333 ] do
                for offset in [ 0; 1; 2; 3; 5; 8; 13; 16; 17 ] do
                    runs 25 count offset (fun x y z offset ->
                        let o = Array.create (offset + count * 25 + 3) nanf
                        EquivariantDeclarations.Sh4SingleMajor(ReadOnlySpan(Array.map float32 x), ReadOnlySpan(Array.map float32 y), ReadOnlySpan(Array.map float32 z), Span(o, offset, count * 25))
                        Array.map float o)
                    runs 49 count offset (fun x y z offset ->
                        let o = Array.create (offset + count * 49 + 3) nan
                        EquivariantDeclarations.Sh6NormRawMajor(ReadOnlySpan x, ReadOnlySpan y, ReadOnlySpan z, Span(o, offset, count * 49))
                        o) }
        test "sample-major tensor product streaming path = ordinary path, bit for bit (f32 lmax 4 fused, f64 lmax 2, every mode f64 shared and f32 per-sample weights; batches 0 … 41, destination offsets 0 … 17)" {
            // A block of 8 (f32 AVX2) or 4 (f64) samples of 625 f32 outputs is 2,500 bytes a sample: its 64-byte lines
            // meet the destination at a different phase in every block, and the offsets move where the first one falls.
            let rng = Random 14
            let values n = Array.init n (fun _ -> rng.NextDouble() * 2.0 - 1.0)
            let wc = EquivariantDeclarations.ModesWeightCount
            let d1, d2, dOut = irrepsDim modesIn1, irrepsDim modesIn2, irrepsDim modesOut
            let full4Out = irrepsDim (fst (fullSpec lmax4 lmax4))
            let full2Out = irrepsDim (fst (fullSpec l2 l2))
            for count in [ 0; 1; 3; 4; 5; 7; 8; 9; 15; 16; 17; 24; 31; 32; 33; 41 ] do
                for offset in [ 0; 1; 2; 3; 5; 8; 13; 16; 17 ] do
                    let a4, b4 = Array.map float32 (values (count * 25)), Array.map float32 (values (count * 25))
                    expectProductStreamedEqualsOrdinary "Full4 (f32)" count offset (fun () ->
                        let o = Array.create (offset + count * full4Out + 3) nanf
                        EquivariantDeclarations.Full4Single(ReadOnlySpan a4, ReadOnlySpan b4, Span(o, offset, count * full4Out), count)
                        Array.map float o)
                    let a2, b2 = values (count * 9), values (count * 9)
                    expectProductStreamedEqualsOrdinary "Full2 (f64)" count offset (fun () ->
                        let o = Array.create (offset + count * full2Out + 3) nan
                        EquivariantDeclarations.Full2(ReadOnlySpan a2, ReadOnlySpan b2, Span(o, offset, count * full2Out), count)
                        o)
                    let a, b, w = values (count * d1), values (count * d2), values wc
                    expectProductStreamedEqualsOrdinary "every mode (f64)" count offset (fun () ->
                        let o = Array.create (offset + count * dOut + 3) nan
                        EquivariantDeclarations.Modes(ReadOnlySpan a, ReadOnlySpan b, ReadOnlySpan w, Span(o, offset, count * dOut), count)
                        o)
                    let a32, b32, w32 = Array.map float32 a, Array.map float32 b, Array.map float32 (values (count * wc))
                    expectProductStreamedEqualsOrdinary "every mode, per-sample weights (f32)" count offset (fun () ->
                        let o = Array.create (offset + count * dOut + 3) nanf
                        EquivariantDeclarations.ModesPerSampleSingle(ReadOnlySpan a32, ReadOnlySpan b32, ReadOnlySpan w32, Span(o, offset, count * dOut), count)
                        Array.map float o) }
        test "each product's dimension constants and output irreps are those the oracle derives (full l <= 2 and l <= 4, fully connected, element-wise, every mode)" {
            let irrepsOf (text: string) = [ for item in Irreps.Parse(text).Items -> ir item.Mul item.Irrep.L item.Irrep.P ]
            let elementwise = products |> List.find (fun p -> p.Name = "Elementwise uuu (f64)")
            let cases =
                [ "Full2", (EquivariantDeclarations.Full2Input1Dim, EquivariantDeclarations.Full2Input2Dim, EquivariantDeclarations.Full2OutputDim, EquivariantDeclarations.Full2OutputIrreps), (l2, l2, fst (fullSpec l2 l2))
                  "Full4Single", (EquivariantDeclarations.Full4SingleInput1Dim, EquivariantDeclarations.Full4SingleInput2Dim, EquivariantDeclarations.Full4SingleOutputDim, EquivariantDeclarations.Full4SingleOutputIrreps), (lmax4, lmax4, fst (fullSpec lmax4 lmax4))
                  "Connected", (EquivariantDeclarations.ConnectedInput1Dim, EquivariantDeclarations.ConnectedInput2Dim, EquivariantDeclarations.ConnectedOutputDim, EquivariantDeclarations.ConnectedOutputIrreps), (connectedIn1, l2, connectedOut)
                  "Elementwise", (EquivariantDeclarations.ElementwiseInput1Dim, EquivariantDeclarations.ElementwiseInput2Dim, EquivariantDeclarations.ElementwiseOutputDim, EquivariantDeclarations.ElementwiseOutputIrreps), (elementwise.In1, elementwise.In2, elementwise.Out)
                  "Modes", (EquivariantDeclarations.ModesInput1Dim, EquivariantDeclarations.ModesInput2Dim, EquivariantDeclarations.ModesOutputDim, EquivariantDeclarations.ModesOutputIrreps), (modesIn1, modesIn2, modesOut) ]
            for name, (d1, d2, dOut, irreps), (in1, in2, out) in cases do
                Expect.equal d1 (irrepsDim in1) (sprintf "%s: x1 dimension" name)
                Expect.equal d2 (irrepsDim in2) (sprintf "%s: x2 dimension" name)
                Expect.equal dOut (irrepsDim out) (sprintf "%s: output dimension" name)
                Expect.equal (irrepsOf irreps) out (sprintf "%s: output irreps %s" name irreps) }
        test "bad lengths throw ArgumentException naming the parameter" {
            let f = Array.zeroCreate<float> 100
            let check name (action: unit -> unit) =
                let e = Expect.throwsC action id
                match e with
                | :? ArgumentException as a -> Expect.equal a.ParamName name (sprintf "names %s: %s" name a.Message)
                | other -> failtestf "expected ArgumentException for %s, got %O" name other
            check "x1" (fun () -> EquivariantDeclarations.Full2(ReadOnlySpan(f, 0, 17), ReadOnlySpan f, Span(Array.zeroCreate 162), 2))
            check "x2" (fun () -> EquivariantDeclarations.Full2(ReadOnlySpan f, ReadOnlySpan(f, 0, 8), Span(Array.zeroCreate 81), 1))
            check "output" (fun () -> EquivariantDeclarations.Full2(ReadOnlySpan f, ReadOnlySpan f, Span(Array.zeroCreate 80), 1))
            check "batch" (fun () -> EquivariantDeclarations.Full2(ReadOnlySpan f, ReadOnlySpan f, Span(Array.zeroCreate 81), -1))
            check "weights" (fun () -> EquivariantDeclarations.Connected(ReadOnlySpan f, ReadOnlySpan f, ReadOnlySpan(f, 0, EquivariantDeclarations.ConnectedWeightCount - 1), Span(Array.zeroCreate 100), 1))
            check "gradWeights" (fun () ->
                EquivariantDeclarations.ConnectedBackward(ReadOnlySpan f, ReadOnlySpan f, ReadOnlySpan(f, 0, EquivariantDeclarations.ConnectedWeightCount), ReadOnlySpan(Array.zeroCreate 100),
                                                          Span(Array.zeroCreate 100), Span(Array.zeroCreate 100), Span(Array.zeroCreate 3), 1))
            check "y" (fun () -> EquivariantDeclarations.Sh3(ReadOnlySpan(f, 0, 2), ReadOnlySpan(f, 0, 3), ReadOnlySpan(f, 0, 2), Span(Array.zeroCreate 32)))
            check "output" (fun () -> EquivariantDeclarations.Sh3(ReadOnlySpan(f, 0, 2), ReadOnlySpan(f, 0, 2), ReadOnlySpan(f, 0, 2), Span(Array.zeroCreate 31))) }
        test "Irreps: parse, simplify, sort, dim and print as e3nn" {
            let x = Irreps.Parse "16x0e + 8x1o + 4x2e"
            Expect.equal x.Dim (16 + 24 + 20) "dim"
            Expect.equal (string x) "16x0e+8x1o+4x2e" "print"
            Expect.equal (string (Irreps.Parse "1y + 2y + 3x0o + 0x2e")) "1x1o+1x2e+3x0o+0x2e" "y parity, mul optional, mul 0"
            Expect.equal (string ((Irreps.Parse "1e + 1e + 0e + 1e").Simplify())) "2x1e+1x0e+1x1e" "simplify merges neighbours only"
            Expect.equal (string ((Irreps.Parse "0x1o + 2x0e + 0x0e").Simplify())) "2x0e" "simplify drops zero multiplicities"
            let struct (sorted, permutation) = (Irreps.Parse "1e + 0e + 0o + 1e + 1o").Sort()
            Expect.equal (string sorted) "1x0o+1x0e+1x1o+1x1e+1x1e" "sort: by l, odd before even, stable"
            Expect.equal permutation [| 3; 1; 0; 4; 2 |] "permutation: old index → new index"
            Expect.equal (Irreps.Parse "").Count 0 "empty"
            Expect.equal (Irreps.Parse " 2x1o+3e ") (Irreps.Parse "2x1o + 1x3e") "equality ignores spelling"
            for bad, at in [ "16x0e + 8x1q", "8"; "16x0e + + 1o", "8"; "ax0e", "0"; "1x-1e", "0"; "2x", "0" ] do
                let e = Expect.throwsC (fun () -> Irreps.Parse bad |> ignore) id
                Expect.isTrue (e :? ArgumentException) "ArgumentException"
                Expect.stringContains e.Message ("position " + at) (sprintf "%s: says where" bad)
                Expect.equal (e :?> ArgumentException).ParamName "text" "names the parameter" }
    ]
