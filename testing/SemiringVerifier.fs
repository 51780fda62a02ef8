namespace TensorGen.Testing

open System
open System.Collections.Generic
open FsCheck
open TensorGen
open TensorGen.Testing.Checks

/// <summary>An inclusive range of element values, e.g. <c>new ValueRange&lt;float&gt;(0f, float.PositiveInfinity)</c>.</summary>
[<Sealed; AllowNullLiteral>]
type ValueRange<'T>(minimum: 'T, maximum: 'T) =
    /// <summary>The smallest value drawn.</summary>
    member _.Minimum = minimum
    /// <summary>The largest value drawn.</summary>
    member _.Maximum = maximum

/// <summary>
/// Options for <see cref="SemiringVerifier"/>: the same settings as the F# <c>SemiringConfig</c>, as settable
/// properties. Unset properties keep their defaults (see <c>SemiringConfig</c> for what they are and how
/// values are drawn).
/// </summary>
[<Sealed; AllowNullLiteral>]
type SemiringVerifierOptions<'T>() =
    /// <summary>Values for the laws (and the kernels unless <see cref="KernelValues"/> is set); null: drawn from <see cref="Range"/>.</summary>
    member val Values: Arbitrary<'T> = Unchecked.defaultof<_> with get, set
    /// <summary>Values for kernel inputs; null: <see cref="Values"/> or the defaults.</summary>
    member val KernelValues: Arbitrary<'T> = Unchecked.defaultof<_> with get, set
    /// <summary>Values for Closure's matrix; null: law values that do not improve on One, as integers.</summary>
    member val ClosureValues: Arbitrary<'T> = Unchecked.defaultof<_> with get, set
    /// <summary>The interval default values are drawn from; null: the whole type (finite values for floating types).</summary>
    member val Range: ValueRange<'T> = null with get, set
    /// <summary>Extra values mixed into kernel inputs only, e.g. <c>double.NaN</c> for a semiring built on Math.Max.</summary>
    member val Specials: 'T[] = [||] with get, set
    /// <summary>The exactness class; default <see cref="Tolerance.Exact"/>.</summary>
    member val Tolerance: Tolerance = Tolerance.Exact with get, set
    /// <summary>Draws per law (default 300).</summary>
    member val LawTests = 300 with get, set
    /// <summary>Draws per kernel and path (default 25; half on paths that run in software here).</summary>
    member val KernelTests = 25 with get, set
    /// <summary>The largest matrix dimension drawn (default 65).</summary>
    member val MaxDimension = 65 with get, set
    /// <summary>The vector paths every kernel runs on (default: all of them).</summary>
    member val Paths: VectorPath[] = Seq.toArray KernelDispatch.All with get, set
    /// <summary>The master seed to replay; null draws a fresh one (a failure prints it).</summary>
    member val Seed: Nullable<uint64> = Nullable() with get, set
    /// <summary>Runs only the checks whose name contains this text, e.g. <c>"Vector256/MatMul (contiguous)"</c>.</summary>
    member val Only: string = null with get, set

    member internal this.ToConfig() : SemiringConfig<'T> =
        let given (arb: Arbitrary<'T>) = if isNull (box arb) then None else Some arb
        { Values = given this.Values
          KernelValues = given this.KernelValues
          ClosureValues = given this.ClosureValues
          Range = this.Range |> Option.ofObj |> Option.map (fun r -> r.Minimum, r.Maximum)
          Specials = List.ofArray (if isNull this.Specials then [||] else this.Specials)
          Tolerance = (if isNull (box this.Tolerance) then Tolerance.Exact else this.Tolerance)
          LawTests = this.LawTests
          KernelTests = this.KernelTests
          MaxDimension = this.MaxDimension
          Paths = List.ofArray this.Paths
          Seed = Option.ofNullable this.Seed
          Only = Option.ofObj this.Only }

/// <summary>A semiring failed verification. The message holds every failure with its shrunk counterexample and seed.</summary>
type SemiringVerificationException(message: string, seed: uint64, failures: IReadOnlyList<string>) =
    inherit Exception(message)
    /// <summary>The master seed of the run: set <c>Seed</c> to it to replay.</summary>
    member _.Seed = seed
    /// <summary>One report per failing check.</summary>
    member _.Failures = failures

/// <summary>The declaration itself breaks a semiring law (its Zero, One, Add or Multiply); kernels were not checked.</summary>
type SemiringDeclarationException(message, seed, failures) =
    inherit SemiringVerificationException(message, seed, failures)

/// <summary>A generated kernel differs from the plain loop over the declaration's members (or configured values are unusable).</summary>
type SemiringKernelException(message, seed, failures) =
    inherit SemiringVerificationException(message, seed, failures)

/// <summary>
/// Verifies a declared semiring from any test framework: throws a <see cref="SemiringVerificationException"/>
/// with the shrunk counterexamples when a law or a kernel fails.
/// <code>
/// [Fact]
/// public void DistanceIsASemiringAndItsKernelsAreRight() =>
///     SemiringVerifier.Verify&lt;Distance, float&gt;(new() { Range = new(0f, float.PositiveInfinity) });
/// </code>
/// </summary>
[<AbstractClass; Sealed>]
type SemiringVerifier =
    /// <summary>Checks the laws of <paramref name="target"/>'s declaration, then (when they hold) every kernel on every path.</summary>
    /// <exception cref="SemiringDeclarationException">A law fails.</exception>
    /// <exception cref="SemiringKernelException">A kernel differs from the plain loop.</exception>
    static member VerifyTarget<'T>(target: ISemiringTarget<'T>, options: SemiringVerifierOptions<'T>) : unit =
        let config = (if isNull options then SemiringVerifierOptions<'T>() else options).ToConfig()
        let seed = config.Seed |> Option.defaultWith Runner.freshSeed
        let plan = Checks.plan target config
        let fail (make: string * uint64 * IReadOnlyList<string> -> exn) (headline: string) (failures: Runner.Failure list) =
            let reports = failures |> List.map (fun f -> f.Message)
            let message = headline + "\n\n" + String.Join("\n\n", reports)
            raise (make (message, seed, reports :> IReadOnlyList<string>))
        let lawFailures = plan.Laws |> List.choose (Runner.run seed target.Name)
        if not lawFailures.IsEmpty then
            fail (fun (m, s, f) -> SemiringDeclarationException(m, s, f) :> exn)
                (sprintf "%s is not a semiring on the values checked: %d of %d laws fail (seed %dUL). Its kernels were not checked: a kernel that reassociates ⊕ could differ from the plain loop without a kernel fault."
                    target.Name lawFailures.Length plan.Laws.Length seed)
                lawFailures
        let kernelFailures = plan.Kernels |> List.choose (Runner.run seed target.Name)
        if not kernelFailures.IsEmpty then
            fail (fun (m, s, f) -> SemiringKernelException(m, s, f) :> exn)
                (sprintf "%s: %d of %d kernel checks fail (seed %dUL): %s." target.Name kernelFailures.Length plan.Kernels.Length seed
                    (kernelFailures |> List.map (fun f -> f.Check.Name) |> String.concat ", "))
                kernelFailures

    /// <summary>Checks the laws of <typeparamref name="S"/>, then (when they hold) every generated kernel on every path.</summary>
    /// <exception cref="SemiringDeclarationException">A law fails.</exception>
    /// <exception cref="SemiringKernelException">A kernel differs from the plain loop.</exception>
    static member Verify<'S, 'T when 'S: struct and 'S: (new: unit -> 'S) and 'S :> ValueType and 'S :> ISemiringKernels<'S, 'T>>
        (options: SemiringVerifierOptions<'T>) : unit =
        SemiringVerifier.VerifyTarget(SemiringTarget.Of<'S, 'T>(), options)
