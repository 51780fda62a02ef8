/// Reference semantics of the compact number formats, written from their definitions: bit fields and
/// powers of two for bfloat16 and IEEE half, sign / regime / exponent / fraction for posits, nearest-value
/// search for rounding, and ggml's reference quantizers for Q4_0 / Q8_0. Shares no code with the kernels
/// and uses neither System.Half nor any BFloat16 type.
module TensorGen.Algebra.Numerics

open System

// ---- IEEE-style formats ------------------------------------------------------------------------------

/// The value of a binary floating-point pattern with `expBits` exponent and `fracBits` fraction bits.
let private ieeeDecode (expBits: int) (fracBits: int) (bits: int) : float =
    let sign = if (bits >>> (expBits + fracBits)) &&& 1 = 1 then -1.0 else 1.0
    let e = (bits >>> fracBits) &&& ((1 <<< expBits) - 1)
    let f = bits &&& ((1 <<< fracBits) - 1)
    let bias = (1 <<< (expBits - 1)) - 1
    if e = (1 <<< expBits) - 1 then (if f = 0 then sign * Double.PositiveInfinity else Double.NaN)
    elif e = 0 then sign * float f * Math.Pow(2.0, float (1 - bias - fracBits))
    else sign * (1.0 + float f / Math.Pow(2.0, float fracBits)) * Math.Pow(2.0, float (e - bias))

/// bfloat16 pattern → value (NaN for any NaN pattern).
let bf16ToDouble (bits: uint16) : float = ieeeDecode 8 7 (int bits)

/// IEEE half pattern → value.
let halfToDouble (bits: uint16) : float = ieeeDecode 5 10 (int bits)

/// Rounds a finite or infinite value (not NaN) to the nearest pattern of a format by comparing the two
/// neighbouring candidates of its magnitude; ties go to the even pattern; beyond the largest finite value the
/// midpoint to 2^(emax+1) decides between the largest finite value and infinity.
let private ieeeEncode (expBits: int) (fracBits: int) (x: float) : int =
    let signBit = if x < 0.0 || (x = 0.0 && 1.0 / x < 0.0) then 1 <<< (expBits + fracBits) else 0
    let a = abs x
    let infPattern = ((1 <<< expBits) - 1) <<< fracBits
    let value p = if p = infPattern then Math.Pow(2.0, float (1 <<< (expBits - 1))) else ieeeDecode expBits fracBits p
    if a >= value infPattern then signBit ||| infPattern
    else
        // largest pattern whose value is <= a, by binary search over the ordered magnitudes
        let mutable lo = 0
        let mutable hi = infPattern
        while hi - lo > 1 do
            let mid = (lo + hi) / 2
            if value mid <= a then lo <- mid else hi <- mid
        let below, above = lo, hi
        let result =
            if value below = a then below
            else
                let dBelow = a - value below
                let dAbove = value above - a
                if dBelow < dAbove then below
                elif dAbove < dBelow then above
                elif below % 2 = 0 then below
                else above
        signBit ||| result

/// float → bfloat16, round to nearest even; NaN keeps its sign and top payload bits and gets the quiet bit.
let bf16OfSingle (x: float32) : uint16 =
    let bits = BitConverter.SingleToUInt32Bits x
    if Single.IsNaN x then uint16 ((bits >>> 16) ||| 0x40u)
    else uint16 (ieeeEncode 8 7 (float x))

/// double → bfloat16, round to nearest even, one rounding.
let bf16OfDouble (x: float) : uint16 =
    if Double.IsNaN x then
        let b = BitConverter.DoubleToUInt64Bits x
        uint16 (((b >>> 48) &&& 0x8000UL) ||| 0x7FC0UL ||| ((b >>> 45) &&& 0x3FUL))
    else uint16 (ieeeEncode 8 7 x)

