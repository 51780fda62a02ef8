/// Kernel inputs as logical matrices and vectors plus a storage layout, drawn at the shapes that break tiling
/// (0, 1, primes, every register tile and vector width +- 1, the cache-block depth +- 1) and shrunk toward the
/// smallest shape, the plainest layout and the simplest values (Zero, then One, then the domain's shrinker).
module internal TensorGen.Testing.Cases

open FsCheck
open FsCheck.FSharp
open TensorGen.Testing.Elements

type Limits = { MaxDim: int; MaxWork: int }

/// Sizes around every register tile and vector width (4, 6, 8, 16, 32, 64), small primes, 0 and 1.
let private tileSizes = [ 0; 1; 2; 3; 4; 5; 6; 7; 8; 9; 11; 12; 13; 15; 16; 17; 31; 32; 33; 63; 64; 65 ]

/// Depths around the cache block kc (128, 256 or 512 by element size); drawn with tiny m and n.
let private depthSizes = [ 127; 128; 129; 255; 256; 257; 511; 512; 513 ]

let private dimension (limits: Limits) : Gen<int> =
    Gen.frequency [ 3, Gen.elements (tileSizes |> List.filter (fun s -> s <= limits.MaxDim)); 1, Gen.choose (0, limits.MaxDim) ]

/// m, n, k with m n k <= MaxWork: k is cut to fit (or drawn past the cache block when m n is tiny).
let private dimensions (limits: Limits) : Gen<int * int * int> =
    gen {
        let! m = dimension limits
        let! n = dimension limits
        let! deep = Gen.frequency [ 6, Gen.constant false; 1, Gen.constant true ]
        let! k0 = if deep then Gen.elements depthSizes else dimension limits
        let k = if m * n * k0 <= limits.MaxWork then k0 else max 1 (limits.MaxWork / max 1 (m * n))
        return m, n, k
    }

/// Smaller sizes to try: 0, 1, half, and d minus each power of two (which keeps d's remainder modulo a tile).
let private smaller (d: int) : int list =
    [ 0; 1; d / 2; d - 256; d - 128; d - 64; d - 32; d - 16; d - 8; d - 4; d - 2; d - 1 ]
    |> List.filter (fun c -> c >= 0 && c < d)
    |> List.distinct

