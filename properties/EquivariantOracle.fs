/// The equivariant oracle against published e3nn facts and against itself: e3nn's closed-form harmonics for
/// l = 2, 3, wigner_D(1) = angles_to_matrix, Racah's coefficients against tabulated values, the 3j tensors'
/// norm and invariance, and the addition theorem. Also the draws the equivariant suites share (O(3) elements,
/// unit-scale vectors).
module TensorGen.Properties.EquivariantOracle

open System
open Expecto
open FsCheck
open FsCheck.FSharp
open TensorGen.Properties.Generators
open TensorGen.Algebra.Equivariant

// ---- draws ---------------------------------------------------------------------------------------------

/// A uniform draw from [lo, hi) at 1e-6 resolution.
let uniform (lo: float) (hi: float) : Gen<float> = Gen.choose (0, 1_000_000) |> Gen.map (fun i -> lo + (hi - lo) * float i / 1e6)

/// An O(3) element: e3nn Euler angles and, half the time, the inversion.
let o3Element : Gen<O3> =
    gen {
        let! a = uniform 0.0 (2.0 * Math.PI)
        let! b = uniform 0.0 Math.PI
        let! c = uniform 0.0 (2.0 * Math.PI)
        let! inversion = Gen.elements [ false; true ]
        return { Alpha = a; Beta = b; Gamma = c; Inversion = inversion } }

/// A vector with components in [-1, 1], away from the origin.
let vector3 : Gen<float[]> =
    Gen.arrayOfLength 3 (uniform -1.0 1.0) |> Gen.filter (fun v -> v.[0] * v.[0] + v.[1] * v.[1] + v.[2] * v.[2] > 1e-4)

/// n values in [-1, 1].
let unitScale (n: int) : Gen<float[]> = Gen.arrayOfLength n (uniform -1.0 1.0)

let maxAbsDiff (a: float[]) (b: float[]) = Array.fold2 (fun m x y -> max m (abs (x - y))) 0.0 a b

let expectClose (what: string) (tolerance: float) (expected: float[]) (actual: float[]) =
    let diff = maxAbsDiff expected actual
    if not (diff <= tolerance) then failtestf "%s: max |diff| %g > %g\nexpected %A\nactual   %A" what diff tolerance expected actual

