/// Runs one check through FsCheck with a seed derived from the master seed and the check's name (so that a
/// replayed seed reproduces every check's draws, whichever checks run), and turns a failure into a message:
/// the shrunk counterexample, how it was found, and how to replay it.
module internal TensorGen.Testing.Runner

open System
open System.Reflection
open System.Text
open FsCheck
open TensorGen.Testing.Checks

type Failure =
    { Check: Check
      Blame: Blame
      /// The whole report: the counterexample and how to replay it.
      Message: string }

/// A master seed for a run that was not given one.
let freshSeed () : uint64 = uint64 (Random.Shared.NextInt64()) ^^^ uint64 DateTime.UtcNow.Ticks

/// SplitMix64's finaliser: a well-mixed 64-bit value.
let private mix (z: uint64) =
    let z = (z ^^^ (z >>> 30)) * 0xbf58476d1ce4e5b9UL
    let z = (z ^^^ (z >>> 27)) * 0x94d049bb133111ebUL
    z ^^^ (z >>> 31)

/// FNV-1a of the check's name: stable across runs, processes and machines.
let private nameHash (name: string) =
    Encoding.UTF8.GetBytes name |> Array.fold (fun h b -> (h ^^^ uint64 b) * 0x100000001b3UL) 0xcbf29ce484222325UL

let seedFor (master: uint64) (check: Check) : Rnd =
    let seed = mix (master ^^^ nameHash check.Name)
    Rnd(seed, mix (seed + 0x9e3779b97f4a7c15UL) ||| 1UL)

type private Capture() =
    member val Result: TestResult option = None with get, set
    interface IRunner with
        member _.OnStartFixture _ = ()
        member _.OnArguments(_, _, _) = ()
        member _.OnShrink(_, _) = ()
        member this.OnFinished(_, result) = this.Result <- Some result

let rec private unwrap (e: exn) =
    match e with
    | :? TargetInvocationException as t when not (isNull t.InnerException) -> unwrap t.InnerException
    | :? AggregateException as a when a.InnerExceptions.Count = 1 -> unwrap a.InnerExceptions.[0]
    | e -> e

/// How to run the failing check again: the master seed, with the same options.
let replayHint (master: uint64) (check: Check) =
    sprintf "Replay: Seed = %dUL with the same options reproduces this counterexample (add Only = \"%s\" to run this check alone)." master check.Name

/// Runs `check` with `master`'s derived seed; None when it passes.
let run (master: uint64) (subject: string) (check: Check) : Failure option =
    let capture = Capture()
    let config =
        Config.Quick
            .WithMaxTest(check.Tests)
            .WithReplay(Some { Rnd = seedFor master check; Size = None })
            .WithRunner(capture)
            .WithQuietOnSuccess(true)
    Check.One(config, check.Property)
    match capture.Result with
    | Some(TestResult.Failed(data, _, _, outcome, _, _, _)) ->
        let blame, text =
            match outcome with
            | Outcome.Failed e ->
                match unwrap e with
                | CounterExample(blame, text) -> blame, text
                | other -> check.Blame, sprintf "%s threw %s: %s\n%s" check.Title (other.GetType().FullName) other.Message other.StackTrace
            | _ -> check.Blame, "the property failed without an exception"
        let found =
            sprintf "Found after %d test%s%s." data.NumberOfTests (if data.NumberOfTests = 1 then "" else "s")
                (if data.NumberOfShrinks > 0 then sprintf ", shrunk %d time%s to the case above" data.NumberOfShrinks (if data.NumberOfShrinks = 1 then "" else "s") else "")
        Some
            { Check = check
              Blame = blame
              Message = sprintf "%s: %s failed.\n%s\n%s %s" subject check.Name text found (replayHint master check) }
    | Some(TestResult.Exhausted data) ->
        Some { Check = check; Blame = Values; Message = sprintf "%s: %s gave up after %d tests (too many discarded draws)." subject check.Name data.NumberOfTests }
    | _ -> None
