/// The declared multivector types (built-ins and fixtures) seen through reflection, so every type and every pair of
/// one signature is tested without a hand-written list: values are made and read by field name (the documented
/// blade names), never through the generated constructors, and compared with the oracle in `Algebra.Clifford`.
module TensorGen.Properties.CliffordTypes

open System
open System.Reflection
open FsCheck
open FsCheck.FSharp
open TensorGen
open TensorGen.Algebra
open TensorGen.Algebra.Clifford

/// One declared [Multivector] struct: its signature and the blades it holds, in the documented order (from the oracle).
type MvType =
    { Type: Type
      Signature: Signature
      Grades: int list
      Blades: Blade list }
    member t.Name = t.Type.Name
    member t.IsFull = t.Grades.Length = t.Signature.Dimension + 1
    member t.IsEven = t.Grades |> List.forall (fun g -> g % 2 = 0)
    override t.ToString() = t.Type.Name

let private describe (t: Type) =
    let attribute = t.GetCustomAttribute<MultivectorAttribute>()
    let s = { P = attribute.Positive; Q = attribute.Negative; R = attribute.Zero }
    let grades = match attribute.Grades with null -> [ 0 .. s.Dimension ] | g -> List.ofArray g |> List.sort
    { Type = t; Signature = s; Grades = grades; Blades = bladesOfGrades s grades }

/// Every [Multivector] struct in the runtime (the built-ins) and in the fixtures.
let all : MvType list =
    [ typeof<TensorGen.Clifford.Cga>.Assembly; typeof<TensorGen.Properties.Fixtures.CliffordDeclarations>.Assembly ]
    |> List.collect (fun a -> a.GetTypes() |> Array.filter (fun t -> not (isNull (t.GetCustomAttribute<MultivectorAttribute>()))) |> List.ofArray)
    |> List.map describe
    |> List.sortBy (fun t -> t.Type.FullName)

/// Types of the same signature as `t`, itself included.
let siblings (t: MvType) = all |> List.filter (fun u -> u.Signature = t.Signature)

let byName (name: string) = all |> List.find (fun t -> t.Name = name)

/// A boxed value of `t` with the given coefficients (one per blade, documented order), set by field name.
let make (t: MvType) (values: float[]) : obj =
    let boxed = Activator.CreateInstance t.Type
    List.iteri (fun i b -> t.Type.GetField(bladeName b).SetValue(boxed, float32 values.[i])) t.Blades
    boxed

/// The coefficients of a boxed value of `t`, in the documented order.
let read (t: MvType) (boxed: obj) : float[] =
    t.Blades |> List.map (fun b -> float (t.Type.GetField(bladeName b).GetValue(boxed) :?> float32)) |> Array.ofList

let typeOf (boxed: obj) = all |> List.find (fun t -> t.Type = boxed.GetType())

/// The oracle's view of a boxed value.
let toOracle (boxed: obj) : Multivector = let t = typeOf boxed in ofArray t.Blades (read t boxed)

/// A public static method of `t` named `name` whose parameters (by-reference or not) have the given types.
let staticMethod (t: MvType) (name: string) (parameters: Type list) : MethodInfo option =
    t.Type.GetMethods(BindingFlags.Public ||| BindingFlags.Static)
    |> Array.tryFind (fun m ->
        m.Name = name
        && (m.GetParameters() |> Array.map (fun p -> if p.ParameterType.IsByRef then p.ParameterType.GetElementType() else p.ParameterType) |> List.ofArray) = parameters)

let instanceMethod (t: MvType) (name: string) : MethodInfo =
    t.Type.GetMethods(BindingFlags.Public ||| BindingFlags.Instance) |> Array.find (fun m -> m.Name = name)

let invoke (m: MethodInfo) (target: obj) (args: obj list) : obj = m.Invoke(target, Array.ofList args)

/// Structurally possible result blades of `kind` for operands holding `left` and `right` (from the oracle's blade products).
let structuralBlades (s: Signature) (kind: ProductKind) (left: Blade list) (right: Blade list) : Blade list =
    [ for a in left do
          for b in right do
              let x = ofArray [ a ] [| 1.0 |]
              let y = ofArray [ b ] [| 1.0 |]
              yield! product kind s x y |> Map.toList |> List.filter (fun (_, v) -> v <> 0.0) |> List.map fst ]
    |> List.distinct

// ---- values ------------------------------------------------------------------------------------------

/// Small integers: every product and sandwich of them is an exact float32 (|terms| ≤ 64 · 27 · 64 < 2^24).
let smallInteger : Gen<float> = Gen.choose (-3, 3) |> Gen.map float

/// Full-mantissa values in [−1, 1], exactly representable in float32.
let unitFloat : Gen<float> =
    Gen.choose (-(1 <<< 23), 1 <<< 23) |> Gen.map (fun i -> float (float32 (float i / float (1 <<< 23))))

let coefficients (t: MvType) (values: Gen<float>) : Gen<float[]> = Gen.arrayOfLength t.Blades.Length values

/// |a − b| ≤ tolerance, component by component, with a message naming the blade.
let closeTo (what: string) (blades: Blade list) (tolerance: float[]) (expected: float[]) (actual: float[]) =
    for i in 0 .. expected.Length - 1 do
        if not (abs (actual.[i] - expected.[i]) <= tolerance.[i]) then
            failwithf "%s, blade %s: generated %.9g, oracle %.17g (|diff| %g > %g)" what (bladeName blades.[i]) actual.[i] expected.[i] (abs (actual.[i] - expected.[i])) tolerance.[i]

let exactly (what: string) (blades: Blade list) (expected: float[]) (actual: float[]) =
    closeTo what blades (Array.zeroCreate expected.Length) expected actual

/// Σ |c · xₐ · y_b| per result blade: the magnitude a float product's rounding error is bounded by.
let magnitude (s: Signature) (x: Multivector) (y: Multivector) : Multivector =
    Seq.fold (fun (acc: Multivector) (KeyValue(a, xa)) ->
        Seq.fold (fun (acc: Multivector) (KeyValue(b, yb)) ->
            let c, blade = bladeProduct s a b
            if c = 0.0 then acc else Map.add blade (defaultArg (Map.tryFind blade acc) 0.0 + abs (c * xa * yb)) acc) acc y) Map.empty x

/// float32 unit roundoff.
let u32 = Math.Pow(2.0, -24.0)
