/// FlattenQuant: flattening outlier channels keeps the linear layer's product (within the rounding of x/n), bounds
/// every channel by τ (or the budget), and per-tensor 4-bit quantization then rounds every value to within s/2
/// with a scale no larger than without flattening; on activations with outlier channels the layer's error drops.
module TensorGen.Properties.PrecisionFlatten

open System
open Expecto
open FsCheck.FSharp
open TensorGen.Properties.Generators
open TensorGen.Numerics

let u = Math.Pow(2.0, -24.0)

/// Activations with a few outlier channels: ordinary values in ±1, outliers scaled by up to 100.
let activations =
    gen { let! rows = Gen.choose (1, 12)
          let! channels = Gen.choose (1, 24)
          let! outliers = Gen.listOfLength channels (Gen.frequency [ 5, Gen.constant 1.0; 1, Gen.choose (2, 100) |> Gen.map float ])
          let! values = Gen.arrayOfLength (rows * channels) (Gen.choose (-1000, 1000) |> Gen.map (fun i -> float i / 1000.0))
          let x = values |> Array.mapi (fun i v -> float32 (v * outliers.[i % channels]))
          let! tau = Gen.elements [ 0.25f; 0.5f; 1.0f; 3.0f ]
          return rows, channels, x, tau }

let channelMax (x: float32[]) rows channels c = Seq.max (seq { for r in 0 .. rows - 1 -> abs x.[r * channels + c] })

let flatten (plan: FlattenPlan) (x: float32[]) rows =
    let f = Array.zeroCreate (rows * plan.FlattenedChannels)
    FlattenQuant.FlattenActivations(plan, ReadOnlySpan x, rows, Span f)
    f

