/// The per-machine kernel choices (KernelChoices): how a value is resolved (override, profile, model), what a
/// profile may hold, and — in the kernel list every ISA leg runs — that no value of any choice, and no odd blocking,
/// changes an exact result.
module TensorGen.Properties.KernelChoiceTests

open System
open Expecto
open FsCheck
open FsCheck.FSharp
open TensorGen
open TensorGen.Algebra
open TensorGen.Kernels
open TensorGen.Machine
open TensorGen.Semirings
open TensorGen.Properties.Generators

let private profileWith (choices: TunedChoice list) =
    TuningProfile.Create(CpuInfo.Current, "test", [||], Nullable(), ResizeArray choices)

let private choiceTests =
    testList "choices" [
        test "a path choice is never wider than the machine's path, and KernelDispatch.Override wins over it" {
            let choice = KernelChoices.SampleMajorProducts
            Expect.isLessThanOrEqual choice.Path KernelDispatch.Accelerated "the value in use"
            for value in KernelDispatch.All do
                use _ = choice.Override(string value)
                Expect.equal choice.Source ChoiceSource.Override "source"
                Expect.equal choice.Path (min value KernelDispatch.Accelerated) (sprintf "choice %A" value)
                for forced in KernelDispatch.All do
                    use _ = KernelDispatch.Override forced
                    Expect.equal choice.Path forced (sprintf "choice %A under KernelDispatch.Override %A" value forced)
        }

        test "a threshold choice reads bytes or never, and an override lasts for its scope only" {
            let choice = KernelChoices.HarmonicsStreaming
            let before = choice.Value
            do
                use _ = choice.Override(Nullable 4096L)
                Expect.equal choice.Bytes 4096L "4096"
                do
                    use _ = choice.Override(Nullable())
                    Expect.equal choice.Bytes Int64.MaxValue "never"
                    Expect.equal choice.Value ThresholdChoice.Never "spelled never"
                Expect.equal choice.Bytes 4096L "the outer scope again"
            Expect.equal choice.Value before "after the scopes"
        }

        test "values a choice cannot take are refused, naming the choice" {
            for bad in [ "Vector1024"; "vector512"; ""; "512" ] do
                Expect.isSome (Option.ofObj (KernelChoices.DecodeMatVec.Problem bad)) (sprintf "path '%s'" bad)
            for bad in [ "-1"; "12x"; "Never"; " 5"; "1e6" ] do
                Expect.isSome (Option.ofObj (KernelChoices.ProductStreaming.Problem bad)) (sprintf "threshold '%s'" bad)
            for good in [ "never"; "0"; "1048576" ] do
                Expect.isNone (Option.ofObj (KernelChoices.ProductStreaming.Problem good)) (sprintf "threshold '%s'" good)
            let e = Expect.throwsC (fun () -> KernelChoices.DecodeMatVec.Override "Vector1024" |> ignore) id
            Expect.stringContains e.Message KernelChoices.DecodeMatVec.Name "the message names the choice"
        }

        test "a profile's choice is taken when tuned against this process's model value, ignored otherwise" {
            let choice = KernelChoices.SampleMajorHarmonics
            let tuned = profileWith [ TunedChoice(choice.Name, "Vector128", choice.ModelValue, 1.5, "test") ]
            Expect.equal (choice.FromProfile tuned) "Vector128" "same model value"
            let other = if choice.ModelValue = "Vector256" then "Vector512" else "Vector256"
            let foreign = profileWith [ TunedChoice(choice.Name, "Vector128", other, 1.5, "test") ]
            Expect.isNull (choice.FromProfile foreign) "measured under other runtime knobs"
            Expect.isNull (choice.FromProfile null) "no profile"
        }

        test "a profile with a bad choice is refused with the reason; unknown names are a newer build's and allowed" {
            let cpu = CpuInfo.Current
            let name = KernelChoices.ProductStreaming.Name
            let model = KernelChoices.ProductStreaming.ModelValue
            let problem choices = (profileWith choices).Problem cpu
            Expect.isNull (problem [ TunedChoice("some.future.choice", "anything", "x", 1.0, null) ]) "unknown name"
            Expect.isNull (problem [ TunedChoice(name, "never", model, 1.0, null) ]) "never"
            Expect.stringContains (problem [ TunedChoice(name, "-5", model, 1.0, null) ]) name "bad value"
            Expect.stringContains (problem [ TunedChoice(name, "0", model, 1.0, null); TunedChoice(name, "never", model, 1.0, null) ]) "repeats" "twice"
            Expect.stringContains (problem [ TunedChoice(null, "0", model, 1.0, null) ]) "no name" "no name"
        }

        test "choices survive the profile's JSON round trip" {
            let profile = profileWith [ TunedChoice(KernelChoices.DecodeMatVec.Name, "Vector256", "Vector512", 1.25, "bf16 4096x4096 1.000 ms")
                                        TunedChoice(KernelChoices.HarmonicsStreaming.Name, "33554432", "never", 1.1, null) ]
            let back = TuningProfile.Parse(profile.ToJson())
            Expect.equal back profile "round trip"
            Expect.equal (back.Choices.Count) 2 "both choices"
        }

        test "every choice has a distinct name and a model value it accepts" {
            let names = KernelChoices.All |> Seq.map (fun c -> c.Name) |> List.ofSeq
            Expect.equal (List.distinct names) names "distinct names"
            for c in KernelChoices.All do
                Expect.isNull (c.Problem c.ModelValue) (sprintf "%s model value '%s'" c.Name c.ModelValue)
                Expect.equal (KernelChoices.Find c.Name) c "found by name"
        } ]

