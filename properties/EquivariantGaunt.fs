/// The Gaunt tensor product (kernels/Equivariant/Gaunt) against the oracle (algebra/Gaunt.fs): values for every
/// (L1, L2, Lout) ≤ 8 in f64 and f32 with a stated f32 bound, equivariance under random O(3) elements, the
/// coefficients the kernel implies, the relation to e3nn's Clebsch–Gordan product path by path, backward, and the
/// argument checks. Registered as `TensorGen.equivariant.kernels.gaunt`, so the ISA legs and the qemu leg run it.
///
/// Each property was seen failing against a planted fault before it was trusted: one uniform φ node too few in the
/// kernel's grid (M = D instead of D + 1) fails all kernel properties (values, every-L sweep, block boundaries, the
/// Y_00 identity, equivariance, coefficients, the CG relation, backward, and the node count in the argument test);
/// gradX1 computed from (X1 · A1) instead of (X2 · A2), with the output-overlap check removed from Forward, fails
/// exactly the backward and argument properties; ⌊D/2⌋ instead of ⌊D/2⌋ + 3 Gauss–Legendre nodes in the oracle's
/// rule fails the oracle's own Gaunt = c·W property (and the every-L sweep, block boundaries and coefficients).
module TensorGen.Properties.EquivariantGaunt

open System
open Expecto
open FsCheck
open FsCheck.FSharp
open TensorGen.Properties.Generators
open TensorGen.Properties.EquivariantOracle
open TensorGen.Algebra.Equivariant
open TensorGen.Algebra.Gaunt
open TensorGen.Equivariant

let private normalizations = [ "integral", ShNormalization.Integral; "component", ShNormalization.Component; "norm", ShNormalization.Norm ]

let private dim l = (l + 1) * (l + 1)
let private degree k = int (sqrt (float k))

/// A product to test: degrees, normalization (oracle name and kernel enum), batch.
type Case = { L1: int; L2: int; LOut: int; Name: string; Normalization: ShNormalization; Batch: int }

let private caseGen (batches: int list) : Gen<Case> =
    gen {
        let! l1 = Gen.choose (0, 8)
        let! l2 = Gen.choose (0, 8)
        let! lo = Gen.choose (0, 8)
        let! name, normalization = Gen.elements normalizations
        let! batch = Gen.elements batches
        return { L1 = l1; L2 = l2; LOut = lo; Name = name; Normalization = normalization; Batch = batch } }

let private inputs (c: Case) = Gen.zip (unitScale (c.Batch * dim c.L1)) (unitScale (c.Batch * dim c.L2))

let forward64 (p: GauntTensorProduct) (x1: float[]) (x2: float[]) batch =
    let o = Array.create (batch * p.DimOut) nan
    p.Forward(ReadOnlySpan x1, ReadOnlySpan x2, Span o, batch)
    o

let forward32 (p: GauntTensorProduct) (x1: float[]) (x2: float[]) batch =
    let o = Array.create (batch * p.DimOut) Single.NaN
    p.Forward(ReadOnlySpan(Array.map float32 x1), ReadOnlySpan(Array.map float32 x2), Span o, batch)
    Array.map float o

let private sample (x: float[]) d s = x.[s * d .. s * d + d - 1]

let private oracleBatch (c: Case) (x1: float[]) (x2: float[]) =
    [| for s in 0 .. c.Batch - 1 do yield! gauntProduct c.L1 c.L2 c.LOut c.Name (sample x1 (dim c.L1) s) (sample x2 (dim c.L2) s) |]

/// max |f| on the sphere for coefficients x: with component-equivalent coefficients x_lm·s_l, Cauchy–Schwarz and
/// Σ_m Y_lm² = 2l + 1 give |f| ≤ (L + 1)·|x^component|.
let private sphereBound (name: string) (lmax: int) (x: float[]) =
    let squares = x |> Array.mapi (fun k v -> let s = normalizationScale name (degree k) in v * v * s * s) |> Array.sum
    float (lmax + 1) * sqrt squares

