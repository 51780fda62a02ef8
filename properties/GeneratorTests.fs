/// The semiring generator's own tests, driven through CSharpGeneratorDriver: what it emits (and that the
/// emitted code compiles without a warning), each diagnostic at its construct, that it never throws on
/// half-typed code, that irrelevant edits leave its outputs cached, that its models hold no compiler
/// objects, and that it writes literals the same under any culture.
module TensorGen.Properties.GeneratorTests

open System
open System.Collections.Generic
open System.Globalization
open Expecto
open FsCheck
open FsCheck.FSharp
open Microsoft.CodeAnalysis
open TensorGen.Generators.Common
open TensorGen.Generators.Semirings
open TensorGen.Properties.GeneratorHarness

let private parts =
    [ "Kernels"; "Operators"; "MicroKernel.Scalar"; "MicroKernel.Vector128"; "MicroKernel.Vector128Alternate"
      "MicroKernel.Vector256"; "MicroKernel.Vector256Alternate"; "MicroKernel.Vector512"; "MicroKernel.Vector512Alternate" ]

let private noCrash (run: Run) =
    match crash run with
    | Some why -> failtestf "the generator crashed: %s" why
    | None -> ()

// ---- 1. emitted source ---------------------------------------------------------------------------------

type private Emitted =
    { Name: string
      Source: string
      Stem: string
      /// (file suffix, text the file must contain)
      Contains: (string * string) list }

