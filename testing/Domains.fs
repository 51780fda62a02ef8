/// The values laws and kernels are checked on: the user's, or defaults per element type drawn from a range,
/// with ties, both zeros, the range's ends and the semiring's Zero and One over-represented, and shrinkers
/// that move toward the simplest value of the range without leaving it.
module internal TensorGen.Testing.Domains

open System
open FsCheck
open FsCheck.FSharp
open TensorGen.Testing.Elements

type Domains<'T> =
    { Laws: Arbitrary<'T>
      Kernels: Arbitrary<'T>
      Closure: Arbitrary<'T> }

let private uint64s : Gen<uint64> =
    gen {
        let! a = Gen.choose (0, 0xFFFF)
        let! b = Gen.choose (0, 0xFFFF)
        let! c = Gen.choose (0, 0xFFFF)
        let! d = Gen.choose (0, 0xFFFF)
        return (uint64 a <<< 48) ||| (uint64 b <<< 32) ||| (uint64 c <<< 16) ||| uint64 d
    }

/// Uniform in [lo, hi], the whole of int64 included.
let private uniform64 (lo: int64) (hi: int64) : Gen<int64> =
    uint64s |> Gen.map (fun r ->
        let span = uint64 (hi - lo) + 1UL
        if span = 0UL then lo + int64 r else lo + int64 (r % span))

let private clamp64 (lo: int64) (hi: int64) (v: int64) = max lo (min hi v)

let private integerGen (lo: int64) (hi: int64) : Gen<int64> =
    let origin = clamp64 lo hi 0L
    let ends =
        [ lo; hi; origin
          if lo < hi then lo + 1L; hi - 1L
          if origin < hi then origin + 1L
          if origin > lo then origin - 1L ]
        |> List.distinct
    Gen.frequency
        [ 30, Gen.choose (-8, 8) |> Gen.map (fun d -> clamp64 lo hi (origin + int64 d))
          30, uniform64 lo hi
          8, Gen.elements ends ]

/// Shrinks toward the value of the range nearest 0: to it, halfway, one step.
let private integerShrink (lo: int64) (hi: int64) (v: int64) : seq<int64> =
    let origin = clamp64 lo hi 0L
    let d = v - origin
    [ origin; origin + d / 2L; v - int64 (sign d) ]
    |> Seq.distinct
    |> Seq.filter (fun c -> c <> v && c >= lo && c <= hi && abs (c - origin) < abs d)

let private clampFloat (lo: float) (hi: float) (origin: float) (v: float) = if v >= lo && v <= hi then v else origin

let private floatOrigin lo hi = if lo <= 0.0 && hi >= 0.0 then 0.0 elif Double.IsFinite lo then lo else hi

/// Ties (small integers), quarters (exact under + and * at these magnitudes), both zeros, the ends.
let private exactFloatGen (lo: float) (hi: float) (ends: float list) : Gen<float> =
    let origin = floatOrigin lo hi
    let inside = clampFloat lo hi origin
    Gen.frequency
        [ 30, Gen.choose (-8, 8) |> Gen.map (fun i -> inside (origin + float i))
          30, Gen.choose (-256, 256) |> Gen.map (fun i -> inside (origin + float i / 4.0))
          5, Gen.elements [ 0.0; -0.0 ] |> Gen.map inside
          if not ends.IsEmpty then 4, Gen.elements ends ]

/// Full-mantissa values (no structure to hide behind) and subnormals of float and double.
let private wideFloatGen (lo: float) (hi: float) : Gen<float> =
    let origin = floatOrigin lo hi
    let inside = clampFloat lo hi origin
    Gen.frequency
        [ 10, Gen.map2 (fun (a: int) (b: int) -> inside (origin + float a / 1000.0 + float b / 1e12)) (Gen.choose (-1_000_000, 1_000_000)) (Gen.choose (0, 999_999_999))
          1, Gen.elements [ 1e-40; -1e-40; 1e-310; -5e-324 ] |> Gen.map inside ]

let private floatShrink (lo: float) (hi: float) (v: float) : seq<float> =
    if not (Double.IsFinite v) then Seq.empty
    else
        let origin = floatOrigin lo hi
        let d = v - origin
        [ origin; origin + Math.Truncate d; origin + Math.Truncate(d / 2.0) ]
        |> Seq.distinct
        |> Seq.filter (fun c ->
            c <> v && c >= lo && c <= hi && (abs (c - origin) < abs d || (c = origin + Math.Truncate d && Math.Truncate d <> d)))

/// Mixes the semiring's own Zero and One into a generator.
let private withConstants (zero: 'T) (one: 'T) (values: Gen<'T>) : Gen<'T> =
    Gen.frequency [ 16, values; 1, Gen.constant zero; 1, Gen.constant one ]

/// Default law and kernel values for the element type.
let private defaults (zero: 'T) (one: 'T) (range: ('T * 'T) option) : Arbitrary<'T> * Arbitrary<'T> =
    let bounds (whole: float * float) =
        match range with
        | Some(lo, hi) -> toFloat lo, toFloat hi
        | None -> whole
    let asT (g: Gen<float>) (lo: float) (hi: float) : Gen<'T> =
        g |> Gen.map (fun v -> let x = fromFloat<'T> v in if toFloat x >= lo && toFloat x <= hi then x else fromFloat<'T> (floatOrigin lo hi))
    match kindOf<'T> with
    | Single | Double ->
        let lo, hi = bounds (-Double.MaxValue, Double.MaxValue)
        if not (lo <= hi) then invalidArg "Range" (sprintf "Range (%g, %g) is empty" lo hi)
        let shrink (x: 'T) = floatShrink lo hi (toFloat x) |> Seq.map fromFloat<'T>
        // The ends of a stated range are drawn; the default range's ends (±MaxValue) would only overflow.
        let ends = match range with Some _ -> [ lo; hi ] | None -> []
        let exact = asT (exactFloatGen lo hi ends) lo hi |> withConstants zero one
        let wide = Gen.frequency [ 2, exact; 1, asT (wideFloatGen lo hi) lo hi ]
        Arb.fromGenShrink (exact, shrink), Arb.fromGenShrink (wide, shrink)
    | Int32 | Int64 ->
        let whole = if kindOf<'T> = Int32 then int64 Int32.MinValue, int64 Int32.MaxValue else Int64.MinValue, Int64.MaxValue
        let lo, hi =
            match range with
            | Some(lo, hi) -> Convert.ToInt64(box lo), Convert.ToInt64(box hi)
            | None -> whole
        if lo > hi then invalidArg "Range" (sprintf "Range (%d, %d) is empty" lo hi)
        let ofInt64 (v: int64) : 'T = if kindOf<'T> = Int32 then unbox<'T> (box (int v)) else unbox<'T> (box v)
        let shrink (x: 'T) = integerShrink lo hi (Convert.ToInt64(box x)) |> Seq.map ofInt64
        let values = integerGen lo hi |> Gen.map ofInt64 |> withConstants zero one
        let arb = Arb.fromGenShrink (values, shrink)
        arb, arb
    | Boolean ->
        let shrink (x: 'T) = if unbox<bool> (box x) then Seq.singleton (unbox<'T> (box false)) else Seq.empty
        // Kernels get sparse trues: a product row is then neither almost always true nor almost always false.
        Arb.fromGenShrink (Gen.elements [ false; true ] |> Gen.map (fun b -> unbox<'T> (box b)), shrink),
        Arb.fromGenShrink (Gen.frequency [ 1, Gen.constant true; 4, Gen.constant false ] |> Gen.map (fun b -> unbox<'T> (box b)), shrink)
    | Other ->
        invalidArg "Values"
            (sprintf "TensorGen.Testing has no default values for the element type %s; set Values (an FsCheck Arbitrary)." typeof<'T>.FullName)

/// Closure inputs from law values: rounded to integers (floating types) or reduced below 2^20 (integer types,
/// so that no path of up to 40 edges wraps), values that would improve on One replaced by Zero, so that A*
/// exists and every association order gives the same result.
let private closureFrom (target: ISemiringTarget<'T>) (values: Arbitrary<'T>) : Arbitrary<'T> =
    let noBetterThanOne (x: 'T) = not (isNaN x) && sameNumber (target.Add(x, target.One)) target.One
    let prepare (x: 'T) =
        let x =
            if sameBits x target.Zero || sameBits x target.One then x
            else
                match kindOf<'T> with
                | Single | Double when Double.IsFinite(toFloat x) -> fromFloat<'T> (Math.Round(toFloat x))
                | Int32 | Int64 when abs (toFloat x) >= 1048576.0 -> fromFloat<'T> (Math.IEEERemainder(toFloat x, 1048576.0) |> Math.Truncate)
                | _ -> x
        if noBetterThanOne x then x else target.Zero
    Arb.fromGenShrink (values.Generator |> Gen.map prepare, fun x -> values.Shrinker x |> Seq.filter noBetterThanOne)

/// The three domains a configuration asks for.
let resolve (target: ISemiringTarget<'T>) (config: SemiringConfig<'T>) : Domains<'T> =
    let laws, kernels =
        match config.Values with
        | Some values -> values, values
        | None -> defaults target.Zero target.One config.Range
    let kernels = defaultArg config.KernelValues kernels
    let kernels =
        match config.Specials with
        | [] -> kernels
        | specials -> Arb.fromGenShrink (Gen.frequency [ 12, kernels.Generator; 1, Gen.elements specials ], kernels.Shrinker)
    { Laws = laws
      Kernels = kernels
      Closure = match config.ClosureValues with Some c -> c | None -> closureFrom target laws }