let tests =
    testList "oracle" [
        test "e3nn's closed forms: Y_2 and Y_3 ('component') at a point, ≤ 1e-14" {
            let x, y, z = 0.36, 0.48, 0.8
            let sh = sphericalHarmonics 3 "component" true x y z
            let s3 = sqrt 3.0
            let y2 = [| s3 * x * z; s3 * x * y; y * y - 0.5 * (x * x + z * z); s3 * y * z; s3 / 2.0 * (z * z - x * x) |] |> Array.map (fun v -> v * sqrt 5.0)
            let a, e = s3 * x * z, s3 / 2.0 * (z * z - x * x)
            let xz = x * x + z * z
            let y3 =
                [| sqrt (5.0 / 6.0) * (a * z + e * x); sqrt 5.0 * a * y; sqrt (3.0 / 8.0) * (4.0 * y * y - xz) * x; 0.5 * y * (2.0 * y * y - 3.0 * xz)
                   sqrt (3.0 / 8.0) * z * (4.0 * y * y - xz); sqrt 5.0 * e * y; sqrt (5.0 / 6.0) * (e * z - a * x) |] |> Array.map (fun v -> v * sqrt 7.0)
            expectClose "Y_1 = √3 (x, y, z)" 1e-14 [| s3 * x; s3 * y; s3 * z |] sh.[1..3]
            expectClose "Y_2" 1e-14 y2 sh.[4..8]
            expectClose "Y_3" 1e-14 y3 sh.[9..15] }
        property "wigner_D(1, α, β, γ) = angles_to_matrix(α, β, γ), ≤ 1e-13" 30 o3Element (fun g ->
            let d = wignerD 1 g.Alpha g.Beta g.Gamma
            let r = anglesToMatrix g.Alpha g.Beta g.Gamma
            expectClose "D1" 1e-13 (Seq.cast<float> r |> Array.ofSeq) (Seq.cast<float> d |> Array.ofSeq))
        test "Racah's coefficients against tabulated values, ≤ 1e-15" {
            let cases =
                [ (1, 1, 1, -1, 0, 0), 1.0 / sqrt 3.0; (1, 0, 1, 0, 2, 0), sqrt (2.0 / 3.0); (1, 1, 1, 0, 2, 1), 1.0 / sqrt 2.0
                  (1, 0, 1, 0, 0, 0), -1.0 / sqrt 3.0; (1, 1, 1, -1, 1, 0), 1.0 / sqrt 2.0; (2, 2, 2, -2, 0, 0), 1.0 / sqrt 5.0
                  (2, 1, 1, 0, 3, 1), sqrt (8.0 / 15.0); (1, 0, 1, 0, 1, 0), 0.0 ]
            for (j1, m1, j2, m2, j3, m3), expected in cases do
                let actual = su2ClebschGordan j1 m1 j2 m2 j3 m3
                Expect.isLessThanOrEqual (abs (actual - expected)) 1e-15 (sprintf "<%d %d; %d %d | %d %d>" j1 m1 j2 m2 j3 m3) }
        test "wigner_3j: unit Frobenius norm, zero where the triangle rule fails; W(1,1,0) ∝ δ, W(1,1,1) ∝ ε" {
            for l1 in 0 .. 4 do
                for l2 in 0 .. 4 do
                    for l3 in abs (l1 - l2) .. l1 + l2 do
                        let mutable norm = 0.0
                        wigner3j l1 l2 l3 |> Array3D.iter (fun v -> norm <- norm + v * v)
                        Expect.floatClose Accuracy.veryHigh norm 1.0 (sprintf "|W(%d,%d,%d)|" l1 l2 l3)
            let w = wigner3j 1 1 0
            for i in 0 .. 2 do
                for j in 0 .. 2 do
                    Expect.floatClose Accuracy.veryHigh (abs w.[i, j, 0]) (if i = j then 1.0 / sqrt 3.0 else 0.0) "δ/√3"
            let e = wigner3j 1 1 1
            Expect.floatClose Accuracy.veryHigh (abs e.[0, 1, 2]) (1.0 / sqrt 6.0) "ε/√6"
            Expect.floatClose Accuracy.veryHigh (e.[0, 1, 2] + e.[1, 0, 2]) 0.0 "antisymmetric" }
        property "wigner_3j is invariant: Σ D1 D2 D3 W = W for l ≤ 3, ≤ 1e-12" 10 o3Element (fun g ->
            for l1, l2, l3 in [ 1, 1, 2; 2, 1, 2; 2, 2, 3; 3, 2, 1; 3, 3, 2 ] do
                let w = wigner3j l1 l2 l3
                let d1, d2, d3 = wignerD l1 g.Alpha g.Beta g.Gamma, wignerD l2 g.Alpha g.Beta g.Gamma, wignerD l3 g.Alpha g.Beta g.Gamma
                let rotated =
                    Array3D.init (2 * l1 + 1) (2 * l2 + 1) (2 * l3 + 1) (fun a b c ->
                        let mutable s = 0.0
                        for i in 0 .. 2 * l1 do
                            for j in 0 .. 2 * l2 do
                                for k in 0 .. 2 * l3 do
                                    s <- s + d1.[a, i] * d2.[b, j] * d3.[c, k] * w.[i, j, k]
                        s)
                expectClose (sprintf "W(%d,%d,%d)" l1 l2 l3) 1e-12 (Seq.cast<float> w |> Array.ofSeq) (Seq.cast<float> rotated |> Array.ofSeq))
        // l ≤ 4 at the issue's f64 bound; l = 5, 6 at 1e-10: the l = 6 Wigner D near β = π loses digits (1.1e-12 seen).
        property "oracle harmonics are equivariant: Y(g·x) = D(g) Y(x), l ≤ 4 ≤ 1e-12, l ≤ 6 ≤ 1e-10" 20 (Gen.zip o3Element vector3) (fun (g, v) ->
            let lmax = 6
            let rx = matVec (o3Matrix g) v
            let left = sphericalHarmonics lmax "component" true rx.[0] rx.[1] rx.[2]
            let irreps = [ for l in 0 .. lmax -> 1, l, (if l % 2 = 0 then 1 else -1) ]
            let right = matVec (irrepsD irreps g) (sphericalHarmonics lmax "component" true v.[0] v.[1] v.[2])
            expectClose "Y(gx), l ≤ 4" 1e-12 right.[.. 24] left.[.. 24]
            expectClose "Y(gx), l ≤ 6" 1e-10 right left)
        property "oracle harmonics Jacobian = central differences of the oracle, l ≤ 8, every normalization, normalized and raw, relative ≤ 1e-7" 20
            (Gen.zip3 vector3 (Gen.elements [ "component"; "norm"; "integral" ]) (Gen.elements [ true; false ])) (fun (v, normalization, normalize) ->
            let lmax = 8
            let jacobian = sphericalHarmonicsJacobian lmax normalization normalize v.[0] v.[1] v.[2]
            // A step relative to |x|: the derivatives grow like l / |x|, and |x| goes down to 0.01.
            let h = 1e-6 * sqrt (v.[0] * v.[0] + v.[1] * v.[1] + v.[2] * v.[2])
            for a in 0 .. 2 do
                let at s =
                    let p = Array.copy v
                    p.[a] <- p.[a] + s
                    sphericalHarmonics lmax normalization normalize p.[0] p.[1] p.[2]
                let numeric = Array.map2 (fun p m -> (p - m) / (2.0 * h)) (at h) (at -h)
                let analytic = Array.init numeric.Length (fun i -> jacobian.[i, a])
                let scale = analytic |> Array.fold (fun m x -> max m (abs x)) 1.0
                expectClose (sprintf "∂Y/∂x_%d" a) (1e-7 * scale) numeric analytic)
    ]