let private emitted =
    let v256 = "public static global::System.Runtime.Intrinsics.Vector256<float> "
    [ { Name = "min-plus float with SemiringMath.MinNative: Add is Vector256.MinNative, idempotent"
        Source = semiring "MinPlus" "float" "float.PositiveInfinity" "0f" "SemiringMath.MinNative(x, y)" "x + y"
        Stem = "Ns.MinPlus"
        Contains =
          [ ".Operators.g.cs", v256 + "Add(global::System.Runtime.Intrinsics.Vector256<float> x, global::System.Runtime.Intrinsics.Vector256<float> y)\n            => global::System.Runtime.Intrinsics.Vector256.MinNative(x, y);"
            ".Operators.g.cs", v256 + "Multiply(global::System.Runtime.Intrinsics.Vector256<float> x, global::System.Runtime.Intrinsics.Vector256<float> y)\n            => (x + y);"
            ".Operators.g.cs", "=> Add(accumulator, Multiply(x, y));"
            ".Operators.g.cs", "public static bool IsAddIdempotent => true;"
            ".Kernels.g.cs", "partial struct MinPlus : global::TensorGen.ISemiringKernels<MinPlus, float>"
            ".Kernels.g.cs", "[global::System.CodeDom.Compiler.GeneratedCode(\"TensorGen.Generators\""
            ".MicroKernel.Vector256.g.cs", "/// 6 x 16 tile on Vector256&lt;float&gt;"
            ".MicroKernel.Vector256Alternate.g.cs", "/// 4 x 24 tile on Vector256&lt;float&gt;"
            ".MicroKernel.Vector256Alternate.g.cs", "public static void MicroKernel256Alternate(int kc, ref float a, ref float b, ref float c, nint ldc, bool accumulate)"
            ".MicroKernel.Vector128Alternate.g.cs", "/// 8 x 12 tile on Vector128&lt;float&gt;"
            ".MicroKernel.Vector512Alternate.g.cs", "/// 14 x 32 tile on Vector512&lt;float&gt;"
            ".Operators.g.cs", "(global::TensorGen.VectorPath.Vector256, global::TensorGen.Kernels.TileVariant.Alternate) => new(4, 24),"
            ".MicroKernel.Scalar.g.cs", "c0_0 = Add(c0_0, Multiply(a0, b0));" ] }
      { Name = "int min-plus with the overflow guard on Multiply: a ConditionalSelect over equality masks"
        Source =
            semiring "Guarded" "int" "int.MaxValue" "0" "Math.Min(x, y)"
                "(x == int.MaxValue) | (y == int.MaxValue) ? int.MaxValue : x + y"
        Stem = "Ns.Guarded"
        Contains =
          [ ".Operators.g.cs",
            "=> global::System.Runtime.Intrinsics.Vector256.ConditionalSelect((global::System.Runtime.Intrinsics.Vector256.Equals(x, global::System.Runtime.Intrinsics.Vector256.Create(int.MaxValue)) | "
            + "global::System.Runtime.Intrinsics.Vector256.Equals(y, global::System.Runtime.Intrinsics.Vector256.Create(int.MaxValue))), global::System.Runtime.Intrinsics.Vector256.Create(int.MaxValue), (x + y));"
            ".Operators.g.cs", "=> global::System.Runtime.Intrinsics.Vector256.Min(x, y);"
            // The micro-kernel hoists the guard: B's once per step, A's as a scalar test per row that picks the row's guards.
            ".MicroKernel.Vector256.g.cs",
            "ref global::System.Runtime.Intrinsics.Vector256<int> guards1 = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref guards, "
            + "(nint)global::System.Runtime.CompilerServices.Unsafe.BitCast<bool, byte>(a1Value == int.MaxValue) * 2);"
            ".MicroKernel.Vector256.g.cs",
            "c0_0 = global::System.Runtime.Intrinsics.Vector256.Min(c0_0, global::System.Runtime.Intrinsics.Vector256.Max((a0 + b0), guards0));"
            ".MicroKernel.Vector256Alternate.g.cs",
            "c3_2 = global::System.Runtime.Intrinsics.Vector256.Min(c3_2, global::System.Runtime.Intrinsics.Vector256.Max((a3 + b2), "
            + "global::System.Runtime.CompilerServices.Unsafe.Add(ref guards3, 2)));" ] }
      { Name = "long max-plus guarded with || under a comparison select: the micro-kernel's guarded step clamps with Min"
        Source =
            semiring "Longest" "long" "long.MinValue" "0L" "x > y ? x : y"
                "x == long.MinValue || long.MinValue == y ? long.MinValue : x + y"
        Stem = "Ns.Longest"
        Contains =
          [ ".MicroKernel.Vector256.g.cs",
            "c5_1 = global::System.Runtime.Intrinsics.Vector256.Max(c5_1, global::System.Runtime.Intrinsics.Vector256.Min((a5 + b1), "
            + "global::System.Runtime.CompilerServices.Unsafe.Add(ref guards5, 1)));"
            ".MicroKernel.Vector256.g.cs",
            "global::System.Runtime.Intrinsics.Vector256.Equals(b0, global::System.Runtime.Intrinsics.Vector256.Create(long.MinValue)) ^ global::System.Runtime.Intrinsics.Vector256.Create(long.MaxValue);" ] }
      { Name = "int min-plus guarding a value that is not int.MaxValue: not ⊕'s identity, so the micro-kernel keeps MultiplyAdd"
        Source =
            semiring "Capped" "int" "1000" "0" "Math.Min(x, y)" "(x == 1000) | (y == 1000) ? 1000 : x + y"
        Stem = "Ns.Capped"
        Contains = [ ".MicroKernel.Vector256.g.cs", "c0_0 = MultiplyAdd(c0_0, a0, b0);" ] }
      { Name = "bool or-and: byte lanes, bool spans reinterpreted as bytes"
        Source = semiring "Reach" "bool" "false" "true" "x | y" "x & y"
        Stem = "Ns.Reach"
        Contains =
          [ ".Operators.g.cs", "public static global::System.Runtime.Intrinsics.Vector256<byte> Add(global::System.Runtime.Intrinsics.Vector256<byte> x, global::System.Runtime.Intrinsics.Vector256<byte> y)\n            => (x | y);"
            ".Operators.g.cs", "public static global::System.Runtime.Intrinsics.Vector256<byte> Multiply(global::System.Runtime.Intrinsics.Vector256<byte> x, global::System.Runtime.Intrinsics.Vector256<byte> y)\n            => (x & y);"
            ".Operators.g.cs", "public static byte Zero => global::Ns.Reach.Zero ? (byte)1 : (byte)0;"
            ".Kernels.g.cs", "global::System.Runtime.InteropServices.MemoryMarshal.Cast<bool, byte>(a)" ] }
      { Name = "log-sum-exp double with SemiringMath.LogAddExp: VectorMath.LogAddExp, not idempotent"
        Source = semiring "LogSum" "double" "double.NegativeInfinity" "0d" "SemiringMath.LogAddExp(x, y)" "x + y"
        Stem = "Ns.LogSum"
        Contains =
          [ ".Operators.g.cs", "=> global::TensorGen.Kernels.VectorMath.LogAddExp(x, y);"
            ".Operators.g.cs", "public static bool IsAddIdempotent => false;" ] }
      { Name = "plus-times float (parameters named a, b): MultiplyAdd is one MultiplyAddEstimate"
        Source =
            declaration (header "Real" "float")
                ("    public static float Zero => 0f;\n    public static float One => 1f;\n"
                 + "    public static float Add(float a, float b) => a + b;\n    public static float Multiply(float a, float b) => a * b;")
        Stem = "Ns.Real"
        Contains =
          [ ".Operators.g.cs", "=> global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(x, y, accumulator);"
            ".Operators.g.cs", "=> global::System.Runtime.Intrinsics.Vector512.MultiplyAddEstimate(x, y, accumulator);"
            // GemmTiles takes the 4 x 3-vector tile on 256 bits for a fused multiply-add step.
            ".Operators.g.cs", "public static bool IsFusedMultiplyAdd => true;"
            ".Operators.g.cs", "Multiply(global::System.Runtime.Intrinsics.Vector256<float> x, global::System.Runtime.Intrinsics.Vector256<float> y)\n            => (x * y);" ] }
      { Name = "a static bool property as the condition of a float select: broadcast to an all-bits mask"
        Source =
            declaration (header "Flagged" "float")
                (members "float" "float.PositiveInfinity" "0f" "UseMin ? SemiringMath.MinNative(x, y) : x" "x + y"
                 + "\n    public static bool UseMin => true;")
        Stem = "Ns.Flagged"
        Contains =
          [ ".Operators.g.cs",
            "=> global::System.Runtime.Intrinsics.Vector256.ConditionalSelect((global::Ns.Flagged.UseMin ? global::System.Runtime.Intrinsics.Vector256<float>.AllBitsSet : global::System.Runtime.Intrinsics.Vector256<float>.Zero), "
            + "global::System.Runtime.Intrinsics.Vector256.MinNative(x, y), x);" ] }
      { Name = "semiring in the global namespace: no namespace line, hint names without one"
        Source =
            "using System;\nusing TensorGen;\n\n" + header "GlobalMaxPlus" "double"
            + "\n{\n" + members "double" "double.NegativeInfinity" "0d" "Math.Max(x, y)" "x + y" + "\n}\n"
        Stem = "GlobalMaxPlus"
        Contains = [ ".Operators.g.cs", "=> global::System.Runtime.Intrinsics.Vector256.Max(x, y);" ] }
      { Name = "semiring nested in a partial class: generated parts reopen the class"
        Source =
            declaration "public static partial class Outer"
                ("    " + (header "Inner" "long").Replace("\n", "\n    ") + "\n    {\n"
                 + members "long" "long.MinValue" "0L" "Math.Max(x, y)" "x + y" + "\n    }")
        Stem = "Ns.Outer.Inner"
        Contains =
          [ ".Kernels.g.cs", "partial class Outer\n{\n    [global::System.CodeDom.Compiler.GeneratedCode"
            ".Operators.g.cs", "public static long Add(long x, long y) => global::Ns.Outer.Inner.Add(x, y);" ] } ]