/// An odd profile: a blocking (tiny or huge), a tile variant, streaming on or off, each family's path narrowed.
type private OddProfile =
    { Blocking: GemmBlocking; Tile: TileVariant; Streaming: int64 option; Path: VectorPath }

let private oddProfiles =
    gen {
        let! blocking =
            Gen.elements [ GemmBlocking(1, 1, 1); GemmBlocking(1, 4096, 4096); GemmBlocking(3, 1 <<< 16, 8); GemmBlocking(4096, 8, 1 <<< 16); GemmBlocking(17, 5, 3) ]
        let! tile = Gen.elements [ TileVariant.Primary; TileVariant.Alternate ]
        let! streaming = Gen.elements [ Some 0L; None ]
        let! path = Gen.elements (List.ofSeq KernelDispatch.All)
        return { Blocking = blocking; Tile = tile; Streaming = streaming; Path = path }
    }

/// Runs `run` under every setting of the odd profile at once (scopes of this flow only).
let private under (odd: OddProfile) (run: unit -> 'T) =
    use _ = GemmBlocking.Override odd.Blocking
    use _ = GemmTiles.Override odd.Tile
    use _ = KernelChoices.HarmonicsStreaming.Override(Option.toNullable odd.Streaming)
    use _ = KernelChoices.ProductStreaming.Override(Option.toNullable odd.Streaming)
    let scopes = [ for c in KernelChoices.All do if c :? PathChoice then yield c.Override(string odd.Path) ]
    try run () finally for s in scopes do s.Dispose()

let private oddProfileTests =
    testList "odd-profiles" [
        property "exact GEMMs are bit-identical under odd profiles: tiny and huge kc, mc, nc, either tile, streaming on and off, paths narrowed"
            40
            (gen {
                let! odd = oddProfiles
                let! m = Gen.choose (0, 37)
                let! n = Gen.choose (0, 41)
                let! k = Gen.choose (0, 45)
                let small = Gen.choose (-60, 60)
                let! a = Gen.arrayOfLength (m * k) (Gen.frequency [ 8, small; 1, Gen.constant Int32.MaxValue ])
                let! b = Gen.arrayOfLength (k * n) (Gen.frequency [ 8, small; 1, Gen.constant Int32.MaxValue ])
                return odd, m, n, k, a, b
            })
            (fun (odd, m, n, k, a, b) ->
                let label = sprintf "%A, %dx%dx%d" odd m n k
                let minPlus = Array.zeroCreate (m * n)
                under odd (fun () -> MinPlusInt32.MatMul(ReadOnlySpan a, ReadOnlySpan b, Span minPlus, m, n, k))
                Expect.sequenceEqual minPlus (Matrix.matMul Semirings.minPlusInt32 a b m n k) ("min-plus i32, " + label)
                // Small integers: every partial sum is exact in f32, so any order of accumulation gives the same bits.
                let af, bf = Array.map (fun v -> if v = Int32.MaxValue then 7.0f else float32 v) a, Array.map (fun v -> if v = Int32.MaxValue then -3.0f else float32 v) b
                let plusTimes = Array.zeroCreate (m * n)
                under odd (fun () -> PlusTimesSingle.MatMul(ReadOnlySpan af, ReadOnlySpan bf, Span plusTimes, m, n, k))
                let expected = Matrix.matMul Semirings.plusTimesSingle af bf m n k
                Expect.sequenceEqual (Array.map BitConverter.SingleToInt32Bits plusTimes) (Array.map BitConverter.SingleToInt32Bits expected) ("plus-times f32, " + label)) ]

let tests : Test = testList "machine" [ choiceTests ]

/// In the kernel list, so every ISA leg (and the qemu leg) runs it.
let kernelTests : Test = testList "kernels" [ oddProfileTests ]
