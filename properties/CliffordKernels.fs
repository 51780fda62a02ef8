/// The generated multivector types against the oracle (Algebra.Clifford): the documented layout, every product of
/// every pair of declared types of one signature, the unary operations and the sandwich, exact on small integers and
/// within 256u·Σ|terms| on full-mantissa floats; the batched SoA kernels on every vector path, exact on integers;
/// bad spans; the inverse.
module TensorGen.Properties.CliffordKernels

open System
open System.Reflection
open Expecto
open FsCheck
open FsCheck.FSharp
open TensorGen
open TensorGen.Algebra.Clifford
open TensorGen.Properties.Generators
open TensorGen.Properties.CliffordTypes

let private products = [ "GeometricProduct", Geometric; "OuterProduct", Outer; "LeftContraction", LeftContraction ]

let layoutTests =
    testList "layout" [
        for t in all ->
            test (sprintf "%s: fields are the blades in bitmap order, BladeBitmaps and BladeCount agree" t.Name) {
                let fields = t.Type.GetFields(BindingFlags.Public ||| BindingFlags.Instance) |> Array.map (fun f -> f.Name) |> List.ofArray
                Expect.equal fields (t.Blades |> List.map bladeName) "field order"
                let bitmaps = t.Type.GetProperty("BladeBitmaps")
                Expect.isNotNull bitmaps "BladeBitmaps exists"
                Expect.equal (t.Type.GetField("BladeCount").GetValue(null) :?> int) t.Blades.Length "BladeCount" } ]

/// Which products exist: exactly those whose structural result some declared type of the signature holds, typed as the smallest.
let existenceTests =
    testList "products exist iff a declared type holds the result; the result is the smallest holder" [
        for t in all do
            for u in siblings t ->
                test (sprintf "%s × %s" t.Name u.Name) {
                    for name, kind in products do
                        let needed = structuralBlades t.Signature kind t.Blades u.Blades
                        let holders = siblings t |> List.filter (fun h -> needed |> List.forall (fun b -> List.contains b h.Blades))
                        match staticMethod t name [ t.Type; u.Type ], holders with
                        | None, [] -> ()
                        | None, _ -> failtestf "%s(%s, %s) missing though %A hold the result" name t.Name u.Name (holders |> List.map string)
                        | Some m, [] -> failtestf "%s(%s, %s) exists though no type holds %A" name t.Name u.Name needed
                        | Some m, _ ->
                            let result = typeOf (Activator.CreateInstance m.ReturnType)
                            Expect.isTrue (List.contains result holders) (sprintf "%s returns %s, which does not hold the result" name result.Name)
                            Expect.equal result.Blades.Length (holders |> List.map (fun h -> h.Blades.Length) |> List.min) (sprintf "%s returns the smallest holder" name) } ]

/// Every operation of t × u on the same draw, against the oracle; `check` compares (exactly or within a bound).
let private pairCheck (t: MvType) (u: MvType) (check: string -> MvType -> Multivector -> Multivector -> obj -> unit) (a: float[], b: float[]) =
    let x, y = make t a, make u b
    let ox, oy = toOracle x, toOracle y
    for name, kind in products do
        match staticMethod t name [ t.Type; u.Type ] with
        | Some m -> check name (typeOf (Activator.CreateInstance m.ReturnType)) (product kind t.Signature ox oy) (magnitude t.Signature ox oy) (invoke m null [ x; y ])
        | None -> ()
    let scalar = (staticMethod t "ScalarProduct" [ t.Type; u.Type ]).Value
    let s = invoke scalar null [ x; y ] :?> float32
    let expected = scalarPart (product ScalarPart t.Signature ox oy)
    let bound = 256.0 * u32 * scalarPart (magnitude t.Signature ox oy)
    if abs (float s - expected) > bound then failtestf "ScalarProduct: generated %g, oracle %g" s expected
    let sandwichMethod = (staticMethod t "Sandwich" [ t.Type; u.Type ]).Value
    let onX = sandwichMethod.ReturnType
    Expect.equal onX u.Type "Sandwich returns the operand's type"
    let full = sandwich t.Signature ox oy
    let projected = full |> Map.filter (fun blade _ -> List.contains blade u.Blades)
    let first = magnitude t.Signature ox oy
    let bound = magnitude t.Signature first (Map.map (fun _ v -> abs v) ox)
    check "Sandwich" u projected bound (invoke sandwichMethod null [ x; y ])

