/// Baking: a tuning profile given to the semiring generator as an AdditionalFiles item. What a baked build emits
/// (only the profile's micro-kernel and the scalar one), each profile diagnostic, caching, culture, and that a
/// baked build's GEMM gives bit-identical results to the unbaked built-ins and the oracle on exact semirings.
module TensorGen.Properties.BakingTests

open System
open System.IO
open System.Reflection
open System.Threading
open Expecto
open FsCheck
open FsCheck.FSharp
open Microsoft.CodeAnalysis
open Microsoft.CodeAnalysis.CSharp
open Microsoft.CodeAnalysis.Text
open TensorGen
open TensorGen.Generators.Semirings
open TensorGen.Kernels
open TensorGen.Properties.GeneratorHarness

// ---- profiles and the driver -------------------------------------------------------------------------

/// An AdditionalFiles item held in memory.
type private InMemoryText(path: string, text: string) =
    inherit AdditionalText()
    override _.Path = path
    override _.GetText(_: CancellationToken) = SourceText.From text

let private additional (path: string) (text: string) = InMemoryText(path, text) :> AdditionalText

/// One profile entry as `bench -- tune` writes it (numbers as JSON writes them, whatever the culture).
let private entry (path: string) (size: int) (rows: int) (columns: int) (kc: int) (mc: int) (nc: int) (speedup: string) =
    $$"""    {
      "path": "{{path}}",
      "elementSize": {{size}},
      "tileRows": {{rows}},
      "tileColumns": {{columns}},
      "kc": {{kc}},
      "mc": {{mc}},
      "nc": {{nc}},
      "modelKc": 170,
      "modelMc": 576,
      "modelNc": 8192,
      "speedupOverModel": {{speedup}},
      "timings": [ { "semiring": "MaxPlusSingle", "size": 256, "modelGflops": 28.344, "tunedGflops": 28.344 } ],
      "blocking": { "kc": {{kc}}, "mc": {{mc}}, "nc": {{nc}} }
    }"""

let private profile (entries: string list) =
    $$"""{
  "format": "tensorgen-tuning-profile",
  "version": 1,
  "cpuIdentity": "AuthenticAMD|AMD EPYC|25-1-1|X64",
  "createdUtc": "2026-11-28T23:02:44.4374117+00:00",
  "tool": "bench tune (full) 0.1.0.0",
  "entries": [
{{String.Join(",\n", entries)}}
  ],
  "cpu": { "vendor": "AuthenticAMD", "caches": [ { "level": 1, "sizeBytes": 32768 } ], "hypervisor": true, "stepping": null }
}
"""

/// This machine's profile shape: Vector256, 4-byte elements, the 6 x 16 tile.
let private avx2Profile = profile [ entry "Vector256" 4 6 16 170 576 8192 "1" ]

let [<Literal>] private ProfilePath = "/consumer/epyc.tensorgen-profile.json"

let private driverWith (texts: AdditionalText list) : GeneratorDriver =
    CSharpGeneratorDriver.Create(
        [| SemiringGenerator().AsSourceGenerator() |],
        texts,
        parseOptions = parseOptions,
        driverOptions = GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps = true))
    :> GeneratorDriver

let private generateWith (texts: AdditionalText list) (source: string) = runWith (driverWith texts) (compile source)

let private minPlus = semiring "MinPlus" "float" "float.PositiveInfinity" "0f" "SemiringMath.MinNative(x, y)" "x + y"
let private maxPlusDouble = semiring "Longest" "double" "double.NegativeInfinity" "0d" "Math.Max(x, y)" "x + y"

let private hints (run: Run) = run.Sources |> List.map fst

let private noCrash (run: Run) =
    match crash run with
    | Some why -> failtestf "the generator crashed: %s" why
    | None -> ()

let private unbakedHints stem =
    [ for part in [ "Kernels"; "Operators"; "MicroKernel.Scalar"; "MicroKernel.Vector128"; "MicroKernel.Vector128Alternate"
                    "MicroKernel.Vector256"; "MicroKernel.Vector256Alternate"; "MicroKernel.Vector512"; "MicroKernel.Vector512Alternate" ] ->
          $"{stem}.{part}.g.cs" ]

