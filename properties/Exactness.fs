/// How a kernel's output is compared with the oracle's, by exactness class:
/// - bit-exact: identical bits (any NaN equals any NaN; the sign of zero counts);
/// - exact (+0 = -0): equal as numbers; for semirings built on MaxNative/MinNative, whose result for zeros
///   of opposite sign is platform-defined, so the sign of a zero may depend on evaluation order;
/// - bounded: floating plus-times within 2 t u (|C| + |A||B|) + t eta elementwise (t terms, u = 2^-24 or
///   2^-53, eta the smallest subnormal; both kernel and oracle round, hence the 2), and log-sum-exp within
///   8 (t + 1) u (1 + M + ln(t + 1)) with M the largest |a_ip| + |b_pj| (+ |c_ij|) entering the element.
///   A non-finite expected element must be matched exactly (same infinity, or NaN).
module TensorGen.Properties.Exactness

open System
open System.Collections.Generic
open TensorGen.Algebra

type Exactness<'T> =
    /// Element equality, no tolerance.
    | Exact of name: string * equal: ('T -> 'T -> bool)
    /// A tolerance that grows with the number of terms and their magnitude. The magnitude of an element is
    /// computed by running the same operation in a magnitude semiring over float, on toMagnitude'd inputs.
    | Bounded of name: string * toFloat: ('T -> float) * magnitude: Semiring<float> * toMagnitude: ('T -> float) * allowed: (int -> float -> float)

    member e.Name =
        match e with
        | Exact(name, _) | Bounded(name, _, _, _, _) -> name

let private bothNaN (x: float) (y: float) = Double.IsNaN x && Double.IsNaN y

let bitExactSingle : Exactness<float32> =
    Exact("bit-exact", fun x y -> BitConverter.SingleToInt32Bits x = BitConverter.SingleToInt32Bits y || (Single.IsNaN x && Single.IsNaN y))

let bitExactDouble : Exactness<float> =
    Exact("bit-exact", fun x y -> BitConverter.DoubleToInt64Bits x = BitConverter.DoubleToInt64Bits y || bothNaN x y)

let exactUpToZeroSignSingle : Exactness<float32> =
    Exact("exact (+0 = -0)", fun x y -> x = y || (Single.IsNaN x && Single.IsNaN y))

let exactUpToZeroSignDouble : Exactness<float> =
    Exact("exact (+0 = -0)", fun x y -> x = y || bothNaN x y)

let bitExact<'T when 'T: equality> : Exactness<'T> = Exact("bit-exact", fun x y -> x = y)

/// The magnitude semiring of plus-times: |x| summed and multiplied.
let private absPlusTimes : Semiring<float> =
    { Name = "|plus-times|"; Zero = 0.0; One = 1.0; Add = (+); Multiply = (*); IsAddIdempotent = false }

/// The magnitude semiring of log-sum-exp: the largest |term|, where a term's size is |x| + |y|.
let private absMaxPlus : Semiring<float> =
    { Name = "|log-sum-exp|"; Zero = 0.0; One = 0.0; Add = max; Multiply = (+); IsAddIdempotent = true }

/// Floating plus-times with unit roundoff u and smallest subnormal eta.
let plusTimesBound (u: float) (eta: float) (toFloat: 'T -> float) : Exactness<'T> =
    Bounded(sprintf "within 2tu(|C|+|A||B|), u=2^%d" (int (Math.Log2 u)), toFloat, absPlusTimes, (fun x -> abs (toFloat x)),
            fun terms magnitude -> 2.0 * float terms * u * magnitude / (1.0 - float terms * u) + float terms * eta)

/// Log-sum-exp with unit roundoff u: vector exp and log differ from the oracle's by a few ulps.
let logSumExpBound (u: float) (toFloat: 'T -> float) : Exactness<'T> =
    let toMagnitude x = let v = toFloat x in if Double.IsNegativeInfinity v then 0.0 else abs v
    Bounded(sprintf "within 8(t+1)u(1+M+ln(t+1)), u=2^%d" (int (Math.Log2 u)), toFloat, absMaxPlus, toMagnitude,
            fun terms magnitude -> 8.0 * float (terms + 1) * u * (1.0 + magnitude + Math.Log(float terms + 1.0)))

/// Whether one element passes, given the number of terms behind it and their magnitude.
let agrees (exactness: Exactness<'T>) (terms: int) (magnitude: float) (expected: 'T) (actual: 'T) : bool =
    match exactness with
    | Exact(_, equal) -> equal expected actual
    | Bounded(_, toFloat, _, _, allowed) ->
        let e, a = toFloat expected, toFloat actual
        if Double.IsFinite e then Double.IsFinite a && abs (a - e) <= allowed terms magnitude
        else bothNaN e a || e = a

/// The magnitude of every output element, when the class needs one: run the oracle operation `op` on inputs
/// mapped into the magnitude semiring.
let magnitudes (exactness: Exactness<'T>) (op: Semiring<float> -> ('T -> float) -> float[]) : float[] option =
    match exactness with
    | Exact _ -> None
    | Bounded(_, _, magnitude, toMagnitude, _) -> Some(op magnitude toMagnitude)

/// Fails with a message naming the first few mismatching elements (row and column when `ld` > 0, with the
/// allowed error for bounded classes). Elements outside the rows x cols window of an ld-strided output must
/// be untouched: they are compared with Equals, which holds for identical NaNs and infinities.
let check (exactness: Exactness<'T>) (what: string) (rows: int) (cols: int) (ld: int) (terms: int)
          (magnitude: float[] option) (expected: 'T[]) (actual: 'T[]) : unit =
    if expected.Length <> actual.Length then
        failwithf "%s: expected %d elements, got %d" what expected.Length actual.Length
    let mismatches = ResizeArray<string>()
    let mutable count = 0
    for index in 0 .. expected.Length - 1 do
        let row, col = if ld > 0 then index / ld, index % ld else 0, index
        let inside = row < rows && col < cols
        let mag = match magnitude with Some m -> m.[index] | None -> 0.0
        let ok =
            if inside then agrees exactness terms mag expected.[index] actual.[index]
            else EqualityComparer<'T>.Default.Equals(expected.[index], actual.[index])
        if not ok then
            count <- count + 1
            if mismatches.Count < 5 then
                let where = if ld > 0 then sprintf "[%d] (row %d, col %d)" index row col else sprintf "[%d]" index
                let bound =
                    match exactness with
                    | Bounded(_, _, _, _, allowed) when inside -> sprintf " (allowed error %g)" (allowed terms mag)
                    | _ when not inside -> " (outside the output window: must be untouched)"
                    | _ -> ""
                mismatches.Add(sprintf "%s: expected %A, got %A%s" where expected.[index] actual.[index] bound)
    if count > 0 then
        failwithf "%s differs from the oracle (%s) in %d of %d elements:\n  %s"
            what exactness.Name count expected.Length (String.Join("\n  ", mismatches))

/// Compares one scalar result (a dot product).
let checkScalar (exactness: Exactness<'T>) (what: string) (terms: int) (magnitude: float) (expected: 'T) (actual: 'T) : unit =
    if not (agrees exactness terms magnitude expected actual) then
        let bound =
            match exactness with
            | Bounded(_, _, _, _, allowed) -> sprintf " (allowed error %g)" (allowed terms magnitude)
            | _ -> ""
        failwithf "%s differs from the oracle (%s): expected %A, got %A%s" what exactness.Name expected actual bound