/// The stated f32 bound, the standard k·u·|A||B| form: per output coefficient of degree l,
/// (n1 + n2 + points + 3)·2⁻²⁴ · max|f1| · max|f2| / s_l, the terms summed along the three GEMMs (the projection
/// row has Σ_g w_g |Y^component_lm(g)| ≤ 4π by Cauchy–Schwarz) times one f32 ulp of the largest pointwise product.
let private f32Bound (c: Case) (x1: float[]) (x2: float[]) (s: int) (k: int) =
    let a = sphereBound c.Name c.L1 (sample x1 (dim c.L1) s)
    let b = sphereBound c.Name c.L2 (sample x2 (dim c.L2) s)
    let d = c.L1 + c.L2 + c.LOut
    let terms = dim c.L1 + dim c.L2 + (d / 2 + 1) * (d + 1) + 3
    float terms * Math.Pow(2.0, -24.0) * a * b / normalizationScale c.Name (degree k)

let private expectWithin (what: string) (c: Case) (bound: int -> int -> float) (expected: float[]) (actual: float[]) =
    let d = dim c.LOut
    for i in 0 .. expected.Length - 1 do
        let s, k = i / d, i % d
        let diff = abs (expected.[i] - actual.[i])
        if not (diff <= bound s k) then
            failtestf "%s, L = (%d, %d, %d) %s, batch %d: sample %d, component %d: expected %.9g, actual %.9g, |diff| %g > %g"
                what c.L1 c.L2 c.LOut c.Name c.Batch s k expected.[i] actual.[i] diff (bound s k)

/// The f64 bound: 1e-13 · max|f1| · max|f2| / s_l (the oracle's own integration sums ~400 terms in double).
let private f64Bound (c: Case) (x1: float[]) (x2: float[]) s k =
    let d = c.L1 + c.L2 + c.LOut
    let terms = dim c.L1 + dim c.L2 + (d / 2 + 1) * (d + 1) + 3
    1e-13 * f32Bound c x1 x2 s k / (float terms * Math.Pow(2.0, -24.0))

let private product (c: Case) = GauntTensorProduct(c.L1, c.L2, c.LOut, c.Normalization)