/// The run kept run-time dispatch: the same files, byte for byte, as a build without any AdditionalFiles.
let private expectUnbaked (source: string) (run: Run) =
    let plain = generate source
    Expect.equal (hints run) (hints plain) "every ISA's micro-kernel, no Baked file"
    Expect.equal run.Sources plain.Sources "the same text as an unbaked build"

// ---- 1. what a baked build emits ----------------------------------------------------------------------

let private emitted =
    [ testCase "a Vector256 4-byte profile: min-plus float gets the scalar and Vector256 micro-kernels only, its tile and blocking in Baked" <| fun () ->
          let run = generateWith [ additional ProfilePath avx2Profile ] minPlus
          noCrash run
          Expect.isEmpty (ids run) "no diagnostics"
          Expect.equal (hints run)
              [ "Ns.MinPlus.Kernels.g.cs"; "Ns.MinPlus.Operators.g.cs"; "Ns.MinPlus.MicroKernel.Scalar.g.cs"
                "Ns.MinPlus.MicroKernel.Vector256.g.cs"; "Ns.MinPlus.Baked.g.cs" ] "the files"
          let baked = sourceEnding ".Baked.g.cs" run
          Expect.stringContains baked "new global::TensorGen.Kernels.BakedGemm(global::TensorGen.VectorPath.Vector256, new(6, 16), new(170, 576, 8192), global::TensorGen.Kernels.TileVariant.Primary);" "Baked"
          Expect.stringContains baked "public static void MicroKernel128(int kc, ref float a, ref float b, ref float c, nint ldc, bool accumulate)\n            => MicroKernelScalar(kc, ref a, ref b, ref c, ldc, accumulate);" "128 forwards to scalar"
          Expect.stringContains baked "public static void MicroKernel512(" "512 forwards to scalar"
          Expect.stringContains baked "public static void MicroKernel256Alternate(" "the other 256-bit tile forwards to scalar"
          Expect.stringContains baked "'epyc.tensorgen-profile.json' (tuned on 'AuthenticAMD|AMD EPYC|25-1-1|X64'" "says where it came from, without the folder"
          Expect.isFalse (baked.Contains "/consumer/") "no absolute path in generated code"
          let operators = sourceEnding ".Operators.g.cs" run
          Expect.stringContains operators "path == global::TensorGen.VectorPath.Vector256 && variant == global::TensorGen.Kernels.TileVariant.Primary" "Tile"
          Expect.stringContains operators "? new(6, 16) : new(4, 4);" "Tile"
          let all = run.Sources |> List.map snd |> String.concat "\n"
          Expect.isFalse (all.Contains "Vector512.LoadUnsafe" || all.Contains "Vector128.LoadUnsafe") "no 128- or 512-bit micro-kernel code"
          Expect.isEmpty (problems run.Output |> List.map string) "compiles without a warning"
      testCase "several entries: a double semiring bakes the widest 8-byte one (Vector512 8 x 16) and ignores 4-byte and foreign-tile entries" <| fun () ->
          let text =
              profile [ entry "Vector256" 8 6 8 128 96 2048 "1.1"
                        entry "Vector512" 8 8 16 96 128 4096 "1.2"
                        entry "Vector512" 4 8 32 96 128 4096 "1"
                        entry "Vector128" 8 4 4 96 128 4096 "1" ]
          let run = generateWith [ additional ProfilePath text ] maxPlusDouble
          noCrash run
          Expect.isEmpty (ids run) "no diagnostics"
          Expect.equal (hints run)
              [ "Ns.Longest.Kernels.g.cs"; "Ns.Longest.Operators.g.cs"; "Ns.Longest.MicroKernel.Scalar.g.cs"
                "Ns.Longest.MicroKernel.Vector512.g.cs"; "Ns.Longest.Baked.g.cs" ] "the files"
          Expect.stringContains (sourceEnding ".Baked.g.cs" run) "BakedGemm(global::TensorGen.VectorPath.Vector512, new(8, 16), new(96, 128, 4096), global::TensorGen.Kernels.TileVariant.Primary);" "Baked"
          Expect.isEmpty (problems run.Output |> List.map string) "compiles without a warning"
      testCase "an entry on the alternate 4 x 24 tile: min-plus float gets MicroKernel256Alternate only, Baked names the Alternate variant" <| fun () ->
          let run = generateWith [ additional ProfilePath (profile [ entry "Vector256" 4 4 24 256 96 4104 "1.05" ]) ] minPlus
          noCrash run
          Expect.isEmpty (ids run) "no diagnostics"
          Expect.equal (hints run)
              [ "Ns.MinPlus.Kernels.g.cs"; "Ns.MinPlus.Operators.g.cs"; "Ns.MinPlus.MicroKernel.Scalar.g.cs"
                "Ns.MinPlus.MicroKernel.Vector256Alternate.g.cs"; "Ns.MinPlus.Baked.g.cs" ] "the files"
          let baked = sourceEnding ".Baked.g.cs" run
          Expect.stringContains baked "BakedGemm(global::TensorGen.VectorPath.Vector256, new(4, 24), new(256, 96, 4104), global::TensorGen.Kernels.TileVariant.Alternate);" "Baked"
          Expect.stringContains baked "public static void MicroKernel256(int kc" "the primary 256-bit tile forwards to scalar"
          Expect.stringContains (sourceEnding ".Operators.g.cs" run) "variant == global::TensorGen.Kernels.TileVariant.Alternate" "Tile"
          Expect.isEmpty (problems run.Output |> List.map string) "compiles without a warning"
      testCase "a Scalar entry: only the scalar micro-kernel, every other member forwards to it, Tile is the scalar tile" <| fun () ->
          let run = generateWith [ additional ProfilePath (profile [ entry "Scalar" 4 4 4 256 64 1024 "1" ]) ] minPlus
          Expect.isEmpty (ids run) "no diagnostics"
          Expect.equal (hints run)
              [ "Ns.MinPlus.Kernels.g.cs"; "Ns.MinPlus.Operators.g.cs"; "Ns.MinPlus.MicroKernel.Scalar.g.cs"; "Ns.MinPlus.Baked.g.cs" ] "the files"
          let operators = sourceEnding ".Operators.g.cs" run
          Expect.stringContains operators "global::TensorGen.Kernels.TileVariant variant) =>\n            new(4, 4);" "Tile"
          Expect.isEmpty (problems run.Output |> List.map string) "compiles without a warning"
      testCase "an AdditionalFiles item that is not named as a profile is ignored: the unbaked output" <| fun () ->
          let run = generateWith [ additional "/consumer/settings.json" avx2Profile; additional "/consumer/notes.txt" "{ not json" ] minPlus
          Expect.isEmpty (ids run) "no diagnostics"
          expectUnbaked minPlus run ]

