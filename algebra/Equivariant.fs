/// Reference semantics of O(3) equivariant operations in e3nn's conventions, written from the definitions and
/// sharing no code with the generator: Clebsch–Gordan coefficients by Racah's sum over k in exact big-integer
/// rationals (the generator uses a different closed form), the change to e3nn's real basis by explicit complex
/// matrices, Wigner D-matrices as products of matrix exponentials of the so(3) generators (e3nn's `wigner_D`),
/// spherical harmonics by e3nn's recursion evaluated point by point, and tensor products as dense loops.
///
/// e3nn's conventions, as used here: the real basis of degree l has components m = -l … l; for l = 1 the
/// components are (x, y, z) in that order (e3nn's spherical harmonics of a vector are √3·(x, y, z) in 'component'
/// normalization); the polar axis of the harmonics is y (Y_2's m = 0 component is √5·(y² − (x² + z²)/2)); Euler
/// angles (α, β, γ) mean R = R_y(α) R_x(β) R_y(γ).
module TensorGen.Algebra.Equivariant

open System
open System.Numerics

// ---- exact Clebsch–Gordan coefficients -------------------------------------------------------------------

let private factorial (n: int) : BigInteger =
    let mutable r = BigInteger.One
    for i in 2 .. n do r <- r * BigInteger i
    r

/// √(n / d) for positive n, d: the ratio scaled to at least 2^120 before one conversion to double.
let private sqrtRatio (n: BigInteger) (d: BigInteger) : float =
    let shift = max 0 (int (BigInteger.Log(d, 2.0) - BigInteger.Log(n, 2.0)) + 124)
    let shift = if shift % 2 = 1 then shift + 1 else shift
    sqrt (float ((n <<< shift) / d)) * Math.Pow(2.0, float (-shift / 2))

/// ⟨j1 m1; j2 m2 | j3 m3⟩ by Racah's formula: CG² is an exact rational, the sign that of the sum.
let su2ClebschGordan (j1: int) (m1: int) (j2: int) (m2: int) (j3: int) (m3: int) : float =
    if m3 <> m1 + m2 || j3 < abs (j1 - j2) || j3 > j1 + j2 || abs m1 > j1 || abs m2 > j2 || abs m3 > j3 then 0.0
    else
        let f = factorial
        // Σ_k (−1)^k / (k! (j1+j2−j3−k)! (j1−m1−k)! (j2+m2−k)! (j3−j2+m1+k)! (j3−j1−m2+k)!) as num / den
        let mutable num = BigInteger.Zero
        let mutable den = BigInteger.One
        let kmin = max 0 (max (j2 - j3 - m1) (j1 - j3 + m2))
        let kmax = min (j1 + j2 - j3) (min (j1 - m1) (j2 + m2))
        for k in kmin .. kmax do
            let d = f k * f (j1 + j2 - j3 - k) * f (j1 - m1 - k) * f (j2 + m2 - k) * f (j3 - j2 + m1 + k) * f (j3 - j1 - m2 + k)
            let s = if k % 2 = 0 then BigInteger.One else BigInteger.MinusOne
            num <- num * d + s * den
            den <- den * d
        if num.IsZero then 0.0
        else
            let a = BigInteger(2 * j3 + 1) * f (j3 + j1 - j2) * f (j3 - j1 + j2) * f (j1 + j2 - j3)
            let b = f (j3 + m3) * f (j3 - m3) * f (j1 - m1) * f (j1 + m1) * f (j2 - m2) * f (j2 + m2)
            let squareNum = num * num * a * b
            let squareDen = den * den * f (j1 + j2 + j3 + 1)
            float num.Sign * sqrtRatio squareNum squareDen

// ---- e3nn's real basis -----------------------------------------------------------------------------------

/// e3nn's Q_l, complex = Q · real (rows complex m, columns real m), including its (−i)^l factor.
let realToComplex (l: int) : Complex[,] =
    let d = 2 * l + 1
    let q = Array2D.create d d Complex.Zero
    let h = 1.0 / sqrt 2.0
    for m in -l .. -1 do
        q.[l + m, l + abs m] <- Complex(h, 0.0)
        q.[l + m, l - abs m] <- Complex(0.0, -h)
    q.[l, l] <- Complex.One
    for m in 1 .. l do
        let s = if m % 2 = 0 then 1.0 else -1.0
        q.[l + m, l + m] <- Complex(s * h, 0.0)
        q.[l + m, l - m] <- Complex(0.0, s * h)
    let phase = Complex.Pow(Complex(0.0, -1.0), float l)
    Array2D.map (fun z -> z * phase) q