/// The top-left rows' x cols' corner of a rows x cols matrix (cols is the row length of src).
let private corner (src: 'T[]) (cols: int) (rows': int) (cols': int) : 'T[] =
    Array.init (rows' * cols') (fun index -> src.[(index / cols') * cols + index % cols'])

/// The rows x cols matrix without row `row` (when >= 0) and without column `col` (when >= 0).
let private without (src: 'T[]) (rows: int) (cols: int) (row: int) (col: int) : 'T[] =
    [| for i in 0 .. rows - 1 do
         if i <> row then
             for j in 0 .. cols - 1 do
                 if j <> col then src.[i * cols + j] |]

/// Each index to drop in turn, for small dimensions (a fault may need the last row, not the first).
let private droppable (d: int) = if d > 1 && d <= 64 then [ 0 .. d - 2 ] else []

/// Simpler values, well-founded: Zero < One < anything else, then the domain's own shrinker.
type Simplify<'T> =
    { Zero: 'T; One: 'T; Shrink: 'T -> seq<'T> }
    member s.Of(v: 'T) : seq<'T> =
        if sameBits v s.Zero then Seq.empty
        elif sameBits v s.One then Seq.singleton s.Zero
        else seq { yield s.Zero; yield s.One; yield! s.Shrink v |> Seq.truncate 2 }

/// Arrays with every element Zero, then with one element simplified at a time.
let private simplerArrays (s: Simplify<'T>) (xs: 'T[]) : seq<'T[]> =
    seq {
        if xs |> Array.exists (fun x -> not (sameBits x s.Zero)) then yield Array.create xs.Length s.Zero
        for i in 0 .. xs.Length - 1 do
            for v in s.Of xs.[i] do
                let copy = Array.copy xs
                copy.[i] <- v
                yield copy
    }

/// Elements a rows x cols matrix with leading dimension ld occupies.
let storedLength rows cols ld = if rows = 0 || cols = 0 then 0 else (rows - 1) * ld + cols

/// Stores the logical rows x cols matrix `logical` transposed or not, with `pad` extra elements per stored
/// row holding `fill`. Returns the array and its leading dimension.
let store (logical: 'T[]) (rows: int) (cols: int) (transposed: bool) (pad: int) (fill: 'T) : 'T[] * int =
    let storedRows, storedCols = if transposed then cols, rows else rows, cols
    let ld = max 1 storedCols + pad
    let stored = Array.create (storedLength storedRows storedCols ld) fill
    for i in 0 .. rows - 1 do
        for j in 0 .. cols - 1 do
            stored.[if transposed then j * ld + i else i * ld + j] <- logical.[i * cols + j]
    stored, ld

// ---- products -------------------------------------------------------------------------------------------

type GemmForm =
    | Contiguous
    | ContiguousAdd
    | General

/// op(A) is M x K, op(B) is K x N, C is M x N (all logical, row-major); pads and transposes describe storage.
type GemmCase<'T> =
    { M: int; N: int; K: int
      TransposeA: bool; TransposeB: bool
      PadA: int; PadB: int; PadC: int
      Accumulate: bool
      A: 'T[]; B: 'T[]; C: 'T[]
      /// What stored padding holds (C's padding must come back untouched).
      Fill: 'T }

let private padding : Gen<int> = Gen.frequency [ 3, Gen.constant 0; 1, Gen.elements [ 1; 3; 17 ] ]

let gemmCase (form: GemmForm) (limits: Limits) (values: Gen<'T>) : Gen<GemmCase<'T>> =
    gen {
        let! m, n, k = dimensions limits
        let general = form = General
        let flag = if general then Gen.elements [ false; true ] else Gen.constant false
        let pad = if general then padding else Gen.constant 0
        let! ta = flag
        let! tb = flag
        let! pa = pad
        let! pb = pad
        let! pc = pad
        let! accumulate = if general then Gen.elements [ false; true ] else Gen.constant (form = ContiguousAdd)
        let! a = Gen.arrayOfLength (m * k) values
        let! b = Gen.arrayOfLength (k * n) values
        let! c = Gen.arrayOfLength (m * n) values
        let! fill = values
        return
            { M = m; N = n; K = k; TransposeA = ta; TransposeB = tb; PadA = pa; PadB = pb; PadC = pc
              Accumulate = accumulate; A = a; B = b; C = c; Fill = fill }
    }

let shrinkGemm (s: Simplify<'T>) (g: GemmCase<'T>) : seq<GemmCase<'T>> =
    seq {
        for m in smaller g.M -> { g with M = m; A = corner g.A g.K m g.K; C = corner g.C g.N m g.N }
        for n in smaller g.N -> { g with N = n; B = corner g.B g.N g.K n; C = corner g.C g.N g.M n }
        for k in smaller g.K -> { g with K = k; A = corner g.A g.K g.M k; B = corner g.B g.N k g.N }
        for i in droppable g.M -> { g with M = g.M - 1; A = without g.A g.M g.K i -1; C = without g.C g.M g.N i -1 }
        for j in droppable g.N -> { g with N = g.N - 1; B = without g.B g.K g.N -1 j; C = without g.C g.M g.N -1 j }
        for p in droppable g.K -> { g with K = g.K - 1; A = without g.A g.M g.K -1 p; B = without g.B g.K g.N p -1 }
        if g.TransposeA then yield { g with TransposeA = false }
        if g.TransposeB then yield { g with TransposeB = false }
        if g.PadA > 0 then yield { g with PadA = 0 }
        if g.PadB > 0 then yield { g with PadB = 0 }
        if g.PadC > 0 then yield { g with PadC = 0 }
        for a in simplerArrays s g.A -> { g with A = a }
        for b in simplerArrays s g.B -> { g with B = b }
        for c in simplerArrays s g.C -> { g with C = c }
        for f in s.Of g.Fill -> { g with Fill = f }
    }

/// Shrinking must not turn an accumulating contiguous case (MatMulAdd) into another form, nor the reverse.
let shrinkGemmForm (form: GemmForm) (s: Simplify<'T>) (g: GemmCase<'T>) : seq<GemmCase<'T>> =
    let general = seq { if form = General && g.Accumulate then yield { g with Accumulate = false } }
    Seq.append (shrinkGemm s g) general

// ---- matrix-vector ----------------------------------------------------------------------------------------

/// op(A) is M x N (logical), x has N elements, y has M.
type MatVecCase<'T> =
    { M: int; N: int; Transpose: bool; Pad: int; Accumulate: bool; A: 'T[]; X: 'T[]; Y: 'T[]; Fill: 'T }

let matVecCase (general: bool) (limits: Limits) (values: Gen<'T>) : Gen<MatVecCase<'T>> =
    gen {
        let! m = dimension limits
        let! n = dimension limits
        let flag = if general then Gen.elements [ false; true ] else Gen.constant false
        let! t = flag
        let! pad = if general then padding else Gen.constant 0
        let! accumulate = flag
        let! a = Gen.arrayOfLength (m * n) values
        let! x = Gen.arrayOfLength n values
        let! y = Gen.arrayOfLength m values
        let! fill = values
        return { M = m; N = n; Transpose = t; Pad = pad; Accumulate = accumulate; A = a; X = x; Y = y; Fill = fill }
    }

let shrinkMatVec (s: Simplify<'T>) (v: MatVecCase<'T>) : seq<MatVecCase<'T>> =
    seq {
        for m in smaller v.M -> { v with M = m; A = corner v.A v.N m v.N; Y = Array.truncate m v.Y }
        for n in smaller v.N -> { v with N = n; A = corner v.A v.N v.M n; X = Array.truncate n v.X }
        for i in droppable v.M -> { v with M = v.M - 1; A = without v.A v.M v.N i -1; Y = without v.Y v.M 1 i -1 }
        for j in droppable v.N -> { v with N = v.N - 1; A = without v.A v.M v.N -1 j; X = without v.X v.N 1 j -1 }
        if v.Transpose then yield { v with Transpose = false }
        if v.Pad > 0 then yield { v with Pad = 0 }
        if v.Accumulate then yield { v with Accumulate = false }
        for a in simplerArrays s v.A -> { v with A = a }
        for x in simplerArrays s v.X -> { v with X = x }
        for y in simplerArrays s v.Y -> { v with Y = y }
        for f in s.Of v.Fill -> { v with Fill = f }
    }

// ---- vectors ----------------------------------------------------------------------------------------------

/// Two vectors of one length; Alias 0: a separate destination, 1: the destination is x, 2: it is y.
type VectorCase<'T> = { X: 'T[]; Y: 'T[]; Alias: int }

let private vectorLengths = [ 0; 1; 2; 3; 4; 5; 7; 8; 9; 15; 16; 17; 31; 32; 33; 63; 64; 65; 127; 128; 129 ]

let vectorCase (limits: Limits) (values: Gen<'T>) : Gen<VectorCase<'T>> =
    gen {
        let longest = 2 * limits.MaxDim
        let! length = Gen.frequency [ 3, Gen.elements (vectorLengths |> List.filter (fun l -> l <= longest)); 1, Gen.choose (0, longest) ]
        let! x = Gen.arrayOfLength length values
        let! y = Gen.arrayOfLength length values
        let! alias = Gen.elements [ 0; 0; 1; 2 ]
        return { X = x; Y = y; Alias = alias }
    }

let shrinkVector (s: Simplify<'T>) (v: VectorCase<'T>) : seq<VectorCase<'T>> =
    seq {
        for l in smaller v.X.Length -> { v with X = Array.truncate l v.X; Y = Array.truncate l v.Y }
        for i in droppable v.X.Length -> { v with X = without v.X v.X.Length 1 i -1; Y = without v.Y v.Y.Length 1 i -1 }
        if v.Alias <> 0 then yield { v with Alias = 0 }
        for x in simplerArrays s v.X -> { v with X = x }
        for y in simplerArrays s v.Y -> { v with Y = y }
    }

// ---- closure ----------------------------------------------------------------------------------------------

/// An N x N matrix.
type SquareCase<'T> = { N: int; A: 'T[] }

let squareCase (limits: Limits) (values: Gen<'T>) : Gen<SquareCase<'T>> =
    gen {
        let! n = dimension { limits with MaxDim = min limits.MaxDim 40 }
        let! a = Gen.arrayOfLength (n * n) values
        return { N = n; A = a }
    }

let shrinkSquare (s: Simplify<'T>) (c: SquareCase<'T>) : seq<SquareCase<'T>> =
    seq {
        for n in smaller c.N -> { N = n; A = corner c.A c.N n n }
        for i in droppable c.N -> { N = c.N - 1; A = without c.A c.N c.N i i }
        for a in simplerArrays s c.A -> { c with A = a }
    }

/// An Arbitrary from a generator and a shrinker.
let arbitrary (gen: Gen<'a>) (shrink: 'a -> seq<'a>) : Arbitrary<'a> = Arb.fromGenShrink (gen, shrink)
