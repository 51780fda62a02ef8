/// What the checks need to know about an element type they are generic over: how to read it as a number,
/// compare bits, recognise NaN and print it so that a person can paste it back into a test.
module internal TensorGen.Testing.Elements

open System
open System.Collections.Generic
open System.Globalization

type Kind =
    | Single
    | Double
    | Int32
    | Int64
    | Boolean
    | Other

let kindOf<'T> : Kind =
    let t = typeof<'T>
    if t = typeof<float32> then Single
    elif t = typeof<float> then Double
    elif t = typeof<int> then Int32
    elif t = typeof<int64> then Int64
    elif t = typeof<bool> then Boolean
    else Other

let isFloating<'T> = match kindOf<'T> with Single | Double -> true | _ -> false

/// The value as a double (bool: 0 or 1); NaN for types that are not numbers.
let toFloat (x: 'T) : float =
    match box x with
    | :? float32 as f -> float f
    | :? float as d -> d
    | :? int as i -> float i
    | :? int64 as l -> float l
    | :? bool as b -> if b then 1.0 else 0.0
    | _ -> nan

/// A double as 'T (rounded for float32, truncated for integers); only for the numeric kinds.
let fromFloat<'T> (v: float) : 'T =
    match kindOf<'T> with
    | Single -> unbox<'T> (box (float32 v))
    | Double -> unbox<'T> (box v)
    | Int32 -> unbox<'T> (box (int v))
    | Int64 -> unbox<'T> (box (int64 v))
    | Boolean -> unbox<'T> (box (v <> 0.0))
    | Other -> invalidOp (sprintf "%s is not a numeric element type" typeof<'T>.Name)

let isNaN (x: 'T) : bool =
    match box x with
    | :? float32 as f -> Single.IsNaN f
    | :? float as d -> Double.IsNaN d
    | _ -> false

/// Equal as numbers: +0 = -0 and any NaN = any NaN; other types by Equals.
let sameNumber (x: 'T) (y: 'T) : bool =
    match box x, box y with
    | (:? float32 as a), (:? float32 as b) -> a = b || (Single.IsNaN a && Single.IsNaN b)
    | (:? float as a), (:? float as b) -> a = b || (Double.IsNaN a && Double.IsNaN b)
    | _ -> EqualityComparer<'T>.Default.Equals(x, y)

/// Identical bits (the sign of zero counts; any NaN = any NaN, since NaN payloads are not portable).
let sameBits (x: 'T) (y: 'T) : bool =
    match box x, box y with
    | (:? float32 as a), (:? float32 as b) ->
        BitConverter.SingleToInt32Bits a = BitConverter.SingleToInt32Bits b || (Single.IsNaN a && Single.IsNaN b)
    | (:? float as a), (:? float as b) ->
        BitConverter.DoubleToInt64Bits a = BitConverter.DoubleToInt64Bits b || (Double.IsNaN a && Double.IsNaN b)
    | _ -> EqualityComparer<'T>.Default.Equals(x, y)

let private floating (v: float) (roundTrip: string) (suffix: string) =
    if Double.IsNaN v then "NaN"
    elif Double.IsPositiveInfinity v then "+inf"
    elif Double.IsNegativeInfinity v then "-inf"
    elif v = 0.0 && Double.IsNegative v then "-0" + suffix
    else roundTrip + suffix

/// A value written as C# would accept it back (invariant culture, round-trip precision), with integer
/// extremes named.
let format (x: 'T) : string =
    match box x with
    | :? float32 as f -> floating (float f) (f.ToString("R", CultureInfo.InvariantCulture)) "f"
    | :? float as d -> floating d (d.ToString("R", CultureInfo.InvariantCulture)) ""
    | :? int as i when i = Int32.MinValue -> "int.MinValue"
    | :? int as i when i = Int32.MaxValue -> "int.MaxValue"
    | :? int64 as l when l = Int64.MinValue -> "long.MinValue"
    | :? int64 as l when l = Int64.MaxValue -> "long.MaxValue"
    | :? int64 as l -> l.ToString(CultureInfo.InvariantCulture) + "L"
    | :? bool as b -> if b then "true" else "false"
    | :? IFormattable as f -> f.ToString(null, CultureInfo.InvariantCulture)
    | o -> string o

/// A vector, all of it when short, else its length and the first elements.
let formatVector (xs: 'T[]) : string =
    let shown = xs |> Seq.truncate 24 |> Seq.map format |> String.concat ", "
    if xs.Length <= 24 then sprintf "[%s]" shown else sprintf "[%s, ... (%d elements)]" shown xs.Length

/// A rows x cols matrix (row-major), one row per line when small.
let formatMatrix (rows: int) (cols: int) (get: int -> int -> 'T) : string =
    if rows = 0 || cols = 0 then "(empty)"
    elif rows * cols <= 64 then
        [ for i in 0 .. rows - 1 -> "      [" + String.Join(", ", [ for j in 0 .. cols - 1 -> format (get i j) ]) + "]" ]
        |> String.concat "\n"
        |> sprintf "\n%s"
    else sprintf "(%d x %d, too large to print; the element that differs is named above)" rows cols