let private cache = Collections.Concurrent.ConcurrentDictionary<int * int * int, float[,,]>()

/// e3nn's `o3.wigner_3j(l1, l2, l3)`: the real Clebsch–Gordan tensor W[m1+l1, m2+l2, m3+l3], unit Frobenius norm.
let wigner3j (l1: int) (l2: int) (l3: int) : float[,,] =
    cache.GetOrAdd((l1, l2, l3), fun _ ->
        let d1, d2, d3 = 2 * l1 + 1, 2 * l2 + 1, 2 * l3 + 1
        let q1, q2, q3 = realToComplex l1, realToComplex l2, realToComplex l3
        let c = Array3D.init d1 d2 d3 (fun i k n -> su2ClebschGordan l1 (i - l1) l2 (k - l2) l3 (n - l3))
        let w = Array3D.zeroCreate d1 d2 d3
        for a in 0 .. d1 - 1 do
            for b in 0 .. d2 - 1 do
                for e in 0 .. d3 - 1 do
                    let mutable s = Complex.Zero
                    for i in 0 .. d1 - 1 do
                        for k in 0 .. d2 - 1 do
                            for n in 0 .. d3 - 1 do
                                if c.[i, k, n] <> 0.0 then
                                    s <- s + q1.[i, a] * q2.[k, b] * Complex.Conjugate(q3.[n, e]) * Complex(c.[i, k, n], 0.0)
                    w.[a, b, e] <- s.Real
        let mutable norm = 0.0
        w |> Array3D.iter (fun v -> norm <- norm + v * v)
        Array3D.map (fun v -> v / sqrt norm) w)

// ---- rotations and Wigner D ------------------------------------------------------------------------------

let matMul (a: float[,]) (b: float[,]) : float[,] =
    Array2D.init (Array2D.length1 a) (Array2D.length2 b) (fun i j ->
        let mutable s = 0.0
        for k in 0 .. Array2D.length2 a - 1 do s <- s + a.[i, k] * b.[k, j]
        s)

let matVec (a: float[,]) (x: float[]) : float[] =
    Array.init (Array2D.length1 a) (fun i -> Array.fold (+) 0.0 (Array.init x.Length (fun k -> a.[i, k] * x.[k])))

/// Rotation about x by `angle`.
let matrixX (angle: float) = array2D [ [ 1.0; 0.0; 0.0 ]; [ 0.0; cos angle; -(sin angle) ]; [ 0.0; sin angle; cos angle ] ]

/// Rotation about y by `angle`.
let matrixY (angle: float) = array2D [ [ cos angle; 0.0; sin angle ]; [ 0.0; 1.0; 0.0 ]; [ -(sin angle); 0.0; cos angle ] ]

/// e3nn's `angles_to_matrix`: R_y(α) R_x(β) R_y(γ).
let anglesToMatrix (alpha: float) (beta: float) (gamma: float) = matMul (matMul (matrixY alpha) (matrixX beta)) (matrixY gamma)

/// e3nn's real so(3) generators of degree l (X[0] about x, X[1] about y, X[2] about z), from the complex su(2)
/// ladder operators conjugated by Q_l.
let so3Generators (l: int) : float[,][] =
    let d = 2 * l + 1
    let jj = float (l * (l + 1))
    let raising = Array2D.create d d Complex.Zero
    let lowering = Array2D.create d d Complex.Zero
    for i in 0 .. d - 2 do
        let m = float (i - l)
        raising.[i + 1, i] <- Complex(-(sqrt (jj - m * (m + 1.0))), 0.0)
        let m' = float (i + 1 - l)
        lowering.[i, i + 1] <- Complex(sqrt (jj - m' * (m' - 1.0)), 0.0)
    let x0 = Array2D.init d d (fun i j -> 0.5 * (raising.[i, j] + lowering.[i, j]))
    let x1 = Array2D.init d d (fun i j -> if i = j then Complex(0.0, float (i - l)) else Complex.Zero)
    let x2 = Array2D.init d d (fun i j -> Complex(0.0, -0.5) * (raising.[i, j] - lowering.[i, j]))
    let q = realToComplex l
    let conjugate (x: Complex[,]) =
        Array2D.init d d (fun i j ->
            let mutable s = Complex.Zero
            for a in 0 .. d - 1 do
                for b in 0 .. d - 1 do
                    s <- s + Complex.Conjugate(q.[a, i]) * x.[a, b] * q.[b, j]
            s.Real)
    [| conjugate x0; conjugate x1; conjugate x2 |]