let valueTests =
    [ property "Gaunt f32 and f64 = oracle for random (L1, L2, Lout) ≤ 8, all normalizations, batch 0, 1, primes; f32 within (n1 + n2 + points + 3)·2⁻²⁴·max|f1|·max|f2|/s_l, f64 within 1e-13·max|f1|·max|f2|/s_l" 40
          (gen { let! c = caseGen [ 0; 1; 2; 3; 5; 7; 13 ]
                 let! x1, x2 = inputs c
                 return c, x1, x2 }) (fun (c, x1, x2) ->
            let p = product c
            let expected = oracleBatch c x1 x2
            expectWithin "f32" c (f32Bound c x1 x2) expected (forward32 p x1 x2 c.Batch)
            expectWithin "f64" c (f64Bound c x1 x2) expected (forward64 p x1 x2 c.Batch))
      test "Gaunt f32 = oracle for every (L1, L2, Lout) ≤ 8 ('integral', batch 2), within (n1 + n2 + points + 3)·2⁻²⁴·max|f1|·max|f2|/s_l" {
          let rng = Random(11)
          for l1 in 0 .. 8 do
              for l2 in 0 .. 8 do
                  for lo in 0 .. 8 do
                      let c = { L1 = l1; L2 = l2; LOut = lo; Name = "integral"; Normalization = ShNormalization.Integral; Batch = 2 }
                      let x1 = Array.init (2 * dim l1) (fun _ -> rng.NextDouble() * 2.0 - 1.0)
                      let x2 = Array.init (2 * dim l2) (fun _ -> rng.NextDouble() * 2.0 - 1.0)
                      expectWithin "f32" c (f32Bound c x1 x2) (oracleBatch c x1 x2) (forward32 (product c) x1 x2 2) }
      test "Gaunt across block boundaries: batch 211 at L = 8 (201-sample blocks) and 1031 at L = 0 (1024-sample blocks) = oracle" {
          let rng = Random(12)
          for l, batch in [ 8, 211; 0, 1031 ] do
              let c = { L1 = l; L2 = l; LOut = l; Name = "component"; Normalization = ShNormalization.Component; Batch = batch }
              let x1 = Array.init (batch * dim l) (fun _ -> rng.NextDouble() * 2.0 - 1.0)
              let x2 = Array.init (batch * dim l) (fun _ -> rng.NextDouble() * 2.0 - 1.0)
              let expected = oracleBatch c x1 x2
              expectWithin "f32" c (f32Bound c x1 x2) expected (forward32 (product c) x1 x2 batch)
              expectWithin "f64" c (f64Bound c x1 x2) expected (forward64 (product c) x1 x2 batch) }
      property "Gaunt ('component') with x1 = Y_00's coefficient 1 returns x2 truncated to Lout (f64, ≤ 1e-13)" 10 (caseGen [ 3 ]) (fun c ->
          let c = { c with Name = "component"; Normalization = ShNormalization.Component }
          let rng = Random(c.L1 * 100 + c.L2 * 10 + c.LOut)
          let x1 = Array.init (3 * dim c.L1) (fun i -> if i % dim c.L1 = 0 then 1.0 else 0.0)
          let x2 = Array.init (3 * dim c.L2) (fun _ -> rng.NextDouble() * 2.0 - 1.0)
          let expected = [| for s in 0 .. 2 do for k in 0 .. dim c.LOut - 1 -> if k < dim c.L2 then x2.[s * dim c.L2 + k] else 0.0 |]
          expectClose "identity" 1e-13 expected (forward64 (product c) x1 x2 3)) ]

let equivarianceTests =
    [ property "Gaunt f32 is equivariant: f(D1·x1, D2·x2) = D_out·f(x1, x2) for random O(3) incl. inversion, relative ≤ 1e-5" 20
          (gen { let! c = caseGen [ 3 ]
                 let! x1, x2 = inputs c
                 let! g = o3Element
                 return c, x1, x2, g }) (fun (c, x1, x2, g) ->
            let irreps l = [ for k in 0 .. l -> 1, k, (if k % 2 = 0 then 1 else -1) ]
            let p = product c
            let rotated = forward32 p (EquivariantKernels.rotateBatch (irrepsD (irreps c.L1) g) x1) (EquivariantKernels.rotateBatch (irrepsD (irreps c.L2) g) x2) 3
            let expected = EquivariantKernels.rotateBatch (irrepsD (irreps c.LOut) g) (forward32 p x1 x2 3)
            let scale = expected |> Array.fold (fun m v -> max m (abs v)) 1.0
            expectClose "D·f(x) vs f(D·x)" (1e-5 * scale) expected rotated) ]

/// The coefficients the kernel implies, read back by running it on basis vectors e_a ⊗ e_b ('integral', L = 8, 8, 8).
let private probe (single: bool) =
    let p = GauntTensorProduct(8, 8, 8, ShNormalization.Integral)
    let a = Array.zeroCreate (81 * 81 * 81)
    let b = Array.zeroCreate (81 * 81 * 81)
    for i in 0 .. 80 do
        for j in 0 .. 80 do
            a.[(i * 81 + j) * 81 + i] <- 1.0
            b.[(i * 81 + j) * 81 + j] <- 1.0
    if single then forward32 p a b (81 * 81) else forward64 p a b (81 * 81)