let private emittedTest (case: Emitted) =
    testCase case.Name <| fun () ->
        let run = generate case.Source
        noCrash run
        Expect.isEmpty run.Diagnostics "the generator reports nothing for a valid declaration"
        Expect.sequenceEqual (run.Sources |> List.map fst |> List.sort)
            (parts |> List.map (fun p -> $"{case.Stem}.{p}.g.cs") |> List.sort) "hint names"
        for hint, text in run.Sources do
            Expect.stringStarts text "// <auto-generated/>\n" $"{hint} starts with the auto-generated marker"
            Expect.isFalse (text.Contains "unsafe") $"{hint} needs no unsafe code"
            if case.Stem.StartsWith "Ns." then Expect.stringContains text "namespace Ns;" hint
            else Expect.isFalse (text.Contains "namespace ") $"{hint} has no namespace"
        for suffix, expected in case.Contains do
            Expect.stringContains (sourceEnding suffix run) expected suffix
        Expect.isEmpty (problems run.Output |> List.map string) "user code plus generated code: no warning (documentation included), no error"

// ---- 2. diagnostics ------------------------------------------------------------------------------------

type private Invalid = { Name: string; Source: string; Id: string; Span: string; Message: string list }

let private valid = members "float" "float.PositiveInfinity" "0f" "SemiringMath.MinNative(x, y)" "x + y"
let private without (memberName: string) =
    valid.Split('\n') |> Array.filter (fun l -> not (l.Contains $" {memberName}")) |> String.concat "\n"