/// exp(A) by scaling and squaring with a 24-term Taylor series.
let expm (a: float[,]) : float[,] =
    let n = Array2D.length1 a
    let mutable norm = 0.0
    a |> Array2D.iter (fun v -> norm <- max norm (abs v))
    let squarings = max 0 (int (ceil (Math.Log2(norm * float n + 1e-300))) + 2)
    let scaled = Array2D.map (fun v -> v / Math.Pow(2.0, float squarings)) a
    let mutable result = Array2D.init n n (fun i j -> if i = j then 1.0 else 0.0)
    let mutable term = Array2D.init n n (fun i j -> if i = j then 1.0 else 0.0)
    for k in 1 .. 24 do
        term <- Array2D.map (fun v -> v / float k) (matMul term scaled)
        result <- Array2D.init n n (fun i j -> result.[i, j] + term.[i, j])
    for _ in 1 .. squarings do result <- matMul result result
    result

/// e3nn's `wigner_D(l, α, β, γ)` = exp(α X_y) exp(β X_x) exp(γ X_y).
let wignerD (l: int) (alpha: float) (beta: float) (gamma: float) : float[,] =
    let x = so3Generators l
    let scale s (m: float[,]) = Array2D.map (fun v -> s * v) m
    matMul (matMul (expm (scale alpha x.[1])) (expm (scale beta x.[0]))) (expm (scale gamma x.[1]))

/// An element of O(3): Euler angles (e3nn's) and whether the inversion −I is applied.
type O3 = { Alpha: float; Beta: float; Gamma: float; Inversion: bool }

/// The 3×3 matrix of an O(3) element.
let o3Matrix (g: O3) : float[,] =
    let r = anglesToMatrix g.Alpha g.Beta g.Gamma
    if g.Inversion then Array2D.map (fun v -> -v) r else r

/// Irreps as (mul, l, p) triples.
type IrrepList = (int * int * int) list

let irrepsDim (irreps: IrrepList) = irreps |> List.sumBy (fun (mul, l, _) -> mul * (2 * l + 1))

/// The representation of `g` on a feature vector of `irreps`: p^k D_l(R) on each of the mul blocks.
let irrepsD (irreps: IrrepList) (g: O3) : float[,] =
    let dim = irrepsDim irreps
    let result = Array2D.zeroCreate dim dim
    let mutable offset = 0
    for mul, l, p in irreps do
        let d = wignerD l g.Alpha g.Beta g.Gamma
        let sign = if g.Inversion && p < 0 then -1.0 else 1.0
        for _ in 1 .. mul do
            for i in 0 .. 2 * l do
                for j in 0 .. 2 * l do
                    result.[offset + i, offset + j] <- sign * d.[i, j]
            offset <- offset + 2 * l + 1
    result

// ---- spherical harmonics ---------------------------------------------------------------------------------

/// The factor of degree l's harmonics in a normalization against 'component' (|Y_l|² = 2l + 1): 1/√(2l + 1) for
/// 'norm', 1/√(4π) for 'integral', 1 otherwise.
let harmonicsScale (normalization: string) (l: int) : float =
    match normalization with
    | "norm" -> 1.0 / sqrt (float (2 * l + 1))
    | "integral" -> 1.0 / sqrt (4.0 * Math.PI)
    | _ -> 1.0

