/// Clifford algebras Cl(p, q, r) from the definition: a basis blade is a word of basis-vector indices, a product of
/// two blades is their concatenated word brought to sorted order by adjacent moves (swapping two different vectors
/// flips the sign, two equal neighbours contract to that vector's square). Multivectors are maps from sorted words
/// to coefficients. No bitmaps, no parity tricks, no tables: this shares nothing with the generator.
module TensorGen.Algebra.Clifford

/// Cl(p, q, r): e1…ep square to +1, the next q to −1, the last r to 0.
type Signature =
    { P: int; Q: int; R: int }
    member s.Dimension = s.P + s.Q + s.R

/// A basis blade: its basis-vector indices (1-based), strictly increasing.
type Blade = int list

/// A multivector: coefficients of the basis blades it holds (absent means zero).
type Multivector = Map<Blade, float>

/// The square of basis vector `i` (1-based).
let square (s: Signature) (i: int) : float =
    if i <= s.P then 1.0 elif i <= s.P + s.Q then -1.0 else 0.0

/// Brings a word of basis vectors to sorted order: (coefficient, sorted word without repeats).
let rec private normalise (s: Signature) (coefficient: float) (word: int list) : float * Blade =
    let rec firstMove (before: int list) (rest: int list) =
        match rest with
        | x :: y :: tail when x = y -> Some(coefficient * square s x, List.rev before @ tail)
        | x :: y :: tail when x > y -> Some(-coefficient, List.rev before @ (y :: x :: tail))
        | x :: tail -> firstMove (x :: before) tail
        | [] -> None
    if coefficient = 0.0 then 0.0, []
    else
        match firstMove [] word with
        | Some(c, next) -> normalise s c next
        | None -> coefficient, word

/// e_a e_b = coefficient · e_blade.
let bladeProduct (s: Signature) (a: Blade) (b: Blade) : float * Blade = normalise s 1.0 (a @ b)

let grade (b: Blade) = List.length b

/// Every basis blade of the algebra (each subset of 1…n as a sorted list).
let allBlades (s: Signature) : Blade list =
    let rec subsets (items: int list) =
        match items with
        | [] -> [ [] ]
        | x :: rest -> let r = subsets rest in r @ (r |> List.map (fun t -> x :: t))
    subsets [ 1 .. s.Dimension ]

/// The documented component order: blade e_{i1…ik} at position Σ 2^(i−1) of the full algebra, so a type holding some
/// grades stores its blades in increasing order of that number.
let bitmapOf (b: Blade) = b |> List.sumBy (fun i -> 1 <<< (i - 1))

/// The blades of the given grades, in the documented component order.
let bladesOfGrades (s: Signature) (grades: int list) : Blade list =
    allBlades s |> List.filter (fun b -> List.contains (grade b) grades) |> List.sortBy bitmapOf

/// The field name the generated struct gives a blade: Scalar, E1, E12, …
let bladeName (b: Blade) = if b.IsEmpty then "Scalar" else "E" + (b |> List.map string |> String.concat "")

let private add (blade: Blade) (value: float) (m: Multivector) : Multivector =
    let current = defaultArg (Map.tryFind blade m) 0.0
    Map.add blade (current + value) m

/// Which terms e_a e_b a product keeps, by grades: all, outer (grades add), left contraction (grade b − grade a ≥ 0),
/// scalar (grade 0).
type ProductKind =
    | Geometric
    | Outer
    | LeftContraction
    | ScalarPart

let private keeps kind (a: Blade) (b: Blade) (result: Blade) =
    match kind with
    | Geometric -> true
    | Outer -> grade result = grade a + grade b
    | LeftContraction -> grade a <= grade b && grade result = grade b - grade a
    | ScalarPart -> grade result = 0

/// A product of two multivectors, term by term from the blade products.
let product (kind: ProductKind) (s: Signature) (x: Multivector) (y: Multivector) : Multivector =
    Seq.fold (fun acc (KeyValue(a, xa)) ->
        Seq.fold (fun acc (KeyValue(b, yb)) ->
            let c, blade = bladeProduct s a b
            if c = 0.0 || not (keeps kind a b blade) then acc else add blade (c * xa * yb) acc) acc y) Map.empty x

let geometric s x y = product Geometric s x y

let scale (k: float) (x: Multivector) : Multivector = Map.map (fun _ v -> k * v) x

let sum (x: Multivector) (y: Multivector) : Multivector = Map.fold (fun acc b v -> add b v acc) x y

let private perGrade (sign: int -> float) (x: Multivector) : Multivector = Map.map (fun b v -> sign (grade b) * v) x

/// Reverse: the word of each blade read backwards, k(k−1)/2 swaps.
let reverse (x: Multivector) = perGrade (fun k -> if (k * (k - 1) / 2) % 2 = 0 then 1.0 else -1.0) x

let gradeInvolution (x: Multivector) = perGrade (fun k -> if k % 2 = 0 then 1.0 else -1.0) x

let cliffordConjugate (x: Multivector) = reverse (gradeInvolution x)

let gradePart (k: int) (x: Multivector) : Multivector = Map.filter (fun b _ -> grade b = k) x

let scalarPart (x: Multivector) = defaultArg (Map.tryFind [] x) 0.0

/// ⟨x ~x⟩₀.
let normSquared s (x: Multivector) = scalarPart (geometric s x (reverse x))

/// v x ~v.
let sandwich s (v: Multivector) (x: Multivector) = geometric s (geometric s v x) (reverse v)

/// The quadratic form of a vector: Σ vᵢ² eᵢ².
let quadraticForm (s: Signature) (v: Multivector) =
    v |> Map.toSeq |> Seq.sumBy (fun (b, c) -> match b with [ i ] -> c * c * square s i | _ -> 0.0)

/// Coefficients of `blades`, in that order (zero where absent).
let toArray (blades: Blade list) (x: Multivector) : float[] =
    blades |> List.map (fun b -> defaultArg (Map.tryFind b x) 0.0) |> Array.ofList

let ofArray (blades: Blade list) (values: float[]) : Multivector =
    List.zip blades (List.ofArray values) |> List.filter (fun (_, v) -> v <> 0.0) |> Map.ofList

/// The coefficients of `x` outside `blades` (what a projection onto a type holding `blades` would drop).
let outside (blades: Blade list) (x: Multivector) : float list =
    x |> Map.toList |> List.filter (fun (b, _) -> not (List.contains b blades)) |> List.map snd
