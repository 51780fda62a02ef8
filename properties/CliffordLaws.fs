/// Laws of the generated geometric algebra, on the generated single-value operations of every declared type:
/// associativity of the geometric product and distributivity (exact on small integers), x·x = Q(x) for vectors
/// (exact), reverse as an anti-automorphism (exact), and the sandwich by a unit versor preserving grade and norm
/// (within 1e-4 relative, in float32).
module TensorGen.Properties.CliffordLaws

open System
open Expecto
open FsCheck
open FsCheck.FSharp
open TensorGen.Algebra.Clifford
open TensorGen.Properties.Generators
open TensorGen.Properties.CliffordTypes

/// t * u through the generated GeometricProduct, if it exists.
let private gp (t: MvType) (u: MvType) =
    staticMethod t "GeometricProduct" [ t.Type; u.Type ] |> Option.map (fun m -> fun (x: obj) (y: obj) -> invoke m null [ x; y ])

let private add (x: obj) (y: obj) =
    let t = typeOf x
    let m = t.Type.GetMethods() |> Array.find (fun m -> m.Name = "op_Addition" && m.GetParameters().[1].ParameterType.GetElementType() = t.Type)
    invoke m null [ x; y ]

/// Types closed under their own geometric product (full and even types).
let private closed = all |> List.filter (fun t -> match gp t t with Some m -> (staticMethod t "GeometricProduct" [ t.Type; t.Type ]).Value.ReturnType = t.Type | None -> false)

let private three (t: MvType) = Gen.zip3 (coefficients t smallInteger) (coefficients t smallInteger) (coefficients t smallInteger)

let private draws (t: MvType) = if t.Blades.Length > 16 then 8 else 25

let tests =
    testList "laws" [
        testList "associativity (ab)c = a(bc), exact on integers" [
            for t in closed ->
                property t.Name (draws t) (three t) (fun (a, b, c) ->
                    let mul = (gp t t).Value
                    let x, y, z = make t a, make t b, make t c
                    exactly "(ab)c vs a(bc)" t.Blades (read t (mul x (mul y z))) (read t (mul (mul x y) z))) ]
        testList "distributivity a(b + c) = ab + ac and (b + c)a = ba + ca, exact on integers" [
            for t in closed ->
                property t.Name (draws t) (three t) (fun (a, b, c) ->
                    let mul = (gp t t).Value
                    let x, y, z = make t a, make t b, make t c
                    exactly "left" t.Blades (read t (add (mul x y) (mul x z))) (read t (mul x (add y z)))
                    exactly "right" t.Blades (read t (add (mul y x) (mul z x))) (read t (mul (add y z) x))) ]
        testList "x·x = Q(x) for vectors (a scalar, no bivector part), exact on integers" [
            for t in all |> List.filter (fun t -> t.Grades = [ 1 ]) ->
                property t.Name 25 (coefficients t smallInteger) (fun a ->
                    let x = make t a
                    let square = (gp t t).Value x x
                    let r = typeOf square
                    let expected = r.Blades |> List.map (fun b -> if b.IsEmpty then quadraticForm t.Signature (toOracle x) else 0.0) |> Array.ofList
                    exactly "x x" r.Blades expected (read r square)) ]
        testList "reverse is an anti-automorphism ~(ab) = ~b ~a, exact on integers" [
            for t in closed ->
                property t.Name (draws t) (Gen.zip (coefficients t smallInteger) (coefficients t smallInteger)) (fun (a, b) ->
                    let mul = (gp t t).Value
                    let rev (x: obj) = invoke (instanceMethod t "Reverse") x []
                    let x, y = make t a, make t b
                    exactly "~(ab) vs ~b ~a" t.Blades (read t (mul (rev y) (rev x))) (read t (rev (mul x y)))) ]
        testList "sandwich by a unit versor preserves grade and norm, within 1e-4 relative" [
            for t in all |> List.filter (fun t -> t.IsFull) ->
                property t.Name 15
                    (gen { let! count = Gen.choose (1, 3)
                           let! vectors = Gen.listOfLength count (Gen.arrayOfLength t.Signature.Dimension unitFloat)
                           let! k = Gen.choose (0, t.Signature.Dimension)
                           let! x = coefficients t unitFloat
                           return vectors, k, x }) (fun (vectors, k, x) ->
                    let mul = (gp t t).Value
                    let vectorOf (v: float[]) = t.Blades |> List.map (fun b -> match b with [ i ] -> v.[i - 1] | _ -> 0.0) |> Array.ofList
                    // Unit vectors (|v²| = 1); a vector too close to the null cone is skipped.
                    let units =
                        vectors |> List.choose (fun v ->
                            let m = ofArray t.Blades (vectorOf v)
                            let q = quadraticForm t.Signature m
                            if abs q < 0.25 then None else Some(Array.map (fun c -> c / sqrt (abs q)) (vectorOf v)))
                    if not units.IsEmpty then
                        let versor = units |> List.map (make t) |> List.reduce mul
                        let graded = make t (toArray t.Blades (gradePart k (ofArray t.Blades x)))
                        let sandwich = (staticMethod t "Sandwich" [ t.Type; t.Type ]).Value
                        let result = toOracle (invoke sandwich null [ versor; graded ])
                        let scale = 1.0 + (x |> Array.sumBy abs)
                        for KeyValue(blade, c) in result do
                            if grade blade <> k && abs c > 1e-4 * scale then failtestf "grade %d part on %s: %g" k (bladeName blade) c
                        let before = normSquared t.Signature (toOracle graded)
                        let after = normSquared t.Signature result
                        if abs (after - before) > 1e-4 * scale * scale then failtestf "norm² %g became %g" before after) ]
    ]
