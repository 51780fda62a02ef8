/// Arbitrary shapes and values: shapes that break naive tiling (0, 1, primes, every register tile +- 1,
/// non-unit leading dimensions, transposes) and values that break naive semantics (ties, infinities,
/// signed zeros, subnormals, NaN where the semiring defines it, integer extremes).
module TensorGen.Properties.Generators

open System
open Expecto
open FsCheck
open FsCheck.FSharp
open TensorGen

// ---- running properties -------------------------------------------------------------------------------

/// A property over draws from `gen`, `tests` times; a failure prints the draw and the replay seed.
let property (name: string) (tests: int) (gen: Gen<'a>) (body: 'a -> unit) : Test =
    testPropertyWithConfig { FsCheckConfig.defaultConfig with maxTest = tests } name (Prop.forAll (Arb.fromGen gen) body)

/// Runs `f` with kernels forced onto `path`.
let onPath (path: VectorPath) (f: unit -> 'r) : 'r =
    use _ = KernelDispatch.Override path
    f ()

/// Runs `f` with kernels forced onto `path` and GEMMs onto the path's `variant` micro-kernel tile.
let onPathTile (path: VectorPath) (variant: TensorGen.Kernels.TileVariant) (f: unit -> 'r) : 'r =
    use _ = KernelDispatch.Override path
    use _ = TensorGen.Kernels.GemmTiles.Override variant
    f ()

// ---- shapes -----------------------------------------------------------------------------------------

/// Sizes around every vector width and register tile (4, 6, 8, 16, 32, 64 columns), small primes, 0 and 1.
let tileSizes =
    [ 0; 1; 2; 3; 5; 7; 11; 13
      3; 4; 5; 5; 6; 7; 7; 8; 9; 12; 14; 15; 16; 17; 23; 24; 25; 31; 32; 33; 63; 64; 65 ]

/// How large a draw may be on one code path: Vector512 runs in software here, so it gets smaller shapes.
type Limits =
    { MaxDim: int
      /// Upper bound on m * n * k for one product, which keeps the oracle's triple loop cheap.
      MaxWork: int
      MaxTests: int }

/// A dimension: mostly a tile-boundary size, sometimes any size up to the limit.
let dimension (maxDim: int) : Gen<int> =
    let sizes = tileSizes |> List.filter (fun s -> s <= maxDim)
    Gen.frequency [ 3, Gen.elements sizes; 1, Gen.choose (0, maxDim) ]

/// Extra elements between stored rows: usually none, sometimes a few, now and then an odd stride.
let ldPadding : Gen<int> = Gen.frequency [ 3, Gen.constant 0; 1, Gen.elements [ 1; 3; 17 ] ]

/// A general product's shape: op(A) m x k, op(B) k x n, C m x n, with leading dimensions and transposes.
type GemmShape =
    { M: int; N: int; K: int
      TransposeA: bool; TransposeB: bool
      Lda: int; Ldb: int; Ldc: int
      Accumulate: bool }
    /// Rows and columns of A as stored.
    member s.StoredA = if s.TransposeA then s.K, s.M else s.M, s.K
    /// Rows and columns of B as stored.
    member s.StoredB = if s.TransposeB then s.N, s.K else s.K, s.N

/// Elements a rows x cols matrix with leading dimension ld occupies: the last row stops at its last column.
let storedLength rows cols ld = if rows = 0 || cols = 0 then 0 else (rows - 1) * ld + cols

/// A product's shape; `contiguous` draws no transposes and no padding (the short MatMul forms).
let gemmShape (contiguous: bool) (limits: Limits) : Gen<GemmShape> =
    gen {
        let! m = dimension limits.MaxDim
        let! n = dimension limits.MaxDim
        let! k0 = dimension limits.MaxDim
        // Keep m * n * k within budget by shrinking k, the dimension the oracle pays for most.
        let k = if m * n * k0 <= limits.MaxWork then k0 else max 1 (limits.MaxWork / max 1 (m * n))
        let either = if contiguous then Gen.constant false else Gen.elements [ false; true ]
        let padding = if contiguous then Gen.constant 0 else ldPadding
        let! ta = either
        let! tb = either
        let! pa = padding
        let! pb = padding
        let! pc = padding
        let! accumulate = either
        let colsA = if ta then m else k
        let colsB = if tb then k else n
        return
            { M = m; N = n; K = k; TransposeA = ta; TransposeB = tb
              Lda = max 1 colsA + pa; Ldb = max 1 colsB + pb; Ldc = max 1 n + pc
              Accumulate = accumulate }
    }

/// Operands of one general product; C's padding between rows holds values the kernel must not touch.
type GemmCase<'T> =
    { Shape: GemmShape; A: 'T[]; B: 'T[]; C: 'T[] }

let gemmCase (contiguous: bool) (limits: Limits) (values: Gen<'T>) : Gen<GemmCase<'T>> =
    gen {
        let! s = gemmShape contiguous limits
        let ra, ca = s.StoredA
        let rb, cb = s.StoredB
        let! a = Gen.arrayOfLength (storedLength ra ca s.Lda) values
        let! b = Gen.arrayOfLength (storedLength rb cb s.Ldb) values
        let! c = Gen.arrayOfLength (storedLength s.M s.N s.Ldc) values
        return { Shape = s; A = a; B = b; C = c }
    }

/// A general matrix-vector product: op(A) m x n, x of n, y of m.
type MatVecCase<'T> =
    { M: int; N: int; Transpose: bool; Lda: int; Accumulate: bool; A: 'T[]; X: 'T[]; Y: 'T[] }

let matVecCase (contiguous: bool) (limits: Limits) (values: Gen<'T>) : Gen<MatVecCase<'T>> =
    gen {
        let either = if contiguous then Gen.constant false else Gen.elements [ false; true ]
        let! m = dimension limits.MaxDim
        let! n = dimension limits.MaxDim
        let! t = either
        let! pad = if contiguous then Gen.constant 0 else ldPadding
        let! accumulate = either
        let rows, cols = if t then n, m else m, n
        let lda = max 1 cols + pad
        let! a = Gen.arrayOfLength (storedLength rows cols lda) values
        let! x = Gen.arrayOfLength n values
        let! y = Gen.arrayOfLength m values
        return { M = m; N = n; Transpose = t; Lda = lda; Accumulate = accumulate; A = a; X = x; Y = y }
    }

/// A vector length: around every vector width (4, 8, 16, 32, 64 lanes and twice those for unrolling).
let vectorLength (limits: Limits) : Gen<int> =
    let around = [ 0; 1; 2; 3; 4; 5; 7; 8; 9; 15; 16; 17; 31; 32; 33; 63; 64; 65; 127; 128; 129 ]
    Gen.frequency [ 3, Gen.elements (around |> List.filter (fun s -> s <= 2 * limits.MaxDim)); 1, Gen.choose (0, 2 * limits.MaxDim) ]

/// Two vectors of equal length.
let vectorPair (limits: Limits) (values: Gen<'T>) : Gen<'T[] * 'T[]> =
    gen {
        let! len = vectorLength limits
        let! x = Gen.arrayOfLength len values
        let! y = Gen.arrayOfLength len values
        return x, y
    }

/// A square matrix for closure, n up to the limit.
let squareCase (limits: Limits) (values: Gen<'T>) : Gen<int * 'T[]> =
    gen {
        let! n = dimension (min limits.MaxDim 40)
        let! a = Gen.arrayOfLength (n * n) values
        return n, a
    }

// ---- values -----------------------------------------------------------------------------------------

/// Small integers: many ties.
let smallIntegers (lo: int) (hi: int) : Gen<float> = Gen.choose (lo, hi) |> Gen.map float

/// Quarter-integers in [lo/4, hi/4]: exact under + and * for the magnitudes the law tests use.
let dyadic (lo: int) (hi: int) : Gen<float> = Gen.choose (lo, hi) |> Gen.map (fun i -> float i / 4.0)

/// A value in [-range, range] with a full mantissa (no structure to hide behind).
let wide (range: float) : Gen<float> =
    Gen.map2 (fun (a: int) (b: int) -> range * (float a + float b / 1e9) / 1e6) (Gen.choose (-1_000_000, 1_000_000)) (Gen.choose (0, 999_999_999))
    |> Gen.map (fun x -> max -range (min range x))

/// Zeros of both signs and subnormals (of float32 and of float; converting the latter to float32 gives 0).
let zerosAndSubnormals : Gen<float> = Gen.elements [ 0.0; -0.0; 1e-40; -1e-40; 1e-310; 5e-324 ]

/// Plus-times: ties, full-mantissa values, zeros and subnormals, now and then inf or NaN (IEEE defines them).
let plusTimesValues : Gen<float> =
    Gen.frequency [ 40, smallIntegers -4 4; 40, wide 100.0; 6, zerosAndSubnormals
                    1, Gen.elements [ infinity; -infinity; nan ] ]

/// Max-plus: ties, signed zeros, -inf (its Zero); never +inf (-inf + +inf is NaN) nor NaN.
let maxPlusValues : Gen<float> =
    Gen.frequency [ 40, smallIntegers -4 4; 40, wide 1000.0; 5, Gen.elements [ 0.0; -0.0 ]; 8, Gen.constant -infinity ]

/// Min-plus: the mirror of max-plus, with +inf.
let minPlusValues : Gen<float> = maxPlusValues |> Gen.map (fun x -> -x)

/// Max-times: non-negative finite values (0 * inf would be NaN), ties and subnormals.
let maxTimesValues : Gen<float> =
    Gen.frequency [ 40, dyadic 0 16; 40, wide 100.0 |> Gen.map abs; 5, Gen.elements [ 0.0; 1e-40; 1e-310 ] ]

/// Bottleneck semirings: anything but NaN, both infinities and both zeros included.
let bottleneckValues : Gen<float> =
    Gen.frequency [ 40, smallIntegers -4 4; 40, wide 1e6; 5, zerosAndSubnormals; 6, Gen.elements [ infinity; -infinity ] ]

/// IEEE max-min: the bottleneck values plus NaN, which Math.Max/Math.Min define.
let ieeeBottleneckValues : Gen<float> = Gen.frequency [ 20, bottleneckValues; 1, Gen.constant nan ]

/// Log-sum-exp: finite values of moderate size, ties, and -inf (its Zero).
let logSumExpValues : Gen<float> =
    Gen.frequency [ 30, smallIntegers -8 8; 40, wide 40.0; 8, Gen.constant -infinity ]

/// Sparse booleans: a term x_i && y_i is true one time in 25, so a row of a product is neither almost
/// always true nor almost always false, and a lost or extra term shows.
let booleans : Gen<bool> = Gen.frequency [ 1, Gen.constant true; 4, Gen.constant false ]

/// Any int with the extremes and their neighbours over-represented.
let int32Values : Gen<int> =
    Gen.frequency [ 30, Gen.choose (-8, 8)
                    30, Gen.map2 (fun (hi: int) (lo: int) -> (hi <<< 16) ^^^ lo) (Gen.choose (-32768, 32767)) (Gen.choose (0, 65535))
                    6, Gen.elements [ Int32.MinValue; Int32.MinValue + 1; Int32.MaxValue; Int32.MaxValue - 1; -1; 0 ] ]

/// Any long with the extremes and their neighbours over-represented.
let int64Values : Gen<int64> =
    let anyLong = Gen.map2 (fun (hi: int) (lo: int) -> (int64 hi <<< 32) ||| int64 (uint32 lo)) int32Values int32Values
    Gen.frequency [ 30, Gen.choose (-8, 8) |> Gen.map int64
                    30, anyLong
                    6, Gen.elements [ Int64.MinValue; Int64.MinValue + 1L; Int64.MaxValue; Int64.MaxValue - 1L; -1L; 0L ] ]

/// A generator with its sentinel (a semiring's Zero) drawn more often.
let withSentinel (sentinel: 'T) (values: Gen<'T>) : Gen<'T> = Gen.frequency [ 6, values; 1, Gen.constant sentinel ]

// ---- closure inputs: values for which no cycle improves on One and every association order is exact ----

/// Non-negative integer weights (and +inf) for min-plus: shortest paths, exact in any order.
let minPlusClosureValues : Gen<float> = Gen.frequency [ 3, smallIntegers 0 20; 1, Gen.constant infinity ]

/// Non-positive integer weights (and -inf) for max-plus.
let maxPlusClosureValues : Gen<float> = minPlusClosureValues |> Gen.map (fun x -> -x)

/// Powers of two in [2^-8, 1] and 0 for max-times: path products are exact and never exceed One.
let maxTimesClosureValues : Gen<float> =
    Gen.frequency [ 4, Gen.choose (0, 8) |> Gen.map (fun j -> Math.Pow(2.0, float -j)); 1, Gen.constant 0.0 ]

// ---- law domains: where each semiring's laws hold exactly (or within its bound) ----------------------

/// Small dyadic values: sums and triple products are exact in float32 and float.
let exactArithmeticValues : Gen<float> = Gen.frequency [ 8, dyadic -64 64; 1, Gen.elements [ 0.0; -0.0 ] ]