/// float → half, round to nearest even; NaN keeps its sign and top 9 payload bits and gets the quiet bit.
let halfOfSingle (x: float32) : uint16 =
    let bits = BitConverter.SingleToUInt32Bits x
    if Single.IsNaN x then uint16 (((bits >>> 16) &&& 0x8000u) ||| 0x7E00u ||| ((bits >>> 13) &&& 0x3FFu))
    else uint16 (ieeeEncode 5 10 (float x))

// ---- posits ------------------------------------------------------------------------------------------

/// A posit format: n bits, es exponent bits.
type PositFormat = { N: int; Es: int }

let posit8 = { N = 8; Es = 0 }
let posit16 = { N = 16; Es = 1 }
let posit16Es2 = { N = 16; Es = 2 }

let useed (p: PositFormat) = Math.Pow(2.0, Math.Pow(2.0, float p.Es))
let maxpos (p: PositFormat) = Math.Pow(useed p, float (p.N - 2))
let minpos (p: PositFormat) = 1.0 / maxpos p

/// Decodes by the definition: (−1)^s · useed^k · 2^e · (1 + f), reading the bits of the two's complement
/// magnitude one at a time (missing exponent bits are zeros); NaR → NaN.
let positToDouble (p: PositFormat) (bits: int) : float =
    let mask = (1 <<< p.N) - 1
    let bits = bits &&& mask
    if bits = 0 then 0.0
    elif bits = (1 <<< (p.N - 1)) then Double.NaN
    else
        let negative = (bits &&& (1 <<< (p.N - 1))) <> 0
        let m = if negative then (-bits) &&& mask else bits
        let bit i = (m >>> (p.N - 2 - i)) &&& 1     // i-th bit after the sign
        let body = p.N - 1
        let first = bit 0
        let mutable run = 0
        while run < body && bit run = first do run <- run + 1
        let k = if first = 1 then run - 1 else -run
        let mutable pos = run + 1                      // skip the terminator
        let mutable e = 0
        for _ in 1 .. p.Es do
            e <- 2 * e + (if pos < body then bit pos else 0)
            pos <- pos + 1
        let mutable f = 0.0
        let mutable weight = 0.5
        while pos < body do
            f <- f + weight * float (bit pos)
            weight <- weight / 2.0
            pos <- pos + 1
        let v = Math.Pow(useed p, float k) * Math.Pow(2.0, float e) * (1.0 + f)
        if negative then -v else v

/// Encodes by writing the unbounded bit string of |x| (regime, exponent, fraction, sticky) and rounding it to
/// n − 1 bits, nearest even; |x| ≥ maxpos → maxpos, 0 < |x| ≤ minpos → minpos (no underflow), NaN/∞ → NaR.
let positOfDouble (p: PositFormat) (x: float) : int =
    let mask = (1 <<< p.N) - 1
    if Double.IsNaN x || Double.IsInfinity x then 1 <<< (p.N - 1)
    elif x = 0.0 then 0
    else
        let a = abs x
        let magnitude =
            if a >= maxpos p then (1 <<< (p.N - 1)) - 1
            elif a <= minpos p then 1
            else
                let u = useed p
                let mutable y = a
                let mutable k = 0
                while y >= u do y <- y / u; k <- k + 1
                while y < 1.0 do y <- y * u; k <- k - 1
                let mutable e = 0
                while y >= 2.0 do y <- y / 2.0; e <- e + 1
                let bits = Collections.Generic.List<int>()
                if k >= 0 then
                    for _ in 0 .. k do bits.Add 1
                    bits.Add 0
                else
                    for _ in 1 .. -k do bits.Add 0
                    bits.Add 1
                for i in p.Es - 1 .. -1 .. 0 do bits.Add((e >>> i) &&& 1)
                let mutable f = y - 1.0
                for _ in 1 .. 64 do
                    f <- 2.0 * f
                    if f >= 1.0 then bits.Add 1; f <- f - 1.0 else bits.Add 0
                let keep = p.N - 1
                let mutable v = 0
                for i in 0 .. keep - 1 do v <- 2 * v + bits.[i]
                let guard = bits.[keep] = 1
                let sticky = f <> 0.0 || Seq.exists (fun b -> b = 1) (Seq.skip (keep + 1) bits)
                if guard && (sticky || v % 2 = 1) then v + 1 else v
        if x < 0.0 then (-magnitude) &&& mask else magnitude

