/// Reference semantics of the Gaunt tensor product in e3nn's real basis, sharing no code with the kernel: the real
/// Gaunt coefficients as sphere averages of products of three of this oracle's harmonics (e3nn's recursion through
/// the Wigner 3j tensors, evaluated point by point), integrated in double on a grid with its polar axis along z (the
/// kernel's is along y) and more nodes than exactness needs; the product itself as dense loops over the coefficients.
///
/// The product: inputs are coefficients of f = Σ x_lm Y_lm (Y in the given normalization), the output the coefficients
/// in the same basis of the projection of f1·f2 onto degrees ≤ Lout, out_lm = ∫ f1 f2 Y_lm dΩ / ∫ Y_lm² dΩ.
module TensorGen.Algebra.Gaunt

open System
open TensorGen.Algebra.Equivariant

/// The scale of a normalization's harmonics against the 'component' ones: Y = s_l · Y^component.
let normalizationScale (normalization: string) (l: int) : float =
    match normalization with
    | "component" -> 1.0
    | "norm" -> 1.0 / sqrt (float (2 * l + 1))
    | _ -> 1.0 / sqrt (4.0 * Math.PI)

/// n-point Gauss–Legendre nodes and weights on [−1, 1]: Newton's method on P_n from Tricomi's initial guess.
let gaussLegendreRule (n: int) : (float * float)[] =
    [| for i in 1 .. n do
         let theta = Math.PI * (4.0 * float i - 1.0) / (4.0 * float n + 2.0)
         let mutable t = cos theta
         let mutable derivative = 1.0
         for _ in 1 .. 60 do
             let p = legendre n t
             derivative <- float n * (legendre (n - 1) t - t * p) / (1.0 - t * t)
             t <- t - p / derivative
         let p' = float n * (legendre (n - 1) t - t * legendre n t) / (1.0 - t * t)
         yield t, 2.0 / ((1.0 - t * t) * p' * p') |]

/// Points and weights (summing to 1) of a product rule exact for polynomials of degree ≤ `degree` on the sphere:
/// Gauss–Legendre in z with two nodes to spare, a uniform φ grid in the xy-plane with two nodes to spare, shifted by
/// half a step.
let sphereRule (degree: int) : (float[] * float)[] =
    let thetas = gaussLegendreRule (degree / 2 + 3)
    let phis = degree + 3
    [| for z, wz in thetas do
         let s = sqrt (1.0 - z * z)
         for k in 0 .. phis - 1 do
             let phi = 2.0 * Math.PI * (float k + 0.5) / float phis
             yield [| s * cos phi; s * sin phi; z |], wz / (2.0 * float phis) |]

let private averages = Collections.Concurrent.ConcurrentDictionary<int, float[,,]>()

/// The sphere average of Y_a Y_b Y_c for 'component' harmonics of every degree ≤ lmax, indices a = l² + l + m as
/// e3nn; entries outside the triangle rule are exactly zero (not integrated).
let componentAverages (lmax: int) : float[,,] =
    averages.GetOrAdd(lmax, fun _ ->
        let dim = (lmax + 1) * (lmax + 1)
        let rule = sphereRule (3 * lmax)
        let values = rule |> Array.map (fun (p, _) -> sphericalHarmonics lmax "component" true p.[0] p.[1] p.[2])
        let result = Array3D.zeroCreate dim dim dim
        let degree k = int (sqrt (float k))
        for a in 0 .. dim - 1 do
            for b in 0 .. dim - 1 do
                for c in 0 .. dim - 1 do
                    let la, lb, lc = degree a, degree b, degree c
                    if lc >= abs (la - lb) && lc <= la + lb then
                        let mutable s = 0.0
                        for i in 0 .. rule.Length - 1 do
                            let y = values.[i]
                            s <- s + snd rule.[i] * y.[a] * y.[b] * y.[c]
                        result.[a, b, c] <- s
        result)

/// The coefficients of the Gaunt product in a normalization: out_c = Σ_ab C[a, b, c] x1_a x2_b, C = s_a s_b / s_c ·
/// mean(Y^c_a Y^c_b Y^c_c) (degrees ≤ 8).
let gauntCoefficient (normalization: string) (a: int) (b: int) (c: int) : float =
    let degree k = int (sqrt (float k))
    let s = normalizationScale normalization
    (componentAverages 8).[a, b, c] * s (degree a) * s (degree b) / s (degree c)

/// The real Gaunt coefficient ∫ Y_a Y_b Y_c dΩ of orthonormal ('integral') harmonics.
let gauntIntegral (a: int) (b: int) (c: int) : float = (componentAverages 8).[a, b, c] / sqrt (4.0 * Math.PI)

let private tables = Collections.Concurrent.ConcurrentDictionary<string, (int * int * int * float)[]>()

/// The nonzero coefficients (a, b, c, C[a, b, c]) of degrees ≤ 8 in a normalization. The selection rules make most
/// entries exactly zero; the integration leaves them at ~1e-17, so entries below 1e-12 in magnitude are dropped (the
/// smallest true coefficient of degrees ≤ 8 is many orders larger).
let gauntTable (normalization: string) : (int * int * int * float)[] =
    tables.GetOrAdd(normalization, fun _ ->
        [| for a in 0 .. 80 do
             for b in 0 .. 80 do
                 for c in 0 .. 80 do
                     let g = gauntCoefficient normalization a b c
                     if abs g > 1e-12 then yield a, b, c, g |])

/// The Gaunt product of one sample as a loop over the nonzero coefficients: inputs of degrees ≤ lmax1, ≤ lmax2,
/// output of degrees ≤ lmaxOut.
let gauntProduct (lmax1: int) (lmax2: int) (lmaxOut: int) (normalization: string) (x1: float[]) (x2: float[]) : float[] =
    let d1, d2, dOut = (lmax1 + 1) * (lmax1 + 1), (lmax2 + 1) * (lmax2 + 1), (lmaxOut + 1) * (lmaxOut + 1)
    let result = Array.zeroCreate dOut
    for a, b, c, g in gauntTable normalization do
        if a < d1 && b < d2 && c < dOut then result.[c] <- result.[c] + g * x1.[a] * x2.[b]
    result