let private lowering name add multiply span message =
    { Name = "TGEN0001 " + name; Source = semiring "S" "float" "0f" "1f" add multiply
      Id = "TGEN0001"; Span = span; Message = message }
let private invalidIn id name source span message = { Name = $"{id} {name}"; Source = source; Id = id; Span = span; Message = message }

let private invalid =
    [ lowering "at a Math.Abs call in Add" "SemiringMath.MinNative(x, Math.Abs(y))" "x + y" "Math.Abs(y)"
          [ "'Math.Abs(y)' cannot be vectorized in member 'Add' of semiring 'S'"; "'System.Math.Abs'" ]
      lowering "at a % operator in Multiply" "x + y" "x % y" "x % y" [ "in member 'Multiply'"; "operator '%'" ]
      lowering "at an instance property read through a static field" "x + y" "x + Holder.Instance.Scale"
          "Holder.Instance.Scale" [ "in member 'Multiply'"; "static fields or properties" ]
      { lowering "at the local of a block body" "x + y" "x" "float s = x + y;" [ "in member 'Add'"; "single expression" ] with
          Source = declaration (header "S" "float") ((without "Add") + "\n    public static float Add(float x, float y)\n    {\n        float s = x + y;\n        return s;\n    }") }
      invalidIn "TGEN0001" "at integer division" (semiring "S" "int" "0" "1" "x + y" "x / y") "x / y" [ "in member 'Multiply'"; "integer division" ]
      invalidIn "TGEN0002" "missing Zero" (declaration (header "S" "float") (without "Zero")) "S" [ "'Zero'" ]
      invalidIn "TGEN0002" "missing One" (declaration (header "S" "float") (without "One")) "S" [ "'One'" ]
      invalidIn "TGEN0002" "missing Add" (declaration (header "S" "float") (without "Add")) "S" [ "float Add(float x, float y)" ]
      invalidIn "TGEN0002" "missing Multiply" (declaration (header "S" "float") (without "Multiply")) "S" [ "float Multiply(float x, float y)" ]
      invalidIn "TGEN0003" "non-partial struct" (declaration "[Semiring]\npublic readonly struct S : ISemiring<S, float>" valid) "S" [ "'partial'" ]
      invalidIn "TGEN0003" "class" (declaration "[Semiring]\npublic partial class S : ISemiring<S, float>" valid) "S" [ "it is a class" ]
      invalidIn "TGEN0003" "non-partial containing type"
          (declaration "public static class Outer" ("    " + header "S" "float" + "\n    {\n" + valid + "\n    }")) "S" [ "'Outer' must be partial" ]
      invalidIn "TGEN0004" "decimal" (semiring "S" "decimal" "0m" "1m" "x + y" "x * y") "S" [ "element type 'decimal'" ]
      invalidIn "TGEN0004" "short" (semiring "S" "short" "0" "1" "x" "y") "S" [ "element type 'short'" ]
      invalidIn "TGEN0005" "no ISemiring" (declaration "[Semiring]\npublic readonly partial struct S" valid) "S" [ "ISemiring<S, T>" ]
      invalidIn "TGEN0005" "ISemiring of another TSelf"
          (declaration "[Semiring]\npublic readonly partial struct S : ISemiring<TensorGen.Semirings.MinPlusSingle, float>" valid) "S" [ "ISemiring<S, T>" ]
      invalidIn "TGEN0006" "generic struct" (declaration "[Semiring]\npublic readonly partial struct S<T> : ISemiring<S<T>, float>" valid) "S" [ "is generic" ]
      invalidIn "TGEN0006" "generic containing type"
          (declaration "public partial class Outer<T>" ("    " + header "S" "float" + "\n    {\n" + valid + "\n    }")) "S" [ "is generic" ] ]

