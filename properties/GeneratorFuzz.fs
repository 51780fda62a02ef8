/// The generators never break a user's build: every declaration, valid, half-typed or hostile, is driven through
/// all five generators at once on a thread with a 1 MiB stack (as an IDE or build-server thread has), the output is
/// compiled, and the run must show no generator exception, no error or warning located in a generated file, no new
/// error anywhere that the input did not already have, and no declaration taking more than a few seconds. A case
/// marked invalid must also be reported: a TGEN diagnostic, or the compiler's own error on the user's code.
module TensorGen.Properties.GeneratorFuzz

open System
open System.Diagnostics
open System.Threading
open Expecto
open FsCheck
open FsCheck.FSharp
open Microsoft.CodeAnalysis
open Microsoft.CodeAnalysis.CSharp
open TensorGen.Properties.GeneratorHarness

// ---- running every generator ---------------------------------------------------------------------------

/// What a declaration must get: valid (no diagnostic at all), invalid (a TGEN error or a compiler error on the
/// user's code), or either (half-typed code, random bodies: only the never-break rules apply).
type Expectation =
    | Valid
    | Invalid
    | Either

type Case = { Name: string; Source: string; Expect: Expectation }

let case name expect source = { Name = name; Source = source; Expect = expect }

let allGenerators () : ISourceGenerator[] =
    [| TensorGen.Generators.Semirings.SemiringGenerator().AsSourceGenerator()
       TensorGen.Generators.Precision.PrecisionGenerator().AsSourceGenerator()
       TensorGen.Generators.Equivariant.EquivariantGenerator().AsSourceGenerator()
       TensorGen.Generators.Clifford.CliffordGenerator().AsSourceGenerator()
       TensorGen.Generators.Permutation.PermutationGenerator().AsSourceGenerator() |]

/// Seconds one declaration may take to generate before the run is cancelled and counted as slow.
let slowSeconds = 10.0

type Outcome =
    { /// A generator exception, CS8784/CS8785, TGEN0099, a stack overflow guard, or a cancellation by the time limit.
      Crash: string option
      /// Errors and warnings located in generated files.
      GeneratedProblems: string list
      /// Errors in user files that the input did not have (a generated member colliding with a user's, say).
      NewUserErrors: string list
      /// TGEN diagnostics of error severity.
      TgenErrors: string list
      /// Diagnostics of any severity the generators reported.
      Reported: string list
      /// The input's own errors on user code, less "partial method has no implementation" (which the generator fixes).
      UserErrors: string list
      Seconds: float }

/// Compiler errors a bare partial declaration has until a generator supplies its other part.
let private awaitingGeneration = set [ "CS8795"; "CS8796"; "CS8797"; "CS8798"; "CS0759"; "CS8799" ]

let private key (d: Diagnostic) = d.Id + "@" + string d.Location.SourceSpan + ":" + d.GetMessage()

/// Runs `f` on a fresh thread with a stack of `bytes`.
let onStack (bytes: int) (f: unit -> 'r) : 'r = onThread bytes ignore f

/// The compiler parses and binds on its own threads; only the generators run on the small one, as in an IDE.
let private compilerStack = 256 * 1024 * 1024

let private run (source: string) : Outcome =
    let input, inputErrors =
        onStack compilerStack (fun () ->
            let input = compile source
            input, input.GetDiagnostics() |> Seq.filter (fun d -> d.Severity = DiagnosticSeverity.Error) |> List.ofSeq)
    let driver =
        CSharpGeneratorDriver.Create(allGenerators (), parseOptions = parseOptions) :> GeneratorDriver
    use cancel = new CancellationTokenSource(TimeSpan.FromSeconds slowSeconds)
    let watch = Stopwatch.StartNew()
    let outcome =
        try
            let driver, output, diagnostics =
                onStack (1024 * 1024) (fun () ->
                    let mutable output : Compilation = null
                    let mutable diagnostics = Unchecked.defaultof<Collections.Immutable.ImmutableArray<Diagnostic>>
                    let driver = driver.RunGeneratorsAndUpdateCompilation(input, &output, &diagnostics, cancel.Token)
                    driver, output, diagnostics)
            let exceptions =
                driver.GetRunResult().Results |> Seq.choose (fun r -> Option.ofObj r.Exception) |> Seq.map string |> List.ofSeq
            Ok(exceptions, output, diagnostics)
        with
        | :? OperationCanceledException
        | :? AggregateException as e when (e.InnerException :? OperationCanceledException) -> Error $"cancelled after {slowSeconds} s (slow)"
    let seconds = watch.Elapsed.TotalSeconds
    match outcome with
    | Error slow ->
        { Crash = Some slow; GeneratedProblems = []; NewUserErrors = []; TgenErrors = []; Reported = []; UserErrors = []; Seconds = seconds }
    | Ok(exceptions, output, diagnostics) ->
        let reported = List.ofSeq diagnostics
        let crash =
            match exceptions with
            | e :: _ -> Some e
            | [] ->
                reported
                |> List.tryFind (fun d -> d.Id = "TGEN0099" || d.Id = "CS8784" || d.Id = "CS8785")
                |> Option.map string
        let outputProblems =
            onStack compilerStack (fun () -> output.GetDiagnostics() |> Seq.filter (fun d -> d.Severity >= DiagnosticSeverity.Warning) |> List.ofSeq)
        let generated, user = outputProblems |> List.partition (fun d -> isGenerated d.Location.SourceTree)
        let before = inputErrors |> List.map key |> set
        { Crash = crash
          GeneratedProblems = generated |> List.map string
          NewUserErrors =
            user
            |> List.filter (fun d -> d.Severity = DiagnosticSeverity.Error && not (before.Contains(key d)))
            |> List.map string
          TgenErrors =
            reported
            |> List.filter (fun d -> d.Id.StartsWith("TGEN", StringComparison.Ordinal) && d.Severity = DiagnosticSeverity.Error)
            |> List.map string
          Reported = reported |> List.map string
          UserErrors = inputErrors |> List.filter (fun d -> not (awaitingGeneration.Contains d.Id)) |> List.map string
          Seconds = seconds }

let outcome (source: string) : Outcome = run source

/// Why the case breaks the contract, if it does.
let violations (c: Case) (o: Outcome) : string list =
    [ match o.Crash with Some crash -> yield "generator crashed: " + crash | None -> ()
      for p in List.truncate 3 o.GeneratedProblems -> "generated file: " + p
      for e in List.truncate 3 o.NewUserErrors -> "new error after generation: " + e
      if o.Seconds > slowSeconds then yield $"took {o.Seconds:F1} s"
      match c.Expect with
      | Invalid when o.TgenErrors.IsEmpty && o.UserErrors.IsEmpty ->
          yield "invalid declaration accepted: no TGEN error and no compiler error on the user's code"
      | Valid when not o.Reported.IsEmpty || not o.UserErrors.IsEmpty ->
          yield "valid declaration reported: " + String.Join(" | ", List.truncate 3 (o.Reported @ o.UserErrors))
      | _ -> () ]

let check (c: Case) =
    match violations c (outcome c.Source) with
    | [] -> ()
    | found -> failtestf "%s:\n%s\n--- source ---\n%s" c.Name (String.Join("\n", found)) c.Source