let coefficientTests =
    [ test "Gaunt coefficients the kernel implies = oracle's ∫ Y_a Y_b Y_c dΩ for all a, b, c of degree ≤ 8 ('integral'): f64 ≤ 1e-14, f32 ≤ 1e-6; parity-odd and non-triangle entries 0" {
          let table = Array3D.zeroCreate 81 81 81
          for a, b, c, g in gauntTable "integral" do table.[a, b, c] <- g
          for single, tolerance in [ false, 1e-14; true, 1e-6 ] do
              let o = probe single
              for a in 0 .. 80 do
                  for b in 0 .. 80 do
                      for c in 0 .. 80 do
                          let kernel = o.[(a * 81 + b) * 81 + c]
                          if not (abs (kernel - table.[a, b, c]) <= tolerance) then
                              failtestf "%s G[%d, %d, %d]: kernel %.17g, oracle %.17g" (if single then "f32" else "f64") a b c kernel table.[a, b, c]
                          if (degree a + degree b + degree c) % 2 = 1 && abs kernel > tolerance then
                              failtestf "parity-odd G[%d, %d, %d] = %g" a b c kernel }
      test "Gaunt = c_path × e3nn's CG product on every parity-even path l1, l2, l3 ≤ 8 ('component' Gaunt vs the CG oracle's component/element single path; c_path = √((2l1+1)(2l2+1)/(2l3+1))·|⟨l1 0 l2 0|l3 0⟩|), 0 on parity-odd paths, f64 ≤ 1e-12" {
          let rng = Random(13)
          for l1 in 0 .. 8 do
              for l2 in 0 .. 8 do
                  let p = GauntTensorProduct(l1, l2, 8, ShNormalization.Component)
                  let x1 = Array.init (dim l1) (fun k -> if degree k = l1 then rng.NextDouble() * 2.0 - 1.0 else 0.0)
                  let x2 = Array.init (dim l2) (fun k -> if degree k = l2 then rng.NextDouble() * 2.0 - 1.0 else 0.0)
                  let out = forward64 p x1 x2 1
                  for l3 in abs (l1 - l2) .. min 8 (l1 + l2) do
                      let parity l = if l % 2 = 0 then 1 else -1
                      let instruction = { I1 = 0; I2 = 0; IOut = 0; Mode = "uvuv"; HasWeight = false; PathWeight = 1.0 }
                      let cg =
                          tensorProduct [ 1, l1, parity l1 ] [ 1, l2, parity l2 ] [ 1, l3, parity l1 * parity l2 ] [ instruction ] "component" "element"
                              x1.[l1 * l1 ..] x2.[l2 * l2 ..] [||]
                      let block = out.[l3 * l3 .. l3 * l3 + 2 * l3]
                      let c =
                          if (l1 + l2 + l3) % 2 = 1 then 0.0
                          else sqrt (float ((2 * l1 + 1) * (2 * l2 + 1)) / float (2 * l3 + 1)) * abs (su2ClebschGordan l1 0 l2 0 l3 0)
                      expectClose (sprintf "path (%d, %d, %d)" l1 l2 l3) 1e-12 (Array.map (fun v -> c * v) cg) block }
      test "oracle: real Gaunt = +√((2l1+1)(2l2+1)/4π)·|⟨l1 0 l2 0|l3 0⟩| × wigner_3j(l1, l2, l3) on every parity-even path ≤ 8, ≤ 1e-13" {
          for l1 in 0 .. 8 do
              for l2 in 0 .. 8 do
                  for l3 in abs (l1 - l2) .. min 8 (l1 + l2) do
                      if (l1 + l2 + l3) % 2 = 0 then
                          let w = wigner3j l1 l2 l3
                          let c = sqrt (float ((2 * l1 + 1) * (2 * l2 + 1)) / (4.0 * Math.PI)) * abs (su2ClebschGordan l1 0 l2 0 l3 0)
                          for i in 0 .. 2 * l1 do
                              for j in 0 .. 2 * l2 do
                                  for k in 0 .. 2 * l3 do
                                      let g = gauntIntegral (l1 * l1 + i) (l2 * l2 + j) (l3 * l3 + k)
                                      if abs (g - c * w.[i, j, k]) > 1e-13 then
                                          failtestf "(%d, %d, %d)[%d, %d, %d]: %.17g vs %.17g" l1 l2 l3 i j k g (c * w.[i, j, k]) } ]