/// The instance property the lowering case reads; a valid declaration apart from that read.
let private holder = "\npublic sealed class Holder { public static readonly Holder Instance = new(); public float Scale => 1f; }\n"

let private diagnosticTest (case: Invalid) =
    testCase $"{case.Name}: at '{case.Span}', no source, no crash" <| fun () ->
        let source = case.Source + holder
        let run = generate source
        noCrash run
        let reported = run.Diagnostics |> List.filter (fun d -> d.Id.StartsWith "TGEN")
        Expect.equal (reported |> List.map (fun d -> d.Id)) [ case.Id ] "exactly the expected diagnostic"
        let d = reported.Head
        Expect.equal d.Severity DiagnosticSeverity.Error "an error"
        Expect.equal (d.Location.GetLineSpan().Path) UserFile "in the user's file"
        Expect.equal (spanText source d) case.Span "at the construct"
        for fragment in case.Message do
            Expect.stringContains (d.GetMessage CultureInfo.InvariantCulture) fragment "the message names it"
        Expect.isEmpty run.Sources "nothing is generated for an invalid declaration"

let private controlTest =
    testCase "control: each diagnostic case's valid base reports nothing and generates nine files (API, operators, seven micro-kernels)" <| fun () ->
        for source in [ declaration (header "S" "float") valid; semiring "S" "int" "0" "1" "x + y" "x * y"
                        declaration "public static partial class Outer" ("    " + header "S" "float" + "\n    {\n" + valid + "\n    }") ] do
            let run = generate (source + holder)
            Expect.isEmpty run.Diagnostics "no diagnostic"
            Expect.equal run.Sources.Length 9 "nine files"

// ---- 3. half-typed code --------------------------------------------------------------------------------

/// Every valid and invalid declaration above, as an editor sees it while someone types or deletes.
let private corpus = [ for c in emitted -> c.Source ] @ [ for c in invalid -> c.Source + holder ]

let private neverThrows =
    testPropertyWithConfig { FsCheckConfig.defaultConfig with maxTest = 200 }
        "never throws on half-typed code (a declaration truncated, or a span or line deleted): no exception, no TGEN0099"
        (Prop.forAll (Arb.fromGen (halfTyped corpus)) (fun (source, edit) ->
            let text = applyEdit source edit
            match crash (generate text) with
            | Some why -> failtestf "the generator crashed after %A on:\n%s\n%s" edit text why
            | None -> ()))

// ---- 4. incrementality ---------------------------------------------------------------------------------

let private userFile (zero: string) (add: string) (helper: string) =
    declaration (header "MinPlus" "float")
        (members "float" zero "0f" add "x + y" + $"\n    public static float Helper() => {helper};")
    + "\npublic sealed class Neighbour { public int Value() => 1; }\n"