let private exactCheck name (r: MvType) (expected: Multivector) (_: Multivector) (actual: obj) =
    exactly name r.Blades (toArray r.Blades expected) (read r actual)

let private boundedCheck name (r: MvType) (expected: Multivector) (magnitudes: Multivector) (actual: obj) =
    closeTo name r.Blades (toArray r.Blades magnitudes |> Array.map (fun m -> 256.0 * u32 * m + 1e-30)) (toArray r.Blades expected) (read r actual)

let private draws (t: MvType) = if t.Blades.Length * t.Blades.Length > 256 then 6 else 15

let pairTests =
    testList "single-value products and sandwich vs oracle" [
        for t in all do
            for u in siblings t do
                yield property (sprintf "%s × %s: products, scalar product, sandwich, exact on integers" t.Name u.Name) (draws t)
                    (Gen.zip (coefficients t smallInteger) (coefficients u smallInteger)) (pairCheck t u exactCheck)
        for t in all |> List.filter (fun t -> t.IsFull || t.IsEven) ->
            property (sprintf "%s × %s: products and sandwich within 256u·Σ|terms| on floats" t.Name t.Name) (draws t)
                (Gen.zip (coefficients t unitFloat) (coefficients t unitFloat)) (pairCheck t t boundedCheck) ]

let unaryTests =
    testList "unary operations vs oracle, exact on integers" [
        for t in all ->
            property (sprintf "%s: reverse, grade involution, Clifford conjugate, grade projection, norm, ~, -, +, scale" t.Name) 20
                (Gen.zip (coefficients t smallInteger) (coefficients t smallInteger)) (fun (a, b) ->
                    let x, y = make t a, make t b
                    let ox = toOracle x
                    let call name = read t (invoke (instanceMethod t name) x [])
                    exactly "Reverse" t.Blades (toArray t.Blades (reverse ox)) (call "Reverse")
                    exactly "GradeInvolution" t.Blades (toArray t.Blades (gradeInvolution ox)) (call "GradeInvolution")
                    exactly "CliffordConjugate" t.Blades (toArray t.Blades (cliffordConjugate ox)) (call "CliffordConjugate")
                    for k in 0 .. t.Signature.Dimension do
                        exactly (sprintf "Grade(%d)" k) t.Blades (toArray t.Blades (gradePart k ox)) (read t (invoke (instanceMethod t "Grade") x [ box k ]))
                    Expect.equal (float (invoke (instanceMethod t "NormSquared") x [] :?> float32)) (normSquared t.Signature ox) "NormSquared"
                    Expect.floatClose Accuracy.medium (float (invoke (instanceMethod t "Norm") x [] :?> float32)) (sqrt (abs (normSquared t.Signature ox))) "Norm"
                    let op name args = t.Type.GetMethods() |> Array.find (fun m -> m.Name = name && m.GetParameters().Length = List.length args && (m.GetParameters().[0].ParameterType.GetElementType() = t.Type || m.GetParameters().[0].ParameterType = t.Type))
                    exactly "~" t.Blades (toArray t.Blades (reverse ox)) (read t (invoke (op "op_OnesComplement" [ x ]) null [ x ]))
                    exactly "unary -" t.Blades (toArray t.Blades (scale -1.0 ox)) (read t (invoke (op "op_UnaryNegation" [ x ]) null [ x ]))
                    exactly "+" t.Blades (toArray t.Blades (sum ox (toOracle y))) (read t (invoke (op "op_Addition" [ x; y ]) null [ x; y ]))
                    exactly "-" t.Blades (toArray t.Blades (sum ox (scale -1.0 (toOracle y)))) (read t (invoke (op "op_Subtraction" [ x; y ]) null [ x; y ]))
                    exactly "x * 3" t.Blades (toArray t.Blades (scale 3.0 ox)) (read t (invoke (op "op_Multiply" [ x; box 3.0f ]) null [ x; box 3.0f ]))) ]