/// The oracle's adjoint of one sample: gradX1_a = Σ_bc C[a, b, c] x2_b g_c, gradX2_b = Σ_ac C[a, b, c] x1_a g_c, and
/// the largest sum of the same terms' magnitudes (the scale of the rounding bound).
let private oracleAdjoint (c: Case) (x1: float[]) (x2: float[]) (g: float[]) =
    let g1, g2 = Array.zeroCreate (dim c.L1), Array.zeroCreate (dim c.L2)
    let a1, a2 = Array.zeroCreate (dim c.L1), Array.zeroCreate (dim c.L2)
    for a, b, k, v in gauntTable c.Name do
        if a < dim c.L1 && b < dim c.L2 && k < dim c.LOut then
            g1.[a] <- g1.[a] + v * x2.[b] * g.[k]
            g2.[b] <- g2.[b] + v * x1.[a] * g.[k]
            a1.[a] <- a1.[a] + abs (v * x2.[b] * g.[k])
            a2.[b] <- a2.[b] + abs (v * x1.[a] * g.[k])
    g1, g2, Array.fold max 0.0 (Array.append a1 a2)

let backwardTests =
    [ property "Gaunt backward f64 and f32 = the oracle's adjoint Σ C x g (f64 ≤ 1e-12·scale, f32 ≤ 1e-5·scale, scale = 1 + the largest Σ|C x g|), and f64 satisfies ⟨gradX1, dx1⟩ = ⟨g, f(dx1, x2)⟩, ⟨gradX2, dx2⟩ = ⟨g, f(x1, dx2)⟩ to 1e-12 relative" 25
          (gen { let! c = caseGen [ 0; 1; 2; 5; 7 ]
                 let! x1, x2 = inputs c
                 let! dx1, dx2 = inputs c
                 let! g = unitScale (c.Batch * dim c.LOut)
                 return c, x1, x2, dx1, dx2, g }) (fun (c, x1, x2, dx1, dx2, g) ->
            let p = product c
            let n1, n2 = c.Batch * dim c.L1, c.Batch * dim c.L2
            let g1, g2 = Array.create n1 nan, Array.create n2 nan
            p.Backward(ReadOnlySpan x1, ReadOnlySpan x2, ReadOnlySpan g, Span g1, Span g2, c.Batch)
            let s1, s2 = Array.create n1 Single.NaN, Array.create n2 Single.NaN
            p.Backward(ReadOnlySpan(Array.map float32 x1), ReadOnlySpan(Array.map float32 x2), ReadOnlySpan(Array.map float32 g), Span s1, Span s2, c.Batch)
            for s in 0 .. c.Batch - 1 do
                let e1, e2, magnitude = oracleAdjoint c (sample x1 (dim c.L1) s) (sample x2 (dim c.L2) s) (sample g (dim c.LOut) s)
                let scale = 1.0 + magnitude
                expectClose "gradX1 f64" (1e-12 * scale) e1 (sample g1 (dim c.L1) s)
                expectClose "gradX2 f64" (1e-12 * scale) e2 (sample g2 (dim c.L2) s)
                expectClose "gradX1 f32" (1e-5 * scale) e1 (sample (Array.map float s1) (dim c.L1) s)
                expectClose "gradX2 f32" (1e-5 * scale) e2 (sample (Array.map float s2) (dim c.L2) s)
            let dot (a: float[]) (b: float[]) = Array.fold2 (fun acc u v -> acc + u * v) 0.0 a b
            for what, left, right in [ "x1", dot g1 dx1, dot g (forward64 p dx1 x2 c.Batch); "x2", dot g2 dx2, dot g (forward64 p x1 dx2 c.Batch) ] do
                if abs (left - right) > 1e-12 * max 1.0 (abs right) then failtestf "transpose identity in %s: %.17g vs %.17g" what left right) ]