// ---- 2. diagnostics -------------------------------------------------------------------------------------

let private expectOne (id: string) (run: Run) =
    noCrash run
    Expect.equal (ids run) [ id ] "one diagnostic"
    run.Diagnostics.Head

let private unusable (name: string) (text: string) (says: string) (line: int) =
    testCase $"TGEN0007 for {name}: names the file and '{says}', points at line {line + 1}, and keeps run-time dispatch" <| fun () ->
        let run = generateWith [ additional ProfilePath text ] minPlus
        let d = expectOne "TGEN0007" run
        Expect.equal d.Severity DiagnosticSeverity.Warning "a warning: the build goes on"
        let message = d.GetMessage(Globalization.CultureInfo.InvariantCulture)
        Expect.stringContains message "'epyc.tensorgen-profile.json' is not a usable TensorGen tuning profile" "names the file"
        Expect.stringContains message says "says what is wrong"
        Expect.equal d.Location.Kind LocationKind.ExternalFile "points into the profile"
        Expect.equal (d.Location.GetLineSpan().Path) ProfilePath "the profile's path"
        Expect.equal (d.Location.GetLineSpan().StartLinePosition.Line) line "the line"
        expectUnbaked minPlus run

let private lineOf (text: string) (fragment: string) = text.Substring(0, text.IndexOf(fragment: string)).Split('\n').Length - 1