/// e3nn's spherical harmonics of one vector, l = 0 … lmax concatenated, by the recursion
/// Y_(l+1) ∝ W(l, 1, l+1)·(Y_l ⊗ x̂) with a positive factor fixed by |Y_l(x̂)|² = 2l + 1 ('component'), then scaled by
/// `normalization` ("component", "norm": 1/√(2l+1), "integral": 1/√(4π)). With `normalize` false, Y_l is multiplied
/// by |x|^l (the homogeneous polynomial); the zero vector gives Y_0 and zeros.
let sphericalHarmonics (lmax: int) (normalization: string) (normalize: bool) (x: float) (y: float) (z: float) : float[] =
    let r = sqrt (x * x + y * y + z * z)
    let u = if r > 0.0 then [| x / r; y / r; z / r |] else [| 0.0; 0.0; 0.0 |]
    let blocks = Collections.Generic.List<float[]>()
    blocks.Add [| 1.0 |]
    if lmax >= 1 then blocks.Add(Array.map (fun v -> sqrt 3.0 * v) u)
    for l in 1 .. lmax - 1 do
        let w = wigner3j l 1 (l + 1)
        let prev = blocks.[l]
        let v =
            Array.init (2 * l + 3) (fun k ->
                let mutable s = 0.0
                for i in 0 .. 2 * l do
                    for j in 0 .. 2 do
                        s <- s + w.[i, j, k] * prev.[i] * u.[j]
                s)
        let norm = sqrt (Array.sumBy (fun a -> a * a) v)
        blocks.Add(if norm = 0.0 then v else Array.map (fun a -> a * sqrt (float (2 * l + 3)) / norm) v)
    [| for l in 0 .. lmax do
         let scale = harmonicsScale normalization l * (if normalize then 1.0 else Math.Pow(r, float l))
         for v in blocks.[l] -> v * scale |]

/// The Jacobian of `sphericalHarmonics` with respect to (x, y, z), [i, a] = ∂Y_i/∂x_a: the same recursion carried
/// forward with the derivatives of every quantity beside it (forward mode): ∂x̂_j/∂x_a = (δ_ja − x̂_j x̂_a)/|x|, the
/// product rule through W·(Y_l ⊗ x̂), the quotient rule through the rescaling to |Y_l|² = 2l + 1, and, with
/// `normalize` false, ∂|x|^l/∂x_a = l |x|^(l−2) x_a. The zero vector, where x̂ has no derivative, gives zeros.
let sphericalHarmonicsJacobian (lmax: int) (normalization: string) (normalize: bool) (x: float) (y: float) (z: float) : float[,] =
    let dim = (lmax + 1) * (lmax + 1)
    let jacobian = Array2D.zeroCreate dim 3
    let r = sqrt (x * x + y * y + z * z)
    if r > 0.0 then
        let u = [| x / r; y / r; z / r |]
        let du = Array.init 3 (fun j -> Array.init 3 (fun a -> ((if j = a then 1.0 else 0.0) - u.[j] * u.[a]) / r))
        let values = Collections.Generic.List<float[]>()
        let gradients = Collections.Generic.List<float[][]>()
        values.Add [| 1.0 |]
        gradients.Add [| Array.zeroCreate 3 |]
        if lmax >= 1 then
            values.Add(Array.map (fun v -> sqrt 3.0 * v) u)
            gradients.Add(Array.init 3 (fun j -> Array.map (fun d -> sqrt 3.0 * d) du.[j]))
        for l in 1 .. lmax - 1 do
            let w = wigner3j l 1 (l + 1)
            let prev, dprev = values.[l], gradients.[l]
            let v = Array.zeroCreate (2 * l + 3)
            let dv = Array.init (2 * l + 3) (fun _ -> Array.zeroCreate 3)
            for k in 0 .. 2 * l + 2 do
                for i in 0 .. 2 * l do
                    for j in 0 .. 2 do
                        let c = w.[i, j, k]
                        v.[k] <- v.[k] + c * prev.[i] * u.[j]
                        for a in 0 .. 2 do
                            dv.[k].[a] <- dv.[k].[a] + c * (dprev.[i].[a] * u.[j] + prev.[i] * du.[j].[a])
            let norm = sqrt (Array.sumBy (fun a -> a * a) v)
            let dnorm = Array.init 3 (fun a -> Array.fold2 (fun s (vk: float) (dvk: float[]) -> s + vk * dvk.[a]) 0.0 v dv / norm)
            let c = sqrt (float (2 * l + 3))
            values.Add(Array.map (fun a -> c * a / norm) v)
            gradients.Add(Array.init (2 * l + 3) (fun k -> Array.init 3 (fun a -> c * (dv.[k].[a] / norm - v.[k] * dnorm.[a] / (norm * norm)))))
        for l in 0 .. lmax do
            let factor = harmonicsScale normalization l
            let radial = if normalize then 1.0 else Math.Pow(r, float l)
            let dradial a = if normalize || l = 0 then 0.0 else float l * Math.Pow(r, float (l - 1)) * u.[a]
            for m in 0 .. 2 * l do
                for a in 0 .. 2 do
                    jacobian.[l * l + m, a] <- factor * (gradients.[l].[m].[a] * radial + values.[l].[m] * dradial a)
    jacobian