// ---- batched kernels -----------------------------------------------------------------------------------

type BatchOp = delegate of ReadOnlySpan<float32> * ReadOnlySpan<float32> * Span<float32> * int -> unit

/// A batched method of `t`: its name, the right operand's type, the result's type, and the oracle of one lane.
type Batched =
    { Owner: MvType; Method: MethodInfo; Right: MvType; Result: MvType; Oracle: Multivector -> Multivector -> Multivector }
    override b.ToString() = sprintf "%s.%s" b.Owner.Name b.Method.Name

let batched : Batched list =
    [ for t in all do
          for m in t.Type.GetMethods(BindingFlags.Public ||| BindingFlags.Static) do
              let ps = m.GetParameters()
              if ps.Length = 4 && ps.[0].ParameterType.Name = "ReadOnlySpan`1" then
                  if m.Name = "GeometricProduct" then
                      let single = (staticMethod t "GeometricProduct" [ t.Type; t.Type ]).Value
                      yield { Owner = t; Method = m; Right = t; Result = typeOf (Activator.CreateInstance single.ReturnType); Oracle = geometric t.Signature }
                  elif m.Name.StartsWith "Sandwich" then
                      let right = if m.Name = "Sandwich" then t else byName (m.Name.Substring "Sandwich".Length)
                      let project x = x |> Map.filter (fun blade _ -> List.contains blade right.Blades)
                      yield { Owner = t; Method = m; Right = right; Result = right; Oracle = fun v x -> project (sandwich t.Signature v x) } ]

/// Structure of arrays: component k of multivector m at [k · count + m].
let toSoA (blades: int) (lanes: float[][]) : float32[] =
    let count = lanes.Length
    Array.init (blades * count) (fun i -> float32 lanes.[i % count].[i / count])

let batchCounts = [ 0; 1; 2; 3; 4; 5; 7; 8; 9; 15; 16; 17; 31; 33 ]

let batchTests (path: VectorPath) =
    let draws = if int path > int KernelDispatch.Accelerated then 3 else 6
    testList (sprintf "batched on %A" path) [
        for b in batched ->
            property (sprintf "%O: every lane = oracle, exact on integers" b) draws
                (gen { let! count = Gen.elements batchCounts
                       let! left = Gen.arrayOfLength count (coefficients b.Owner smallInteger)
                       let! right = Gen.arrayOfLength count (coefficients b.Right smallInteger)
                       return count, left, right }) (fun (count, left, right) ->
                    let op = Delegate.CreateDelegate(typeof<BatchOp>, b.Method) :?> BatchOp
                    let result = Array.create (b.Result.Blades.Length * count) nanf
                    onPath path (fun () -> op.Invoke(ReadOnlySpan(toSoA b.Owner.Blades.Length left), ReadOnlySpan(toSoA b.Right.Blades.Length right), Span result, count))
                    for m in 0 .. count - 1 do
                        let expected = b.Oracle (ofArray b.Owner.Blades left.[m]) (ofArray b.Right.Blades right.[m])
                        let actual = Array.init b.Result.Blades.Length (fun k -> float result.[k * count + m])
                        exactly (sprintf "lane %d of %d" m count) b.Result.Blades (toArray b.Result.Blades expected) actual) ]

