namespace TensorGen.Algebra

open System

/// <summary>
/// A semiring written as plain values and functions: the reference semantics every generated kernel is
/// compared against. Nothing here is shared with the runtime or the generator.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
[<NoEquality; NoComparison>]
type Semiring<'T> =
    {
      /// <summary>A name for messages.</summary>
      Name: string
      /// <summary>The identity of ⊕ and the annihilator of ⊗.</summary>
      Zero: 'T
      /// <summary>The identity of ⊗.</summary>
      One: 'T
      /// <summary>The addition ⊕.</summary>
      Add: 'T -> 'T -> 'T
      /// <summary>The multiplication ⊗.</summary>
      Multiply: 'T -> 'T -> 'T
      /// <summary>Whether <c>x ⊕ x = x</c>, so that the Kleene closure is a finite sum.</summary>
      IsAddIdempotent: bool }

/// <summary>
/// Reference versions of TensorGen's built-in semirings (and of the test fixtures' own), written with
/// explicit comparisons and explicit integer guards rather than library helpers.
/// </summary>
module Semirings =

    // ---- scalar helpers, spelled out --------------------------------------------------------------

    /// <summary>The larger value by one comparison: <c>x</c> when <c>x &gt; y</c>, else <c>y</c>.
    /// For a NaN or zeros of opposite sign the answer depends on argument order, as with one <c>maxps</c>.</summary>
    let inline maxByComparison x y = if x > y then x else y

    /// <summary>The smaller value by one comparison: <c>x</c> when <c>x &lt; y</c>, else <c>y</c>.</summary>
    let inline minByComparison x y = if x < y then x else y

    /// <summary>IEEE 754:2019 <c>maximum</c>: NaN if either is NaN, and +0 is larger than -0.</summary>
    let ieeeMaximum (x: float) (y: float) : float =
        if Double.IsNaN x || Double.IsNaN y then Double.NaN
        elif x > y then x
        elif y > x then y
        elif x = 0.0 then (if Double.IsNegative x then y else x) // equal zeros: prefer +0
        else x

    /// <summary>IEEE 754:2019 <c>minimum</c>: NaN if either is NaN, and -0 is smaller than +0.</summary>
    let ieeeMinimum (x: float) (y: float) : float =
        if Double.IsNaN x || Double.IsNaN y then Double.NaN
        elif x < y then x
        elif y < x then y
        elif x = 0.0 then (if Double.IsNegative x then x else y) // equal zeros: prefer -0
        else x

    /// <summary><c>log(exp x + exp y)</c> in double precision: -inf is the identity, NaN propagates,
    /// +inf absorbs; otherwise <c>hi + log(1 + exp(lo - hi))</c>.</summary>
    let logAddExp (x: float) (y: float) : float =
        if Double.IsNaN x || Double.IsNaN y then Double.NaN
        elif Double.IsNegativeInfinity x then y
        elif Double.IsNegativeInfinity y then x
        else
            let hi, lo = if x >= y then x, y else y, x
            if Double.IsPositiveInfinity hi then hi else hi + Math.Log(1.0 + Math.Exp(lo - hi))

    // ---- plus-times ---------------------------------------------------------------------------------

    /// <summary>Ordinary arithmetic over float32.</summary>
    let plusTimesSingle : Semiring<float32> =
        { Name = "PlusTimesSingle"; Zero = 0.0f; One = 1.0f; Add = (fun x y -> x + y); Multiply = (fun x y -> x * y); IsAddIdempotent = false }

    /// <summary>Ordinary arithmetic over float.</summary>
    let plusTimesDouble : Semiring<float> =
        { Name = "PlusTimesDouble"; Zero = 0.0; One = 1.0; Add = (fun x y -> x + y); Multiply = (fun x y -> x * y); IsAddIdempotent = false }

    /// <summary>Arithmetic modulo 2^32 (F# int arithmetic is unchecked: it wraps).</summary>
    let plusTimesInt32 : Semiring<int> =
        { Name = "PlusTimesInt32"; Zero = 0; One = 1; Add = (fun x y -> x + y); Multiply = (fun x y -> x * y); IsAddIdempotent = false }

    /// <summary>Arithmetic modulo 2^64.</summary>
    let plusTimesInt64 : Semiring<int64> =
        { Name = "PlusTimesInt64"; Zero = 0L; One = 1L; Add = (fun x y -> x + y); Multiply = (fun x y -> x * y); IsAddIdempotent = false }

    /// <summary>Counting paths: natural numbers as int64, wrapping.</summary>
    let counting : Semiring<int64> =
        { plusTimesInt64 with Name = "Counting" }

    // ---- tropical -----------------------------------------------------------------------------------

    /// <summary>Max-plus over float32: Zero -inf, One 0.</summary>
    let maxPlusSingle : Semiring<float32> =
        { Name = "MaxPlusSingle"; Zero = Single.NegativeInfinity; One = 0.0f
          Add = (fun x y -> if x > y then x else y); Multiply = (fun x y -> x + y); IsAddIdempotent = true }

    /// <summary>Max-plus over float: Zero -inf, One 0.</summary>
    let maxPlusDouble : Semiring<float> =
        { Name = "MaxPlusDouble"; Zero = Double.NegativeInfinity; One = 0.0
          Add = (fun x y -> if x > y then x else y); Multiply = (fun x y -> x + y); IsAddIdempotent = true }

    /// <summary>Min-plus over float32: Zero +inf, One 0.</summary>
    let minPlusSingle : Semiring<float32> =
        { Name = "MinPlusSingle"; Zero = Single.PositiveInfinity; One = 0.0f
          Add = (fun x y -> if x < y then x else y); Multiply = (fun x y -> x + y); IsAddIdempotent = true }

    /// <summary>Min-plus over float: Zero +inf, One 0.</summary>
    let minPlusDouble : Semiring<float> =
        { Name = "MinPlusDouble"; Zero = Double.PositiveInfinity; One = 0.0
          Add = (fun x y -> if x < y then x else y); Multiply = (fun x y -> x + y); IsAddIdempotent = true }

    /// <summary>Max-plus over int: MinValue is -infinity and absorbs in ⊗; other sums wrap.</summary>
    let maxPlusInt32 : Semiring<int> =
        { Name = "MaxPlusInt32"; Zero = Int32.MinValue; One = 0
          Add = (fun x y -> if x > y then x else y)
          Multiply = (fun x y -> if x = Int32.MinValue || y = Int32.MinValue then Int32.MinValue else x + y)
          IsAddIdempotent = true }

    /// <summary>Max-plus over int64: MinValue is -infinity and absorbs in ⊗; other sums wrap.</summary>
    let maxPlusInt64 : Semiring<int64> =
        { Name = "MaxPlusInt64"; Zero = Int64.MinValue; One = 0L
          Add = (fun x y -> if x > y then x else y)
          Multiply = (fun x y -> if x = Int64.MinValue || y = Int64.MinValue then Int64.MinValue else x + y)
          IsAddIdempotent = true }

    /// <summary>Min-plus over int: MaxValue is +infinity and absorbs in ⊗; other sums wrap.</summary>
    let minPlusInt32 : Semiring<int> =
        { Name = "MinPlusInt32"; Zero = Int32.MaxValue; One = 0
          Add = (fun x y -> if x < y then x else y)
          Multiply = (fun x y -> if x = Int32.MaxValue || y = Int32.MaxValue then Int32.MaxValue else x + y)
          IsAddIdempotent = true }

    /// <summary>Min-plus over int64: MaxValue is +infinity and absorbs in ⊗; other sums wrap.</summary>
    let minPlusInt64 : Semiring<int64> =
        { Name = "MinPlusInt64"; Zero = Int64.MaxValue; One = 0L
          Add = (fun x y -> if x < y then x else y)
          Multiply = (fun x y -> if x = Int64.MaxValue || y = Int64.MaxValue then Int64.MaxValue else x + y)
          IsAddIdempotent = true }

    // ---- max-times, bottleneck ----------------------------------------------------------------------

    /// <summary>Max-times over non-negative float32 (Viterbi): Zero 0, One 1.</summary>
    let maxTimesSingle : Semiring<float32> =
        { Name = "MaxTimesSingle"; Zero = 0.0f; One = 1.0f
          Add = (fun x y -> if x > y then x else y); Multiply = (fun x y -> x * y); IsAddIdempotent = true }

    /// <summary>Max-times over non-negative float: Zero 0, One 1.</summary>
    let maxTimesDouble : Semiring<float> =
        { Name = "MaxTimesDouble"; Zero = 0.0; One = 1.0
          Add = (fun x y -> if x > y then x else y); Multiply = (fun x y -> x * y); IsAddIdempotent = true }

    /// <summary>Max-min (widest path) over float32: Zero -inf, One +inf.</summary>
    let maxMinSingle : Semiring<float32> =
        { Name = "MaxMinSingle"; Zero = Single.NegativeInfinity; One = Single.PositiveInfinity
          Add = (fun x y -> if x > y then x else y); Multiply = (fun x y -> if x < y then x else y); IsAddIdempotent = true }

    /// <summary>Max-min (widest path) over float: Zero -inf, One +inf.</summary>
    let maxMinDouble : Semiring<float> =
        { Name = "MaxMinDouble"; Zero = Double.NegativeInfinity; One = Double.PositiveInfinity
          Add = (fun x y -> if x > y then x else y); Multiply = (fun x y -> if x < y then x else y); IsAddIdempotent = true }

    /// <summary>Min-max (minimax path) over float32: Zero +inf, One -inf.</summary>
    let minMaxSingle : Semiring<float32> =
        { Name = "MinMaxSingle"; Zero = Single.PositiveInfinity; One = Single.NegativeInfinity
          Add = (fun x y -> if x < y then x else y); Multiply = (fun x y -> if x > y then x else y); IsAddIdempotent = true }

    /// <summary>Min-max (minimax path) over float: Zero +inf, One -inf.</summary>
    let minMaxDouble : Semiring<float> =
        { Name = "MinMaxDouble"; Zero = Double.PositiveInfinity; One = Double.NegativeInfinity
          Add = (fun x y -> if x < y then x else y); Multiply = (fun x y -> if x > y then x else y); IsAddIdempotent = true }

    /// <summary>Max-min over float with IEEE 754:2019 <c>maximum</c>/<c>minimum</c> (NaN propagates, -0 &lt; +0),
    /// the meaning of <c>Math.Max</c>/<c>Math.Min</c>.</summary>
    let maxMinIeeeDouble : Semiring<float> =
        { Name = "MaxMinIeeeDouble"; Zero = Double.NegativeInfinity; One = Double.PositiveInfinity
          Add = ieeeMaximum; Multiply = ieeeMinimum; IsAddIdempotent = true }

    // ---- boolean, log ----------------------------------------------------------------------------

    /// <summary>Boolean or-and.</summary>
    let orAnd : Semiring<bool> =
        { Name = "OrAnd"; Zero = false; One = true
          Add = (fun x y -> if x then true else y); Multiply = (fun x y -> if x then y else false); IsAddIdempotent = true }

    /// <summary>Log-sum-exp over float32, each ⊕ evaluated in double and rounded once to float32.</summary>
    let logSumExpSingle : Semiring<float32> =
        { Name = "LogSumExpSingle"; Zero = Single.NegativeInfinity; One = 0.0f
          Add = (fun x y -> float32 (logAddExp (float x) (float y))); Multiply = (fun x y -> x + y); IsAddIdempotent = false }

    /// <summary>Log-sum-exp over float.</summary>
    let logSumExpDouble : Semiring<float> =
        { Name = "LogSumExpDouble"; Zero = Double.NegativeInfinity; One = 0.0
          Add = logAddExp; Multiply = (fun x y -> x + y); IsAddIdempotent = false }