let private baseline = userFile "float.PositiveInfinity" "SemiringMath.MinNative(x, y)" "1f"
let private otherFile = "namespace Other;\n\npublic static class Tools { public static int Twice(int x) => 2 * x; }\n"

/// Runs the generator on `first` (and Other.cs), applies `edit` to the input compilation, runs the same driver again.
let private twice (first: string) (edit: Compilation -> Compilation) =
    let input = compileFiles [ UserFile, first; "Other.cs", otherFile ]
    let before = runWith (newDriver ()) input
    before, runWith before.Driver (edit input)

let private isCached r = r = IncrementalStepRunReason.Cached || r = IncrementalStepRunReason.Unchanged

/// Every output of SemiringModels, and of the source output it feeds, was Cached or Unchanged (and there were some).
let private expectModelsCached (run: Run) =
    for what, reasons in [ "SemiringModels", stepOutputs "SemiringModels" run |> List.map snd
                           "source outputs", sourceOutputReasons SemiringGenerator.Steps.Hinted run ] do
        Expect.isNonEmpty reasons $"{what} were tracked"
        Expect.all reasons isCached $"{what}: %A{reasons}"

let private irrelevant (name: string) (edit: Compilation -> Compilation) =
    testCase $"{name}: SemiringModels and the source outputs are all Cached or Unchanged" <| fun () ->
        let before, after = twice baseline edit
        noCrash after
        expectModelsCached after
        Expect.equal after.Sources before.Sources "the same files"

let private incrementality =
    [ irrelevant "a comment above the semiring" (editFile UserFile ("// a note\n" + baseline))
      irrelevant "an unrelated class in a new file" (addFile "Unrelated.cs" "public sealed class Unrelated { }\n")
      irrelevant "the body of an unrelated member of the semiring" (editFile UserFile (userFile "float.PositiveInfinity" "SemiringMath.MinNative(x, y)" "2f"))
      irrelevant "the body of a member of an unrelated class in another file" (editFile "Other.cs" (otherFile.Replace("2 * x", "x + x")))
      irrelevant "Zero's value (read at run time, not lowered)" (editFile UserFile (userFile "float.MaxValue" "SemiringMath.MinNative(x, y)" "1f"))
      testCase "changing Add's body: SemiringModels and the source outputs are Modified, and the new body is emitted" <| fun () ->
          let _, after = twice baseline (editFile UserFile (userFile "float.PositiveInfinity" "SemiringMath.MaxNative(x, y)" "1f"))
          let changed r = r = IncrementalStepRunReason.Modified || r = IncrementalStepRunReason.New
          Expect.exists (stepOutputs "SemiringModels" after |> List.map snd) changed "SemiringModels"
          Expect.exists (sourceOutputReasons SemiringGenerator.Steps.Hinted after) changed "source outputs"
          Expect.stringContains (sourceEnding ".Operators.g.cs" after) "=> global::System.Runtime.Intrinsics.Vector256.MaxNative(x, y);" "the new Add"
      testCase "a comment that moves an invalid semiring's diagnostic re-reports it there and leaves the valid one Cached" <| fun () ->
          let withBad = baseline + "\n[Semiring]\npublic readonly struct Bad : ISemiring<Bad, float>\n{\n" + valid + "\n}\n"
          let before, after = twice withBad (editFile UserFile ("// a note\n" + withBad))
          expectModelsCached after
          Expect.contains (sourceOutputReasons "SemiringDiagnostics" after) IncrementalStepRunReason.Modified "re-reported"
          Expect.contains (stepOutputs "SemiringDiagnostics" after |> List.map snd) IncrementalStepRunReason.Modified "the diagnostic moved"
          let line (r: Run) = (r.Diagnostics |> List.exactlyOne).Location.GetLineSpan().StartLinePosition.Line
          Expect.equal (line after) (line before + 1) "one line down" ]