let badSpanTests =
    let paramOf (f: unit -> unit) = try f (); "no exception" with :? ArgumentException as e -> e.ParamName
    testList "bad spans → ArgumentException naming the parameter" [
        test "Cga.Sandwich: versors, x, result lengths; overlap; negative count" {
            let ok = Array.zeroCreate<float32> (32 * 3)
            let run (v: float32[]) (x: float32[]) (r: float32[]) n = fun () -> TensorGen.Clifford.Cga.Sandwich(ReadOnlySpan v, ReadOnlySpan x, Span r, n)
            Expect.equal (paramOf (run (Array.zeroCreate 95) ok (Array.zeroCreate 96) 3)) "versors" "versors"
            Expect.equal (paramOf (run ok (Array.zeroCreate 97) (Array.zeroCreate 96) 3)) "x" "x"
            Expect.equal (paramOf (run ok (Array.zeroCreate 96) (Array.zeroCreate 64) 3)) "result" "result"
            Expect.equal (paramOf (run ok (Array.zeroCreate 96) ok 3)) "result" "overlap"
            Expect.equal (paramOf (run [||] [||] [||] -1)) "count" "negative count"
            Expect.equal (paramOf (run [||] [||] [||] 0)) "no exception" "empty batch" }
        test "Vga3Rotor.GeometricProduct: left, right" {
            let run (a: float32[]) (b: float32[]) (r: float32[]) n = fun () -> TensorGen.Clifford.Vga3Rotor.GeometricProduct(ReadOnlySpan a, ReadOnlySpan b, Span r, n)
            Expect.equal (paramOf (run (Array.zeroCreate 7) (Array.zeroCreate 8) (Array.zeroCreate 8) 2)) "left" "left"
            Expect.equal (paramOf (run (Array.zeroCreate 8) (Array.zeroCreate 9) (Array.zeroCreate 8) 2)) "right" "right" }
        test "single-value constructor and CopyTo" {
            Expect.equal (paramOf (fun () -> TensorGen.Clifford.Vga3(ReadOnlySpan(Array.zeroCreate<float32> 7)) |> ignore)) "components" "ctor"
            Expect.equal (paramOf (fun () -> TensorGen.Clifford.Vga3().CopyTo(Span(Array.zeroCreate<float32> 7)))) "destination" "CopyTo"
            Expect.throwsT<ArgumentOutOfRangeException> (fun () -> TensorGen.Clifford.Vga3().Grade(4) |> ignore) "Grade(4) in Cl(3,0,0)" }
    ]

let inverseTests =
    testList "inverse" [
        for t in all do
            if t.Grades = [ 1 ] then
                property (sprintf "%s: a non-null vector's inverse v⁻¹ satisfies v v⁻¹ = 1 within 1e-5" t.Name) 20 (coefficients t smallInteger) (fun a ->
                    let v = make t a
                    let q = quadraticForm t.Signature (toOracle v)
                    if q <> 0.0 then
                        let mutable inverse = Activator.CreateInstance t.Type
                        let args = [| inverse |]
                        let found = (instanceMethod t "TryInverse").Invoke(v, args) :?> bool
                        Expect.isTrue found "invertible"
                        let oracle = geometric t.Signature (toOracle v) (toOracle args.[0])
                        for KeyValue(blade, c) in oracle do
                            let expected = if blade.IsEmpty then 1.0 else 0.0
                            if abs (c - expected) > 1e-5 then failtestf "v v⁻¹ has %g on %s" c (bladeName blade))
        test "null vectors have no inverse: CGA e4 + e5, PGA e4" {
            let cga = TensorGen.Clifford.CgaPoint(E4 = 1.0f, E5 = 1.0f)
            let mutable inverse = TensorGen.Clifford.CgaPoint()
            Expect.isFalse (cga.TryInverse(&inverse)) "CGA null vector"
            let pga = TensorGen.Clifford.Pga3Plane(E4 = 1.0f)
            let mutable plane = TensorGen.Clifford.Pga3Plane()
            Expect.isFalse (pga.TryInverse(&plane)) "PGA null vector"
            Expect.throwsT<InvalidOperationException> (fun () -> pga.Inverse() |> ignore) "Inverse() throws" }
        test "a rotor's inverse is its reverse over its norm" {
            let r = TensorGen.Clifford.Vga3Rotor(Scalar = 3.0f, E12 = 4.0f)
            let inverse = r.Inverse()
            Expect.floatClose Accuracy.high (float inverse.Scalar) (3.0 / 25.0) "scalar"
            Expect.floatClose Accuracy.high (float inverse.E12) (-4.0 / 25.0) "e12" }
    ]

let tests (paths: VectorPath list) =
    testList "kernels" [
        layoutTests
        existenceTests
        pairTests
        unaryTests
        badSpanTests
        inverseTests
        testList "paths" [ for p in paths -> batchTests p ] ]