// ---- ggml block formats ------------------------------------------------------------------------------

/// ggml's quantize_row_q4_0_ref: per 32 values, max = the value of largest magnitude (first on ties),
/// d = max / −8, id = 1/d (0 if d = 0), code = min(15, trunc(x·id + 8.5)); block = half d (little-endian) then
/// 16 bytes, byte j = code j | code (j+16) << 4. Arithmetic in float32 as in C.
let quantizeQ4_0 (x: float32[]) : byte[] =
    let blocks = x.Length / 32
    let out = Array.zeroCreate<byte> (blocks * 18)
    for b in 0 .. blocks - 1 do
        let mutable amax = 0.0f
        let mutable mx = 0.0f
        for j in 0 .. 31 do
            let v = x.[b * 32 + j]
            if amax < abs v then amax <- abs v; mx <- v
        let d = mx / -8.0f
        let id = if d <> 0.0f then 1.0f / d else 0.0f
        let h = halfOfSingle d
        out.[b * 18] <- byte (h &&& 0xFFus)
        out.[b * 18 + 1] <- byte (h >>> 8)
        let code (v: float32) = min 15 (int (sbyte (Math.Truncate(float (v * id + 8.5f)))))
        for j in 0 .. 15 do
            out.[b * 18 + 2 + j] <- byte (code x.[b * 32 + j] ||| (code x.[b * 32 + j + 16] <<< 4))
    out

/// ggml's quantize_row_q8_0_ref: d = amax / 127, id = 1/d (0 if d = 0), code = roundf(x·id) (half away from 0).
let quantizeQ8_0 (x: float32[]) : byte[] =
    let blocks = x.Length / 32
    let out = Array.zeroCreate<byte> (blocks * 34)
    for b in 0 .. blocks - 1 do
        let mutable amax = 0.0f
        for j in 0 .. 31 do amax <- max amax (abs x.[b * 32 + j])
        let d = amax / 127.0f
        let id = if d <> 0.0f then 1.0f / d else 0.0f
        let h = halfOfSingle d
        out.[b * 34] <- byte (h &&& 0xFFus)
        out.[b * 34 + 1] <- byte (h >>> 8)
        for j in 0 .. 31 do
            let v = float (x.[b * 32 + j] * id)
            out.[b * 34 + 2 + j] <- byte (sbyte (Math.Round(v, MidpointRounding.AwayFromZero)))
    out

let private blockScale (bytes: byte[]) (offset: int) = halfToDouble (uint16 bytes.[offset] ||| (uint16 bytes.[offset + 1] <<< 8))

/// Q4_0 bytes → values (code − 8)·d.
let dequantizeQ4_0 (bytes: byte[]) : float[] =
    let blocks = bytes.Length / 18
    Array.init (blocks * 32) (fun i ->
        let b, j = i / 32, i % 32
        let q = int bytes.[b * 18 + 2 + (j % 16)]
        let code = if j < 16 then q &&& 0xF else q >>> 4
        float (code - 8) * blockScale bytes (b * 18))

/// Q8_0 bytes → values q·d.
let dequantizeQ8_0 (bytes: byte[]) : float[] =
    let blocks = bytes.Length / 34
    Array.init (blocks * 32) (fun i ->
        let b, j = i / 32, i % 32
        float (sbyte bytes.[b * 34 + 2 + j]) * blockScale bytes (b * 34))