let private diagnostics =
    let truncated = avx2Profile.Substring(0, avx2Profile.IndexOf "\"kc\"" + 8)
    let badMc = profile [ entry "Vector256" 4 6 16 170 575 8192 "1" ]
    let decimalKc = avx2Profile.Replace("\"kc\": 170,", "\"kc\": 170.5,")
    let repeated = profile [ entry "Vector256" 4 6 16 170 576 8192 "1"; entry "Vector256" 4 6 16 100 576 8192 "1" ]
    [ unusable "a truncated file" truncated "it is not JSON (',' or '}' was expected in an object (the text ends here) at line" (truncated.Split('\n').Length - 1)
      unusable "another format" (avx2Profile.Replace("tensorgen-tuning-profile", "tensorgen-report")) "its format is 'tensorgen-report', not 'tensorgen-tuning-profile'" 1
      unusable "a newer schema version" (avx2Profile.Replace("\"version\": 1", "\"version\": 2")) "it has schema version 2; this generator reads version 1" 2
      unusable "an unknown path" (avx2Profile.Replace("\"Vector256\"", "\"Vector1024\"")) "entry 0 has an unknown vector path 'Vector1024'" (lineOf avx2Profile "\"path\"")
      unusable "an mc that is not a multiple of the tile rows" badMc "entry 0 has mc 575 and nc 8192: mc must be a multiple of the tile rows 6" (lineOf badMc "    {")
      unusable "a kc with a fraction" decimalKc "entry 0's 'kc' is 170.5, not a whole number" (lineOf decimalKc "\"kc\"")
      unusable "a top-level array" "[ 1, 2 ]" "its top level is an array, not an object" 0
      unusable "a repeated entry" repeated "entry 1 repeats Vector256 4-byte 6x16" (lineOf repeated "    },\n" + 1)
      testCase "TGEN0008 for two profiles: names both, bakes neither" <| fun () ->
          let run = generateWith [ additional ProfilePath avx2Profile; additional "/consumer/tensorgen-profile.json" avx2Profile ] minPlus
          let d = expectOne "TGEN0008" run
          Expect.stringContains (d.GetMessage()) "2 TensorGen tuning profiles are AdditionalFiles (epyc.tensorgen-profile.json, tensorgen-profile.json)" "names both"
          expectUnbaked minPlus run
      testCase "TGEN0009 (info) for a semiring whose element size has no entry: names the semiring and the tiles, keeps run-time dispatch" <| fun () ->
          let run = generateWith [ additional ProfilePath avx2Profile ] maxPlusDouble
          let d = expectOne "TGEN0009" run
          Expect.equal d.Severity DiagnosticSeverity.Info "info: a warning would fail TreatWarningsAsErrors builds"
          Expect.stringContains (d.GetMessage()) "has no entry for semiring 'Longest' (8-byte elements on one of its tiles: Scalar 4x4, Vector128 4x4, Vector128 8x6, Vector256 6x8, Vector256 4x12, Vector512 8x16, Vector512 14x16)" "message"
          expectUnbaked maxPlusDouble run
      testCase "TGEN0009 for an entry of the right size on a tile this generator does not emit" <| fun () ->
          let run = generateWith [ additional ProfilePath (profile [ entry "Vector256" 4 5 24 170 575 8184 "1" ]) ] minPlus
          expectOne "TGEN0009" run |> ignore
          expectUnbaked minPlus run
      Generators.property "every prefix of a valid profile: no crash, and either TGEN0007 or the baked output" 60
          (Gen.choose (0, avx2Profile.Length))
          (fun cut ->
              let run = generateWith [ additional ProfilePath (avx2Profile.Substring(0, cut)) ] minPlus
              noCrash run
              match ids run with
              | [ "TGEN0007" ] -> ()
              | [] -> Expect.isTrue (hints run |> List.exists (fun h -> h.EndsWith ".Baked.g.cs")) $"cut {cut}: baked"
              | other -> failtestf "cut %d: %A" cut other) ]

// ---- 3. incrementality and culture ----------------------------------------------------------------------

let private isCached r = r = IncrementalStepRunReason.Cached || r = IncrementalStepRunReason.Unchanged