// ---- 5. models -----------------------------------------------------------------------------------------

let private modelTests =
    [ testCase "models (SemiringModel, its Extraction, every Expr, DiagnosticInfo, ContainingType) hold no symbol, syntax, location or compilation" <| fun () ->
          let exprs = typeof<Expr>.Assembly.GetTypes() |> Array.filter (fun t -> typeof<Expr>.IsAssignableFrom t) |> List.ofArray
          Expect.isGreaterThanOrEqual exprs.Length 8 "Expr and its seven node kinds were found"
          let roots = [ typeof<SemiringModel>; typeof<Extraction<SemiringModel>>; typeof<DiagnosticInfo>; typeof<ContainingType> ] @ exprs
          let seen = HashSet<Type>()
          let found = [ for r in roots do yield! offenders seen r.Name r ]
          Expect.isEmpty found $"compiler objects reachable from a model: %A{found}"
      testCase "control: the walker finds the syntax node inside GeneratorAttributeSyntaxContext and a Location in a pair" <| fun () ->
          Expect.isNonEmpty (offenders (HashSet()) "context" typeof<GeneratorAttributeSyntaxContext>) "syntax context"
          Expect.isNonEmpty (offenders (HashSet()) "pair" typeof<KeyValuePair<string, Location>>) "pair"
      testCase "the values flowing through SemiringResults, SemiringModels and SemiringDiagnostics are the model types" <| fun () ->
          let run = runWith (newDriver ()) (compileFiles [ UserFile, baseline + "\n[Semiring]\npublic struct Bad { }\n" ])
          let values step = stepOutputs step run |> List.map fst
          Expect.all (values "SemiringResults") (fun v -> v :? Extraction<SemiringModel>) "SemiringResults"
          Expect.equal (values "SemiringResults").Length 2 "two declarations"
          Expect.all (values "SemiringModels") (fun v -> v :? SemiringModel) "SemiringModels"
          Expect.equal (values "SemiringModels").Length 1 "one valid declaration"
          Expect.all (values "SemiringDiagnostics") (fun v -> v :? DiagnosticInfo) "SemiringDiagnostics"
          Expect.isNonEmpty (values "SemiringDiagnostics") "the invalid one's diagnostics" ]

// ---- 6. culture ----------------------------------------------------------------------------------------

let private cultureTest =
    testCase "under a culture with a decimal comma and U+2212 minus, constants are written 0.5f, -2.5f and 0.001d" <| fun () ->
        let culture = commaCulture ()
        let single = semiring "Shifted" "float" "float.PositiveInfinity" "0f" "Math.Min(x, y)" "x + 0.5f + -2.5f"
        let double = semiring "Scaled" "double" "0d" "1d" "x + y" "x * y * 0.001"
        let runs, shown = onThreadWithCulture culture (fun () -> [ generate single; generate double ], (-0.5f).ToString())
        Expect.equal shown "\u22120,5" "the culture is in effect on the generator's thread"
        let operators = runs |> List.map (sourceEnding ".Operators.g.cs")
        Expect.stringContains operators.[0] "=> ((x + global::System.Runtime.Intrinsics.Vector256.Create(0.5f)) + global::System.Runtime.Intrinsics.Vector256.Create(-2.5f));" "float constants"
        Expect.stringContains operators.[1] "=> ((x * y) * global::System.Runtime.Intrinsics.Vector256.Create(0.001d));" "double constant"
        for text in operators do
            Expect.isFalse (text.Contains "0,5" || text.Contains "\u2212") "no culture-specific digits"
        for run in runs do
            Expect.isEmpty (problems run.Output |> List.map string) "compiles"

let tests : Test =
    testList "generator"
        [ testList "emitted source" (List.map emittedTest emitted)
          testList "diagnostics" (controlTest :: List.map diagnosticTest invalid)
          testList "robustness" [ neverThrows ]
          testList "incrementality" incrementality
          testList "models" modelTests
          testList "culture" [ cultureTest ] ]