/// The Legendre polynomial P_l(t) by Bonnet's recursion (for the addition theorem).
let legendre (l: int) (t: float) : float =
    let mutable p0, p1 = 1.0, t
    if l = 0 then 1.0
    else
        for n in 1 .. l - 1 do
            let p2 = (float (2 * n + 1) * t * p1 - float n * p0) / float (n + 1)
            p0 <- p1
            p1 <- p2
        p1

// ---- tensor products -------------------------------------------------------------------------------------

/// One e3nn instruction.
type Instruction = { I1: int; I2: int; IOut: int; Mode: string; HasWeight: bool; PathWeight: float }

/// e3nn's path coefficient √α of each instruction (input and output variances 1).
let pathCoefficients (in1: IrrepList) (in2: IrrepList) (out: IrrepList) (instructions: Instruction list) (irrepNormalization: string) (pathNormalization: string) =
    let mul (irreps: IrrepList) i = let m, _, _ = irreps.[i] in m
    let degree (irreps: IrrepList) i = let _, l, _ = irreps.[i] in l
    let elements (ins: Instruction) =
        match ins.Mode with
        | "uvw" -> float (mul in1 ins.I1 * mul in2 ins.I2)
        | "uvu" -> float (mul in2 ins.I2)
        | _ -> 1.0
    [ for ins in instructions do
        let alpha =
            match irrepNormalization with
            | "norm" -> float ((2 * degree in1 ins.I1 + 1) * (2 * degree in2 ins.I2 + 1))
            | "none" -> 1.0
            | _ -> float (2 * degree out ins.IOut + 1)
        let sameOut = instructions |> List.filter (fun i -> i.IOut = ins.IOut)
        let x =
            match pathNormalization with
            | "path" -> elements ins * float sameOut.Length
            | "none" -> 1.0
            | _ -> sameOut |> List.sumBy elements
        let alpha = (if x > 0.0 then alpha / x else alpha) * ins.PathWeight
        sqrt alpha ]

let private offsets (irreps: IrrepList) = irreps |> List.scan (fun o (m, l, _) -> o + m * (2 * l + 1)) 0

/// The weight count of each instruction, in e3nn's shapes.
let weightCounts (in1: IrrepList) (in2: IrrepList) (out: IrrepList) (instructions: Instruction list) =
    [ for ins in instructions ->
        let m1, _, _ = in1.[ins.I1]
        let m2, _, _ = in2.[ins.I2]
        let mo, _, _ = out.[ins.IOut]
        if not ins.HasWeight then 0
        else match ins.Mode with
             | "uvw" -> m1 * m2 * mo
             | "uuu" -> m1
             | _ -> m1 * m2 ]

/// The tensor product of one sample as dense loops over the full W tensors: e3nn's
/// out[w, k] += c · weight · Σ_ij W[i, j, k] x1[u, i] x2[v, j] per instruction and mode.
let tensorProduct (in1: IrrepList) (in2: IrrepList) (out: IrrepList) (instructions: Instruction list)
                  (irrepNormalization: string) (pathNormalization: string)
                  (x1: float[]) (x2: float[]) (weights: float[]) : float[] =
    let result = Array.zeroCreate (irrepsDim out)
    let o1, o2, oo = offsets in1, offsets in2, offsets out
    let coefficients = pathCoefficients in1 in2 out instructions irrepNormalization pathNormalization
    let counts = weightCounts in1 in2 out instructions
    let mutable weightOffset = 0
    for p, ins in List.indexed instructions do
        let m1, l1, _ = in1.[ins.I1]
        let m2, l2, _ = in2.[ins.I2]
        let mo, lo, _ = out.[ins.IOut]
        let w3 = wigner3j l1 l2 lo
        let d1, d2, dout = 2 * l1 + 1, 2 * l2 + 1, 2 * lo + 1
        let weight index = if ins.HasWeight then weights.[weightOffset + index] else 1.0
        let contribute u v w wIndex =
            for k in 0 .. dout - 1 do
                let mutable s = 0.0
                for i in 0 .. d1 - 1 do
                    for j in 0 .. d2 - 1 do
                        s <- s + w3.[i, j, k] * x1.[o1.[ins.I1] + u * d1 + i] * x2.[o2.[ins.I2] + v * d2 + j]
                result.[oo.[ins.IOut] + w * dout + k] <- result.[oo.[ins.IOut] + w * dout + k] + coefficients.[p] * weight wIndex * s
        match ins.Mode with
        | "uvw" -> for u in 0 .. m1 - 1 do for v in 0 .. m2 - 1 do for w in 0 .. mo - 1 do contribute u v w ((u * m2 + v) * mo + w)
        | "uvu" -> for u in 0 .. m1 - 1 do for v in 0 .. m2 - 1 do contribute u v u (u * m2 + v)
        | "uuu" -> for u in 0 .. m1 - 1 do contribute u u u u
        | _ -> for u in 0 .. m1 - 1 do for v in 0 .. m2 - 1 do contribute u v (u * m2 + v) (u * m2 + v)
        weightOffset <- weightOffset + counts.[p]
    result