let private incrementality =
    [ testCase "with a profile, a comment in the semiring's file leaves TuningProfile, SemiringModels and the source outputs Cached" <| fun () ->
          let input = compileFiles [ UserFile, minPlus ]
          let before = runWith (driverWith [ additional ProfilePath avx2Profile ]) input
          let after = runWith before.Driver (editFile UserFile ("// a note\n" + minPlus) input)
          for step in [ "TuningProfile"; "SemiringBaking"; "SemiringModels" ] do
              let reasons = stepOutputs step after |> List.map snd
              Expect.isNonEmpty reasons $"{step} was tracked"
              Expect.all reasons isCached $"{step}: %A{reasons}"
          let outputs = sourceOutputReasons SemiringGenerator.Steps.Hinted after
          Expect.isNonEmpty outputs "source outputs tracked"
          Expect.all outputs isCached $"source outputs: %A{outputs}"
          Expect.equal after.Sources before.Sources "the same files"
      testCase "editing the profile's kc re-emits Baked with the new kc" <| fun () ->
          let input = compileFiles [ UserFile, minPlus ]
          let original = additional ProfilePath avx2Profile
          let before = runWith (driverWith [ original ]) input
          let edited = additional ProfilePath (profile [ entry "Vector256" 4 6 16 200 576 8192 "1" ])
          let after = runWith (before.Driver.ReplaceAdditionalText(original, edited)) input
          Expect.exists (stepOutputs SemiringGenerator.BakingSteps.Models after |> List.map snd) (fun r -> r = IncrementalStepRunReason.Modified) "the baked models modified"
          Expect.stringContains (sourceEnding ".Baked.g.cs" after) "new(200, 576, 8192)" "the new kc" ]

let private culture =
    testCase "under a culture with a decimal comma and U+2212 minus, the profile's numbers read and are written as JSON wrote them" <| fun () ->
        let text = profile [ entry "Vector256" 4 6 16 170 576 8192 "1.25" ]
        let run, shown = onThreadWithCulture (commaCulture ()) (fun () -> generateWith [ additional ProfilePath text ] minPlus, (1.25).ToString())
        Expect.equal shown "1,25" "the culture is in effect on the generator's thread"
        Expect.isEmpty (ids run) "no diagnostics"
        let baked = sourceEnding ".Baked.g.cs" run
        Expect.stringContains baked "(measured at 1.25x the analytic model's speed)" "the speed-up"
        Expect.stringContains baked "new(170, 576, 8192)" "the blocking"

// ---- 4. a baked build runs: bit-identical to the unbaked built-ins and the oracle ------------------------

/// Max-plus float and min-plus int declared as the built-ins are, baked from a profile with small, odd block sizes
/// (so that kc, mc and nc blocks all have tails at small sizes), and array-taking entry points for reflection.
let private bakedSource = """using System;
using TensorGen;

namespace Baked;

[Semiring]
public readonly partial struct MaxPlus : ISemiring<MaxPlus, float>
{
    public static float Zero => float.NegativeInfinity;
    public static float One => 0f;
    public static float Add(float x, float y) => SemiringMath.MaxNative(x, y);
    public static float Multiply(float x, float y) => x + y;
}

[Semiring]
public readonly partial struct MinPlus : ISemiring<MinPlus, int>
{
    public static int Zero => int.MaxValue;
    public static int One => 0;
    public static int Add(int x, int y) => Math.Min(x, y);
    public static int Multiply(int x, int y) => (x == int.MaxValue) | (y == int.MaxValue) ? int.MaxValue : unchecked(x + y);
}

public static class Entry
{
    public static void MaxPlusMatMul(float[] a, float[] b, float[] c, int m, int n, int k) => MaxPlus.MatMul(a, b, c, m, n, k);
    public static void MinPlusMatMul(int[] a, int[] b, int[] c, int m, int n, int k) => MinPlus.MatMul(a, b, c, m, n, k);
    public static object? Baked => MaxPlus.Operators.Baked;
}
"""

let private bakedAssembly : Lazy<Assembly> =
    lazy
        let run = generateWith [ additional ProfilePath (profile [ entry "Vector256" 4 6 16 7 12 32 "1" ]) ] bakedSource
        noCrash run
        if not (List.isEmpty (ids run)) then failwithf "diagnostics: %A" run.Diagnostics
        let compilation = run.Output.WithOptions(compilationOptions.WithOptimizationLevel OptimizationLevel.Release)
        use stream = new MemoryStream()
        let result = compilation.Emit stream
        if not result.Success then failwithf "%A" (result.Diagnostics |> Seq.filter (fun d -> d.Severity = DiagnosticSeverity.Error) |> List.ofSeq)
        Assembly.Load(stream.ToArray())