/// Per block: the exact integer Σ (q4 − 8)·q8 and the product of the two scales.
let q4q8BlockTerms (q4: byte[]) (q8: byte[]) : (int64 * float)[] =
    Array.init (q4.Length / 18) (fun b ->
        let mutable s = 0L
        for j in 0 .. 31 do
            let q = int q4.[b * 18 + 2 + (j % 16)]
            let code = (if j < 16 then q &&& 0xF else q >>> 4) - 8
            s <- s + int64 code * int64 (sbyte q8.[b * 34 + 2 + j])
        s, blockScale q4 (b * 18) * blockScale q8 (b * 34))

/// Σ over blocks of |d₄·d₈|·Σⱼ |q₄ⱼ − 8|·|q₈ⱼ|: the magnitude that bounds any grouping of the block sums.
let q4q8AbsoluteTerms (q4: byte[]) (q8: byte[]) : float =
    Array.init (q4.Length / 18) (fun b ->
        let mutable s = 0L
        for j in 0 .. 31 do
            let q = int q4.[b * 18 + 2 + (j % 16)]
            let code = (if j < 16 then q &&& 0xF else q >>> 4) - 8
            s <- s + abs (int64 code * int64 (sbyte q8.[b * 34 + 2 + j]))
        float s * abs (blockScale q4 (b * 18) * blockScale q8 (b * 34)))
    |> Array.sum

/// The batched Q4_0 × Q8_0 product as defined for TensorGen's MatMulQ8 (llama.cpp's CPU scheme): W holds m rows of
/// k/32 Q4_0 blocks (bytes), X is k × n float32 row-major; each column of X is quantized along k with
/// quantizeQ8_0, and C[i, j] = Σ over blocks b in increasing order of fl(fl(d₄·d₈)·s_b), accumulated in float32
/// from 0, s_b the exact integer block sum (|s_b| < 2²⁴, so float32 s_b is exact). C is m × n row-major.
let q4q8MatMul (w: byte[]) (x: float32[]) (m: int) (n: int) (k: int) : float32[] =
    let blocks = k / 32
    let columns = Array.init n (fun j -> quantizeQ8_0 (Array.init k (fun p -> x.[p * n + j])))
    Array.init (m * n) (fun ij ->
        let i, j = ij / n, ij % n
        let row = w.[i * blocks * 18 .. (i + 1) * blocks * 18 - 1]
        let mutable acc = 0.0f
        for b, (s, _) in Array.indexed (q4q8BlockTerms row columns.[j]) do
            let scale = float32 (blockScale row (b * 18)) * float32 (blockScale columns.[j] (b * 34))
            acc <- acc + scale * float32 s
        acc)

/// llama.cpp's test-quantize-fns error measure: sqrt(Σ (a − b)²) / n (not the RMSE; it divides by n).
let ggmlRmse (a: float[]) (b: float[]) : float =
    let sum = Array.fold2 (fun s (x: float) (y: float) -> s + (x - y) * (x - y)) 0.0 a b
    float (float32 (sqrt sum)) / float a.Length

/// llama.cpp's synthetic test data: 0.1 + 2·cos(i + offset), in float32.
let ggmlTestData (n: int) (offset: float32) : float32[] =
    Array.init n (fun i -> 0.1f + 2.0f * MathF.Cos(float32 i + offset))

// ---- dot products ------------------------------------------------------------------------------------

/// Σ aᵢ·xᵢ and Σ |aᵢ·xᵢ| in double (products of two floats are exact in double).
let dotWithMagnitude (a: float[]) (x: float[]) : float * float =
    Array.fold2 (fun (s, m) ai xi -> s + ai * xi, m + abs (ai * xi)) (0.0, 0.0) a x

/// Σ aᵢ·xᵢ of signed bytes, exactly, then wrapped to int32.
let int8Dot (a: sbyte[]) (x: sbyte[]) : int =
    Array.fold2 (fun s (ai: sbyte) (xi: sbyte) -> s + int64 ai * int64 xi) 0L a x |> int32

/// γₙ = n·u / (1 − n·u) with u = 2⁻²⁴: the float summation bound factor.
let gamma (n: int) : float =
    let nu = float n * Math.Pow(2.0, -24.0)
    nu / (1.0 - nu)