let tests =
    testList "flattenquant" [
        property "flattened X · repeated Wᵀ = X · Wᵀ within 2u·Σ|xw| (the x/n rounding)" 200
            (gen { let! rows, channels, x, tau = activations
                   let! outputs = Gen.choose (1, 5)
                   let! w = Gen.arrayOfLength (outputs * channels) (Gen.choose (-100, 100) |> Gen.map (fun i -> float32 i / 50.0f))
                   return rows, channels, x, tau, outputs, w }) (fun (rows, channels, x, tau, outputs, w) ->
            let plan = FlattenQuant.Plan(ReadOnlySpan x, rows, channels, tau, Int32.MaxValue)
            let xf = flatten plan x rows
            let wf = Array.zeroCreate (outputs * plan.FlattenedChannels)
            FlattenQuant.RepeatWeights(plan, ReadOnlySpan w, outputs, Span wf)
            for r in 0 .. rows - 1 do
                for o in 0 .. outputs - 1 do
                    let exact = Seq.sum (seq { for c in 0 .. channels - 1 -> float x.[r * channels + c] * float w.[o * channels + c] })
                    let magnitude = Seq.sum (seq { for c in 0 .. channels - 1 -> abs (float x.[r * channels + c] * float w.[o * channels + c]) })
                    let flat = Seq.sum (seq { for c in 0 .. plan.FlattenedChannels - 1 -> float xf.[r * plan.FlattenedChannels + c] * float wf.[o * plan.FlattenedChannels + c] })
                    if abs (flat - exact) > 2.0 * u * magnitude then failtestf "y[%d,%d]: flattened %g, original %g" r o flat exact)
        property "every channel becomes ⌈max/τ⌉ copies (1 when max ≤ τ), and no flattened value exceeds max(τ, max of unsplit channels)" 200
            activations (fun (rows, channels, x, tau) ->
            let plan = FlattenQuant.Plan(ReadOnlySpan x, rows, channels, tau, Int32.MaxValue)
            let mutable unsplit = 0.0f
            for c in 0 .. channels - 1 do
                let m = channelMax x rows channels c
                let expected = if m > tau then int (ceil (float m / float tau)) else 1
                Expect.equal (plan.Copies c) expected (sprintf "copies of channel %d (max %g, τ %g)" c m tau)
                if expected = 1 then unsplit <- max unsplit m
            let xf = flatten plan x rows
            let bound = max tau unsplit
            Expect.isTrue (xf |> Array.forall (fun v -> abs v <= bound * (1.0f + 1e-6f))) (sprintf "all |x| ≤ %g" bound))
        property "a channel budget is respected: FlattenedChannels ≤ maxChannels" 200
            (gen { let! rows, channels, x, tau = activations
                   let! extra = Gen.choose (0, 10)
                   return rows, channels, x, tau, channels + extra }) (fun (rows, channels, x, tau, budget) ->
            let plan = FlattenQuant.Plan(ReadOnlySpan x, rows, channels, tau, budget)
            Expect.isLessThanOrEqual plan.FlattenedChannels budget "budget"
            Expect.isGreaterThanOrEqual plan.FlattenedChannels channels "at least one copy per channel")
        property "int4 codes in −7…7, |q·s − x| ≤ s/2, flattened scale ≤ plain scale" 200 activations (fun (rows, channels, x, tau) ->
            let plan = FlattenQuant.Plan(ReadOnlySpan x, rows, channels, tau, Int32.MaxValue)
            let xf = flatten plan x rows
            let q = Array.zeroCreate<sbyte> xf.Length
            let s = FlattenQuant.QuantizeInt4(ReadOnlySpan xf, Span q)
            let plain = FlattenQuant.QuantizeInt4(ReadOnlySpan x, Span(Array.zeroCreate<sbyte> x.Length))
            Expect.isLessThanOrEqual s plain "scale"
            for i in 0 .. xf.Length - 1 do
                if abs (int q.[i]) > 7 then failtestf "code %d out of range" q.[i]
                if abs (float q.[i] * float s - float xf.[i]) > float s / 2.0 * (1.0 + 1e-5) + 1e-12 then
                    failtestf "x = %g, q = %d, s = %g: |q·s − x| > s/2" xf.[i] q.[i] s)
        test "two outlier channels (×60) in 64: the layer's relative error with FlattenQuant int4 (budget 4× channels) is below 0.75× that of plain per-tensor int4" {
            let rng = Random 3
            let rows, channels, outputs = 32, 64, 16
            let x = Array.init (rows * channels) (fun i -> float32 (rng.NextDouble() * 2.0 - 1.0) * (if i % channels = 5 || i % channels = 40 then 60.0f else 1.0f))
            let w = Array.init (outputs * channels) (fun _ -> float32 (rng.NextDouble() * 2.0 - 1.0))
            let layer (xs: float32[]) (ws: float32[]) k =
                Array.init (rows * outputs) (fun ro ->
                    let r, o = ro / outputs, ro % outputs
                    Seq.sum (seq { for c in 0 .. k - 1 -> float xs.[r * k + c] * float ws.[o * k + c] }))
            let reference = layer x w channels
            let error (y: float[]) = sqrt (Array.fold2 (fun s a b -> s + (a - b) * (a - b)) 0.0 y reference / Array.sumBy (fun v -> v * v) reference)
            let dequantize (v: float32[]) =
                let q = Array.zeroCreate<sbyte> v.Length
                let s = FlattenQuant.QuantizeInt4(ReadOnlySpan v, Span q)
                Array.map (fun c -> float32 c * s) q
            let plain = error (layer (dequantize x) w channels)
            let plan = FlattenQuant.Plan(ReadOnlySpan x, rows, channels, 1.0f, 4 * channels)
            let wf = Array.zeroCreate (outputs * plan.FlattenedChannels)
            FlattenQuant.RepeatWeights(plan, ReadOnlySpan w, outputs, Span wf)
            let flat = error (layer (dequantize (flatten plan x rows)) wf plan.FlattenedChannels)
            Expect.isLessThan flat (0.75 * plain) (sprintf "flattened %.4f vs plain %.4f (%O)" flat plain plan) }
        test "bad input → ArgumentException naming the parameter (threshold, maxChannels, x, flattened)" {
            let paramOf (f: unit -> unit) = try f (); "no exception" with :? ArgumentException as e -> e.ParamName
            let x = Array.create 6 1.0f
            Expect.equal (paramOf (fun () -> FlattenQuant.Plan(ReadOnlySpan x, 2, 3, 0.0f, 3) |> ignore)) "threshold" "τ = 0"
            Expect.equal (paramOf (fun () -> FlattenQuant.Plan(ReadOnlySpan x, 2, 3, nanf, 3) |> ignore)) "threshold" "τ = NaN"
            Expect.equal (paramOf (fun () -> FlattenQuant.Plan(ReadOnlySpan x, 2, 3, 1.0f, 2) |> ignore)) "maxChannels" "budget"
            Expect.equal (paramOf (fun () -> FlattenQuant.Plan(ReadOnlySpan [| 1.0f; nanf |], 1, 2, 1.0f, 2) |> ignore)) "x" "NaN"
            let plan = FlattenQuant.Plan(ReadOnlySpan x, 2, 3, 0.5f, 10)
            Expect.equal (paramOf (fun () -> FlattenQuant.FlattenActivations(plan, ReadOnlySpan x, 2, Span(Array.zeroCreate 6)))) "flattened" "length" }
    ]
