/// TensorGen.Testing, tested: it passes every built-in semiring (the library is its own first user, configured
/// as a user would configure it), and it finds seeded faults (a non-associative ⊕, a wrong Zero, an integer
/// Zero that does not annihilate, a kernel with an off-by-one edge), each blamed on the right party with a
/// shrunk counterexample that its printed seed replays.
module TensorGen.Properties.TestingPackageTests

open System
open System.Text.RegularExpressions
open Expecto
open FsCheck.FSharp
open TensorGen
open TensorGen.Semirings
open TensorGen.Testing
open TensorGen.Properties.Fixtures

// ---- the built-ins, through the package ----------------------------------------------------------------

/// Fewer draws than a user's default: the kernels suite already checks every built-in against the oracle.
let private quick<'T> : SemiringConfig<'T> = { SemiringConfig.defaults<'T> with LawTests = 100; KernelTests = 4 }

let private u32, u64 = Math.Pow(2.0, -24.0), Math.Pow(2.0, -53.0)

let builtIns : Test =
    let i32 = Some(-(1 <<< 29), 1 <<< 29)
    let i64 = Some(-(1L <<< 60), 1L <<< 60)
    testList "built-ins"
        [ // Plus-times: a semiring only up to rounding on full-mantissa values; IEEE infinities and NaN in kernels.
          SemiringTests.forType<PlusTimesSingle, float32>
              { quick with Tolerance = Tolerance.Within(u32, float Single.Epsilon); Specials = [ nanf; infinityf; -infinityf ] }
          SemiringTests.forType<PlusTimesDouble, float>
              { quick with Tolerance = Tolerance.Within(u64, Double.Epsilon); Specials = [ nan; infinity; -infinity ] }
          SemiringTests.forType<MaxPlusSingle, float32> quick
          SemiringTests.forType<MaxPlusDouble, float> quick
          SemiringTests.forType<MinPlusSingle, float32> quick
          SemiringTests.forType<MinPlusDouble, float> quick
          // Max-times is a semiring on non-negative values; below 64 every triple product is exact.
          SemiringTests.forType<MaxTimesSingle, float32> { quick with Range = Some(0f, 64f) }
          SemiringTests.forType<MaxTimesDouble, float> { quick with Range = Some(0.0, 64.0) }
          SemiringTests.forType<MaxMinSingle, float32> quick
          SemiringTests.forType<MaxMinDouble, float> quick
          SemiringTests.forType<MinMaxSingle, float32> quick
          SemiringTests.forType<MinMaxDouble, float> quick
          SemiringTests.forType<LogSumExpSingle, float32> { quick with Range = Some(-40f, 40f); Tolerance = Tolerance.Within(4.0 * u32, 512.0 * u32) }
          SemiringTests.forType<LogSumExpDouble, float> { quick with Range = Some(-40.0, 40.0); Tolerance = Tolerance.Within(4.0 * u64, 512.0 * u64) }
          // Integer tropical semirings guard their infinity but wrap on finite sums: laws hold where sums cannot wrap.
          SemiringTests.forType<MaxPlusInt32, int> { quick with Range = i32 }
          SemiringTests.forType<MinPlusInt32, int> { quick with Range = i32 }
          SemiringTests.forType<MaxPlusInt64, int64> { quick with Range = i64 }
          SemiringTests.forType<MinPlusInt64, int64> { quick with Range = i64 }
          SemiringTests.forType<PlusTimesInt32, int> quick
          SemiringTests.forType<PlusTimesInt64, int64> quick
          SemiringTests.forType<Counting, int64> quick
          SemiringTests.forType<OrAnd, bool> quick
          // Declarations written as a user would, in the fixtures.
          SemiringTests.forType<UserMinPlusInt32, int> { quick with Range = i32 }
          SemiringTests.forType<UserMaxMinDouble, float> { quick with Tolerance = Tolerance.BitExact; Specials = [ nan ] }
          SemiringTests.forType<UserOrAnd, bool> quick
          SemiringTests.forType<UserPlusTimesInt64, int64> quick ]

// ---- seeded faults --------------------------------------------------------------------------------------

/// Runs `f` and returns the exception of type 'E it must throw.
let private throws<'E when 'E :> exn> (f: unit -> unit) : 'E =
    let error =
        try f (); None
        with e -> Some e
    match error with
    | Some(:? 'E as e) -> e
    | Some other -> failtestf "expected %s, got %s: %s" typeof<'E>.Name (other.GetType().Name) other.Message
    | None -> failtestf "expected %s; verification passed" typeof<'E>.Name

let private failureOf (check: string) (e: SemiringVerificationException) : string =
    match e.Failures |> Seq.tryFind (fun f -> f.Contains(": " + check + " failed.")) with
    | Some failure -> failure
    | None -> failtestf "no failure of %s reported; the report was:\n%s" check e.Message

let private options<'T> (seed: uint64) = SemiringVerifierOptions<'T>(Seed = Nullable seed)

/// A kernel fault planted through ISemiringTarget: contiguous MatMul drops the last term (p = k - 1) of its
/// edge column when n is one past a multiple of 8, as a micro-kernel whose edge loop stops one short would.
let planted : ISemiringTarget<float32> =
    let inner = SemiringTarget.Of<MinPlusSingle, float32>()
    { new ISemiringTarget<float32> with
        member _.Name = "PlantedEdgeMinPlus"
        member _.Zero = inner.Zero
        member _.One = inner.One
        member _.IsAddIdempotent = inner.IsAddIdempotent
        member _.Add(x: float32, y: float32) = inner.Add(x, y)
        member _.Multiply(x: float32, y: float32) = inner.Multiply(x, y)
        member _.MatMul(a: ReadOnlySpan<float32>, b: ReadOnlySpan<float32>, c: Span<float32>, m, n, k) =
            inner.MatMul(a, b, c, m, n, k)
            if n > 8 && n % 8 = 1 then
                let j = n - 1
                for i in 0 .. m - 1 do
                    let mutable acc = inner.Zero
                    for p in 0 .. k - 2 do
                        acc <- inner.Add(acc, inner.Multiply(a.[i * k + p], b.[p * n + j]))
                    c.[i * n + j] <- acc
        member _.MatMulAdd(a, b, c, m, n, k) = inner.MatMulAdd(a, b, c, m, n, k)
        member _.MatMul(a: ReadOnlySpan<float32>, lda, ta, b: ReadOnlySpan<float32>, ldb, tb, c: Span<float32>, ldc, m, n, k, acc) =
            inner.MatMul(a, lda, ta, b, ldb, tb, c, ldc, m, n, k, acc)
        member _.MatVec(a: ReadOnlySpan<float32>, x: ReadOnlySpan<float32>, y: Span<float32>, m: int, n: int) = inner.MatVec(a, x, y, m, n)
        member _.MatVec(a: ReadOnlySpan<float32>, lda, ta, x: ReadOnlySpan<float32>, y: Span<float32>, m, n, acc) = inner.MatVec(a, lda, ta, x, y, m, n, acc)
        member _.Dot(x, y) = inner.Dot(x, y)
        member _.Add(x: ReadOnlySpan<float32>, y: ReadOnlySpan<float32>, d: Span<float32>) = inner.Add(x, y, d)
        member _.Multiply(x: ReadOnlySpan<float32>, y: ReadOnlySpan<float32>, d: Span<float32>) = inner.Multiply(x, y, d)
        member _.Closure(a, n) = inner.Closure(a, n) }

let private plantedOptions (seed: uint64) =
    SemiringVerifierOptions<float32>(Seed = Nullable seed, Only = "MatMul (contiguous)", KernelTests = 60)

/// The reported master seed, read back from a message as a person would.
let private printedSeed (message: string) : uint64 =
    let m = Regex.Match(message, @"Seed = (\d+)UL")
    if not m.Success then failtestf "no seed printed in:\n%s" message
    UInt64.Parse m.Groups.[1].Value

let seededFaults : Test =
    testList "seeded faults"
        [ testCase "a non-associative ⊕ is the declaration's fault, shrunk to Zero and One" <| fun () ->
            let e = throws<SemiringDeclarationException> (fun () -> SemiringVerifier.Verify<MidpointAdd, float32>(options 7UL))
            let report = failureOf "laws/⊕ is associative" e
            Expect.stringContains report "fault in the declaration of MidpointAdd" "blamed on the declaration"
            Expect.isMatch report @"x = [01]f, y = [01]f, z = [01]f" "shrunk to the simplest values, Zero and One"
            Expect.stringContains e.Message "Its kernels were not checked" "kernels are not blamed"

          testCase "a wrong Zero breaks identity and annihilation, shrunk to x = -1 and x = ±1" <| fun () ->
            let e = throws<SemiringDeclarationException> (fun () -> SemiringVerifier.Verify<WrongZeroMaxPlus, float32>(options 11UL))
            Expect.stringContains (failureOf "laws/Zero is a left identity of ⊕" e) "x = -1f\n" "max(0, x) = x fails first for x = -1"
            Expect.isMatch (failureOf "laws/Zero annihilates from the left" e) @"x = -?1f\n" "0 + x = 0 fails first for x = ±1"

          testCase "an integer Zero that wraps does not annihilate, shrunk to x = Zero or ±1" <| fun () ->
            let opts = SemiringVerifierOptions<int>(Seed = Nullable 13UL, Range = ValueRange(-1000, 1000))
            let e = throws<SemiringDeclarationException> (fun () -> SemiringVerifier.Verify<OverflowingMaxPlus, int>(opts))
            let report = failureOf "laws/Zero annihilates from the right" e
            // Zero ⊗ Zero wraps to 0; Zero ⊗ ±1 wraps past the other end: each a minimal counterexample.
            Expect.isMatch report @"x = (int\.MinValue|-?1)\n  x ⊗ Zero = (0|2147483647|-2147483647)\n  Zero = int\.MinValue" "the wrapped sum, extremes named"

          testCase "float plus-times is not a semiring on full-mantissa values exactly, but is within rounding" <| fun () ->
            let wide = Gen.choose (-1_000_000, 1_000_000) |> Gen.map (fun i -> float32 i / 997f) |> Arb.fromGen
            let exact = SemiringVerifierOptions<float32>(Seed = Nullable 17UL, Values = wide, Only = "laws/")
            let e = throws<SemiringDeclarationException> (fun () -> SemiringVerifier.Verify<PlusTimesSingle, float32>(exact))
            Expect.stringContains (failureOf "laws/⊕ is associative" e) "(x ⊕ y) ⊕ z" "rounding breaks associativity"
            SemiringVerifier.Verify<PlusTimesSingle, float32>(
                SemiringVerifierOptions<float32>(Seed = Nullable 17UL, Values = wide, Only = "laws/", Tolerance = Tolerance.Within(u32, 0.0)))

          testCase "a planted off-by-one edge in MatMul is the kernel's fault, shrunk to m = 1, n = 9, k = 1 on every path" <| fun () ->
            let e = throws<SemiringKernelException> (fun () -> SemiringVerifier.VerifyTarget(planted, plantedOptions 19UL))
            for path in KernelDispatch.All do
                let report = failureOf (sprintf "%O/MatMul (contiguous)" path) e
                Expect.stringContains report "shape: m = 1, n = 9, k = 1" "the smallest shape with the edge"
                Expect.stringContains report "C[8]: expected 0f, actual +inf" "expected and actual at the edge element"
                Expect.stringContains report "fault in the generated kernel" "blamed on the kernel"
            Expect.equal e.Failures.Count 4 "the other kernels pass"

          testCase "replaying the printed seed reproduces the counterexample, alone or in the whole run" <| fun () ->
            let first = throws<SemiringKernelException> (fun () -> SemiringVerifier.VerifyTarget(planted, SemiringVerifierOptions<float32>(Seed = Nullable 29UL, Only = "MatMul (contiguous)", KernelTests = 60)))
            let seed = printedSeed first.Message
            Expect.equal seed first.Seed "the printed seed is the run's seed"
            let again = throws<SemiringKernelException> (fun () -> SemiringVerifier.VerifyTarget(planted, plantedOptions seed))
            Expect.sequenceEqual again.Failures first.Failures "the same counterexamples, found after the same number of tests"
            // Replay alone one of the paths on which the first run found the fault (with a random seed, not every path need have).
            let path =
                KernelDispatch.All
                |> Seq.map string
                |> Seq.find (fun p -> first.Failures |> Seq.exists (fun f -> f.Contains(": " + p + "/MatMul (contiguous) failed.")))
            let check = path + "/MatMul (contiguous)"
            let alone =
                throws<SemiringKernelException> (fun () ->
                    SemiringVerifier.VerifyTarget(planted, SemiringVerifierOptions<float32>(Seed = Nullable seed, Only = check, KernelTests = 60)))
            Expect.equal alone.Failures.[0] (failureOf check first) "the same counterexample when run alone"

          testCase "Closure values with an improving cycle are reported as such, not as a kernel fault" <| fun () ->
            let negative = Gen.choose (-3, 3) |> Gen.map float32 |> Arb.fromGen
            let opts = SemiringVerifierOptions<float32>(Seed = Nullable 23UL, ClosureValues = negative, Only = "Scalar/Closure")
            let e = throws<SemiringKernelException> (fun () -> SemiringVerifier.Verify<MinPlusSingle, float32>(opts))
            Expect.stringContains e.Message "some cycle improves on One" "names the problem with the values"
            Expect.isFalse (e.Message.Contains "fault in the generated kernel") "does not blame the kernel"

          testCase "the Expecto entry fails the law cases and skips the kernel cases of a broken declaration" <| fun () ->
            let flat = SemiringTests.forType<OverflowingMaxPlus, int> { SemiringConfig.defaults with Range = Some(-1000, 1000); Seed = Some 13UL } |> Test.toTestCodeList
            let outcome (t: FlatTest) =
                match t.test with
                | Sync f -> (try f (); "passed" with :? IgnoreException -> "ignored" | :? AssertException -> "failed")
                | _ -> "other"
            let byName = flat |> List.map (fun t -> String.Join("/", t.name), outcome t)
            Expect.equal (byName |> List.find (fun (n, _) -> n.EndsWith "laws/Zero annihilates from the right") |> snd) "failed" "the law case fails"
            Expect.equal (byName |> List.find (fun (n, _) -> n.EndsWith "Scalar/Dot") |> snd) "ignored" "kernel cases are skipped, not failed"

          testCase "the Expecto entry reports the planted kernel fault in its MatMul cases only" <| fun () ->
            let flat = SemiringTests.forTarget planted { SemiringConfig.defaults with Seed = Some 19UL; KernelTests = 60; Only = Some "MatMul" } |> Test.toTestCodeList
            let failed =
                flat |> List.filter (fun t ->
                    match t.test with
                    | Sync f -> (try f (); false with :? AssertException -> true)
                    | _ -> false)
                |> List.map (fun t -> String.Join("/", t.name))
            Expect.equal failed.Length 4 (sprintf "one failure per path: %A" failed)
            Expect.all failed (fun n -> n.EndsWith "MatMul (contiguous)") "only the contiguous MatMul cases fail" ]

let tests : Test = testList "package" [ builtIns; seededFaults ]