let argumentTests =
    [ test "Gaunt argument checks: degrees outside 0 … 8 and undefined normalizations throw ArgumentOutOfRangeException naming them; short or overlapping spans throw ArgumentException naming them; a negative batch throws" {
          let names (action: unit -> unit) =
              match Expect.throwsC action id with
              | :? ArgumentException as e -> e.GetType().Name, e.ParamName
              | other -> failtestf "expected an ArgumentException, got %O" other
          let expectName kind name action = Expect.equal (names action) (kind, name) (sprintf "%s names %s" kind name)
          let range, argument = "ArgumentOutOfRangeException", "ArgumentException"
          expectName range "lmax1" (fun () -> GauntTensorProduct(-1, 2, 2) |> ignore)
          expectName range "lmax1" (fun () -> GauntTensorProduct(9, 2, 2) |> ignore)
          expectName range "lmax2" (fun () -> GauntTensorProduct(2, 9, 2) |> ignore)
          expectName range "lmaxOut" (fun () -> GauntTensorProduct(2, 2, -1) |> ignore)
          expectName range "normalization" (fun () -> GauntTensorProduct(2, 2, 2, enum<ShNormalization> 0) |> ignore)
          let p = GauntTensorProduct(2, 1, 2)
          let f (n: int) = Array.zeroCreate<float32> n
          expectName range "batch" (fun () -> p.Forward(ReadOnlySpan(f 9), ReadOnlySpan(f 4), Span(f 9), -1))
          expectName argument "x1" (fun () -> p.Forward(ReadOnlySpan(f 17), ReadOnlySpan(f 8), Span(f 18), 2))
          expectName argument "x2" (fun () -> p.Forward(ReadOnlySpan(f 18), ReadOnlySpan(f 7), Span(f 18), 2))
          expectName argument "output" (fun () -> p.Forward(ReadOnlySpan(f 18), ReadOnlySpan(f 8), Span(f 17), 2))
          let shared = f 40
          expectName argument "output" (fun () -> p.Forward(ReadOnlySpan(shared, 0, 9), ReadOnlySpan(f 4), Span(shared, 5, 9), 1))
          expectName argument "gradOutput" (fun () -> p.Backward(ReadOnlySpan(f 18), ReadOnlySpan(f 8), ReadOnlySpan(f 17), Span(f 18), Span(f 8), 2))
          expectName argument "gradX1" (fun () -> p.Backward(ReadOnlySpan(f 18), ReadOnlySpan(f 8), ReadOnlySpan(f 18), Span(f 17), Span(f 8), 2))
          expectName argument "gradX2" (fun () -> p.Backward(ReadOnlySpan(f 18), ReadOnlySpan(f 8), ReadOnlySpan(f 18), Span(f 18), Span(f 7), 2))
          expectName argument "gradX1" (fun () -> p.Backward(ReadOnlySpan(shared, 0, 9), ReadOnlySpan(f 4), ReadOnlySpan(f 9), Span(shared, 3, 9), Span(f 4), 1))
          let d = Array.zeroCreate<float> 9
          expectName argument "x1" (fun () -> p.Forward(ReadOnlySpan(d, 0, 8), ReadOnlySpan(Array.zeroCreate<float> 4), Span(Array.zeroCreate<float> 9), 1))
          Expect.equal (p.ThetaNodes, p.PhiNodes) (3, 6) "D = 5: ⌊5/2⌋ + 1 Gauss–Legendre nodes × 6 uniform φ nodes" } ]

let tests = testList "gaunt" (valueTests @ equivarianceTests @ coefficientTests @ backwardTests @ argumentTests)