/// The analytic gradients of `tensorProduct` for one sample, by the product rule on the same dense
/// loops: the product is bilinear in (x1, x2) and linear in each weight, so with out_k = c · weight · Σ_ij W[i, j, k]
/// x1_i x2_j, ∂/∂x1_i = c · weight · Σ_jk W[i, j, k] x2_j g_k, ∂/∂x2_j likewise, ∂/∂weight = c · Σ_ijk W x1_i x2_j g_k.
/// Returns (∂/∂x1, ∂/∂x2, ∂/∂weights) contracted with gradOutput.
let tensorProductGradients (in1: IrrepList) (in2: IrrepList) (out: IrrepList) (instructions: Instruction list)
                           (irrepNormalization: string) (pathNormalization: string)
                           (x1: float[]) (x2: float[]) (weights: float[]) (gradOutput: float[]) : float[] * float[] * float[] =
    let g1 = Array.zeroCreate x1.Length
    let g2 = Array.zeroCreate x2.Length
    let gw = Array.zeroCreate weights.Length
    let o1, o2, oo = offsets in1, offsets in2, offsets out
    let coefficients = pathCoefficients in1 in2 out instructions irrepNormalization pathNormalization
    let counts = weightCounts in1 in2 out instructions
    let mutable weightOffset = 0
    for p, ins in List.indexed instructions do
        let m1, l1, _ = in1.[ins.I1]
        let m2, l2, _ = in2.[ins.I2]
        let mo, lo, _ = out.[ins.IOut]
        let w3 = wigner3j l1 l2 lo
        let d1, d2, dout = 2 * l1 + 1, 2 * l2 + 1, 2 * lo + 1
        let pathGradient u v w wIndex =
            let weight = if ins.HasWeight then weights.[weightOffset + wIndex] else 1.0
            let c = coefficients.[p]
            let mutable weightGradient = 0.0
            for i in 0 .. d1 - 1 do
                for j in 0 .. d2 - 1 do
                    for k in 0 .. dout - 1 do
                        let a = x1.[o1.[ins.I1] + u * d1 + i]
                        let b = x2.[o2.[ins.I2] + v * d2 + j]
                        let g = gradOutput.[oo.[ins.IOut] + w * dout + k]
                        let cw = c * w3.[i, j, k]
                        g1.[o1.[ins.I1] + u * d1 + i] <- g1.[o1.[ins.I1] + u * d1 + i] + cw * weight * b * g
                        g2.[o2.[ins.I2] + v * d2 + j] <- g2.[o2.[ins.I2] + v * d2 + j] + cw * weight * a * g
                        weightGradient <- weightGradient + cw * a * b * g
            if ins.HasWeight then gw.[weightOffset + wIndex] <- gw.[weightOffset + wIndex] + weightGradient
        match ins.Mode with
        | "uvw" -> for u in 0 .. m1 - 1 do for v in 0 .. m2 - 1 do for w in 0 .. mo - 1 do pathGradient u v w ((u * m2 + v) * mo + w)
        | "uvu" -> for u in 0 .. m1 - 1 do for v in 0 .. m2 - 1 do pathGradient u v u (u * m2 + v)
        | "uuu" -> for u in 0 .. m1 - 1 do pathGradient u u u u
        | _ -> for u in 0 .. m1 - 1 do for v in 0 .. m2 - 1 do pathGradient u v (u * m2 + v) (u * m2 + v)
        weightOffset <- weightOffset + counts.[p]
    g1, g2, gw