let private entryPoint (name: string) = bakedAssembly.Force().GetType("Baked.Entry").GetMethod(name)

let private oracle (add: 'T -> 'T -> 'T) (multiply: 'T -> 'T -> 'T) (zero: 'T) (a: 'T[]) (b: 'T[]) m n k =
    Array.init (m * n) (fun idx ->
        let i, j = idx / n, idx % n
        let mutable acc = zero
        for p in 0 .. k - 1 do acc <- add acc (multiply a.[i * k + p] b.[p * n + j])
        acc)

let private shape = gen {
    let! m = Gen.elements [ 1; 5; 6; 7; 12; 13; 25 ]
    let! n = Gen.elements [ 1; 15; 16; 17; 32; 33; 50 ]
    let! k = Gen.elements [ 1; 6; 7; 8; 15; 22 ]
    let! seed = Gen.choose (0, Int32.MaxValue)
    return m, n, k, seed }

let private runtime =
    let paths = [ None; Some VectorPath.Scalar; Some VectorPath.Vector128; Some VectorPath.Vector512 ]
    [ testCase "the baked build reports Vector256, the 6 x 16 tile and the profile's blocking through ISemiringOps.Baked" <| fun () ->
          let baked = (entryPoint "get_Baked").Invoke(null, [||]) :?> BakedGemm
          Expect.equal baked (BakedGemm(VectorPath.Vector256, MicroTile(6, 16), GemmBlocking(7, 12, 32))) "Baked"
      for path in paths do
          let where = match path with None -> "the hardware's path" | Some p -> $"{p} forced"
          Generators.property $"max-plus float baked (kc 7, mc 12, nc 32) on {where}: bit-exact to the unbaked MaxPlusSingle and the oracle" 25 shape (fun (m, n, k, seed) ->
              let random = Random seed
              let value () = if random.Next 8 = 0 then Single.NegativeInfinity else float32 (random.Next(-20, 21))
              let a, b = Array.init (m * k) (fun _ -> value ()), Array.init (k * n) (fun _ -> value ())
              let baked, unbaked = Array.zeroCreate (m * n), Array.zeroCreate (m * n)
              let invoke () = (entryPoint "MaxPlusMatMul").Invoke(null, [| a; b; baked; m; n; k |]) |> ignore
              match path with Some p -> Generators.onPath p invoke | None -> invoke ()
              TensorGen.Semirings.MaxPlusSingle.MatMul(ReadOnlySpan a, ReadOnlySpan b, Span unbaked, m, n, k)
              let expected = oracle max (+) Single.NegativeInfinity a b m n k
              Expect.sequenceEqual (Array.map BitConverter.SingleToInt32Bits baked) (Array.map BitConverter.SingleToInt32Bits unbaked) "baked = unbaked, bit for bit"
              Expect.sequenceEqual (Array.map BitConverter.SingleToInt32Bits baked) (Array.map BitConverter.SingleToInt32Bits expected) "baked = oracle, bit for bit")
      Generators.property "min-plus int baked (the same 4-byte entry): exact, equal to the unbaked MinPlusInt32 and the oracle" 25 shape (fun (m, n, k, seed) ->
          let random = Random seed
          let value () = if random.Next 8 = 0 then Int32.MaxValue else random.Next(-1000, 1001)
          let a, b = Array.init (m * k) (fun _ -> value ()), Array.init (k * n) (fun _ -> value ())
          let baked, unbaked = Array.zeroCreate (m * n), Array.zeroCreate (m * n)
          (entryPoint "MinPlusMatMul").Invoke(null, [| a; b; baked; m; n; k |]) |> ignore
          TensorGen.Semirings.MinPlusInt32.MatMul(ReadOnlySpan a, ReadOnlySpan b, Span unbaked, m, n, k)
          let multiply x y = if x = Int32.MaxValue || y = Int32.MaxValue then Int32.MaxValue else x + y
          Expect.sequenceEqual baked unbaked "baked = unbaked"
          Expect.sequenceEqual baked (oracle min multiply Int32.MaxValue a b m n k) "baked = oracle") ]

let tests : Test =
    testList "baking"
        [ testList "emitted source" emitted
          testList "diagnostics" diagnostics
          testList "incrementality" incrementality
          testList "culture" [ culture ]
          testList "runtime (bit-exact)" runtime ]
