/// The checks: the semiring laws on the declaration's own members, and every kernel on every path against
/// the plain loops of Reference. Each check is an FsCheck property whose failure is a CounterExample carrying
/// a message a person can act on and whom to blame.
module internal TensorGen.Testing.Checks

open System
open FsCheck
open FsCheck.FSharp
open TensorGen
open TensorGen.Kernels
open TensorGen.Testing.Elements
open TensorGen.Testing.Cases

/// Whose fault a failure is.
type Blame =
    /// The declaration's Zero, One, Add or Multiply break a law.
    | Declaration
    /// A generated kernel differs from the plain loop over the declaration's own members.
    | Kernel
    /// The values the user configured cannot be used (e.g. Closure inputs with a cycle that improves on One).
    | Values

exception CounterExample of blame: Blame * text: string
    with override e.Message = e.text

type Check =
    { /// "laws" or a vector path.
      Group: string
      Title: string
      Blame: Blame
      Tests: int
      Property: Property }
    member c.Name = c.Group + "/" + c.Title

let private property (arb: Arbitrary<'a>) (body: 'a -> unit) : Property = Prop.forAll arb body

// ---- laws -------------------------------------------------------------------------------------------------

type private Law<'T> =
    { Title: string
      Arity: int
      Left: string
      Right: string
      /// Left side, right side, and the intermediate results (for Tolerance.Within's magnitude).
      Eval: 'T[] -> 'T * 'T * 'T list }

let private laws (t: ISemiringTarget<'T>) : Law<'T> list =
    let (<+>) x y = t.Add(x, y)
    let (<*>) x y = t.Multiply(x, y)
    let zero, one = t.Zero, t.One
    [ { Title = "⊕ is associative"; Arity = 3; Left = "(x ⊕ y) ⊕ z"; Right = "x ⊕ (y ⊕ z)"
        Eval = fun v -> (v.[0] <+> v.[1]) <+> v.[2], v.[0] <+> (v.[1] <+> v.[2]), [ v.[0] <+> v.[1]; v.[1] <+> v.[2] ] }
      { Title = "⊕ is commutative"; Arity = 2; Left = "x ⊕ y"; Right = "y ⊕ x"
        Eval = fun v -> v.[0] <+> v.[1], v.[1] <+> v.[0], [] }
      { Title = "⊗ is associative"; Arity = 3; Left = "(x ⊗ y) ⊗ z"; Right = "x ⊗ (y ⊗ z)"
        Eval = fun v -> (v.[0] <*> v.[1]) <*> v.[2], v.[0] <*> (v.[1] <*> v.[2]), [ v.[0] <*> v.[1]; v.[1] <*> v.[2] ] }
      { Title = "⊗ distributes over ⊕ from the left"; Arity = 3; Left = "x ⊗ (y ⊕ z)"; Right = "(x ⊗ y) ⊕ (x ⊗ z)"
        Eval = fun v -> v.[0] <*> (v.[1] <+> v.[2]), (v.[0] <*> v.[1]) <+> (v.[0] <*> v.[2]), [ v.[1] <+> v.[2]; v.[0] <*> v.[1]; v.[0] <*> v.[2] ] }
      { Title = "⊗ distributes over ⊕ from the right"; Arity = 3; Left = "(x ⊕ y) ⊗ z"; Right = "(x ⊗ z) ⊕ (y ⊗ z)"
        Eval = fun v -> (v.[0] <+> v.[1]) <*> v.[2], (v.[0] <*> v.[2]) <+> (v.[1] <*> v.[2]), [ v.[0] <+> v.[1]; v.[0] <*> v.[2]; v.[1] <*> v.[2] ] }
      { Title = "Zero is a left identity of ⊕"; Arity = 1; Left = "Zero ⊕ x"; Right = "x"; Eval = fun v -> zero <+> v.[0], v.[0], [] }
      { Title = "Zero is a right identity of ⊕"; Arity = 1; Left = "x ⊕ Zero"; Right = "x"; Eval = fun v -> v.[0] <+> zero, v.[0], [] }
      { Title = "One is a left identity of ⊗"; Arity = 1; Left = "One ⊗ x"; Right = "x"; Eval = fun v -> one <*> v.[0], v.[0], [] }
      { Title = "One is a right identity of ⊗"; Arity = 1; Left = "x ⊗ One"; Right = "x"; Eval = fun v -> v.[0] <*> one, v.[0], [] }
      { Title = "Zero annihilates from the left"; Arity = 1; Left = "Zero ⊗ x"; Right = "Zero"; Eval = fun v -> zero <*> v.[0], zero, [] }
      { Title = "Zero annihilates from the right"; Arity = 1; Left = "x ⊗ Zero"; Right = "Zero"; Eval = fun v -> v.[0] <*> zero, zero, [] }
      if t.IsAddIdempotent then
          { Title = "⊕ is idempotent (IsAddIdempotent)"; Arity = 1; Left = "x ⊕ x"; Right = "x"; Eval = fun v -> v.[0] <+> v.[0], v.[0], [] } ]

let private declarationFault (t: ISemiringTarget<'T>) =
    sprintf "This is a fault in the declaration of %s (its Zero, One, Add or Multiply), not in the generated kernels. If %s is meant only for some values, restrict Values or Range to them; if it is a semiring only up to rounding, state a Tolerance." t.Name t.Name

let private lawCheck (t: ISemiringTarget<'T>) (tolerance: Tolerance) (tests: int) (values: Arbitrary<'T>) (law: Law<'T>) : Check =
    let simplify = { Simplify.Zero = t.Zero; One = t.One; Shrink = values.Shrinker }
    let gen = Gen.arrayOfLength law.Arity values.Generator
    let shrink (v: 'T[]) =
        seq {
            for i in 0 .. v.Length - 1 do
                for c in simplify.Of v.[i] do
                    let copy = Array.copy v
                    copy.[i] <- c
                    yield copy
        }
    let body (v: 'T[]) =
        let left, right, intermediates = law.Eval v
        let magnitude = v |> Seq.append intermediates |> Seq.append [ left; right ] |> Seq.map Agreement.magnitude |> Seq.fold max 0.0
        if not (Agreement.law tolerance magnitude left right) then
            let names = [ "x"; "y"; "z" ]
            let inputs = [ for i in 0 .. v.Length - 1 -> sprintf "%s = %s" names.[i] (format v.[i]) ] |> String.concat ", "
            let message =
                sprintf "The law %s = %s (%s) fails for %s, %s:\n  %s\n  %s = %s\n  %s = %s\n%s"
                    law.Left law.Right law.Title t.Name tolerance.Description inputs law.Left (format left) law.Right (format right)
                    (declarationFault t)
            raise (CounterExample(Declaration, message))
    { Group = "laws"; Title = law.Title; Blame = Declaration; Tests = tests
      Property = property (arbitrary gen shrink) body }

// ---- kernels ----------------------------------------------------------------------------------------------

let private onPath (path: VectorPath) (f: unit -> 'r) : 'r =
    use _ = KernelDispatch.Override path
    f ()

/// Runs `f` on `path` with GEMMs on the path's `variant` micro-kernel tile.
let private onPathTile (path: VectorPath) (variant: TileVariant) (f: unit -> 'r) : 'r =
    use _ = KernelDispatch.Override path
    use _ = GemmTiles.Override variant
    f ()

let private toTranspose (transposed: bool) = if transposed then Transpose.Transposed else Transpose.None

let private kernelFault (t: ISemiringTarget<'T>) =
    sprintf "This is a fault in the generated kernel (or the driver it calls), not in the declaration: the plain loop uses only %s.Add and %s.Multiply, whose laws hold on these values." t.Name t.Name

/// Runs the kernel; an exception it throws is a counterexample too.
let private invoke (t: ISemiringTarget<'T>) (what: string) (describe: unit -> string) (f: unit -> 'r) : 'r =
    try f ()
    with e ->
        raise (CounterExample(Kernel, sprintf "%s threw %s: %s\n%s\n%s" what (e.GetType().Name) e.Message (describe ()) (kernelFault t)))

/// Compares an output laid out with leading dimension `ld` (rows x cols window; elements outside it must
/// still hold `fill`) with the reference; raises a CounterExample naming the first elements that differ.
let private compare (t: ISemiringTarget<'T>) (tolerance: Tolerance) (what: string) (output: string) (rows: int) (cols: int) (ld: int)
                    (terms: int) (expected: 'T[]) (scales: float[]) (fill: 'T) (before: 'T[]) (actual: 'T[]) (describe: unit -> string) =
    let mismatches = ResizeArray<string>()
    let mutable count = 0
    for index in 0 .. actual.Length - 1 do
        let row, col = index / ld, index % ld
        let inside = row < rows && col < cols
        let ok, line =
            if inside then
                let e = expected.[row * cols + col]
                let ok = Agreement.element tolerance terms scales.[row * cols + col] e actual.[index]
                let bound =
                    if tolerance.IsBounded then sprintf " (allowed error %g)" (Agreement.allowed tolerance terms scales.[row * cols + col]) else ""
                let at = if rows = 1 then sprintf "%s[%d]" output col else sprintf "%s[%d, %d]" output row col
                ok, sprintf "%s: expected %s, actual %s%s; it held %s before" at (format e) (format actual.[index]) bound (format before.[index])
            else
                sameBits fill actual.[index],
                sprintf "%s storage element %d (padding between rows, which must be left alone): held %s, now %s" output index (format fill) (format actual.[index])
        if not ok then
            count <- count + 1
            if mismatches.Count < 4 then mismatches.Add line
    if count > 0 then
        let message =
            sprintf "%s on the %O path differs from the plain loop over %s.Add and %s.Multiply (%s) in %d of %d elements:\n  %s\n%s\n%s"
                what KernelDispatch.Current t.Name t.Name tolerance.Description count actual.Length (String.Join("\n  ", mismatches))
                (describe ()) (kernelFault t)
        raise (CounterExample(Kernel, message))

type private Context<'T> =
    { Target: ISemiringTarget<'T>
      Tolerance: Tolerance
      Simplify: Simplify<'T>
      Scaled: bool }

let private gemmCheck (c: Context<'T>) (path: VectorPath) (variant: TileVariant) (limits: Limits) (tests: int) (values: Gen<'T>) (form: GemmForm) : Check =
    let t = c.Target
    let title, what =
        match form with
        | Contiguous -> "MatMul (contiguous)", "MatMul(a, b, c, m, n, k): C = A ⊗ B"
        | ContiguousAdd -> "MatMulAdd (contiguous)", "MatMulAdd(a, b, c, m, n, k): C = C ⊕ A ⊗ B"
        | General -> "MatMul (general: lda, ldb, ldc, transposes, accumulate)", "MatMul(a, lda, transposeA, b, ldb, transposeB, c, ldc, m, n, k, accumulate)"
    let title = if variant = TileVariant.Alternate then title + " on the alternate micro-kernel tile" else title
    let onPath path f = onPathTile path variant f
    let body (g: GemmCase<'T>) =
        let a, lda = store g.A g.M g.K g.TransposeA g.PadA g.Fill
        let b, ldb = store g.B g.K g.N g.TransposeB g.PadB g.Fill
        let before, ldc = store g.C g.M g.N false g.PadC g.Fill
        let describe () =
            let layout =
                match form with
                | General ->
                    sprintf "; A stored %s with lda = %d, B stored %s with ldb = %d, ldc = %d, accumulate = %b"
                        (if g.TransposeA then "transposed" else "as is") lda (if g.TransposeB then "transposed" else "as is") ldb ldc g.Accumulate
                | _ -> ""
            sprintf "  shape: m = %d, n = %d, k = %d%s\n  op(A) (%d x %d) = %s\n  op(B) (%d x %d) = %s\n  C before (%d x %d) = %s%s"
                g.M g.N g.K layout g.M g.K (formatMatrix g.M g.K (fun i p -> g.A.[i * g.K + p]))
                g.K g.N (formatMatrix g.K g.N (fun p j -> g.B.[p * g.N + j]))
                g.M g.N (formatMatrix g.M g.N (fun i j -> g.C.[i * g.N + j]))
                (if g.PadA + g.PadB + g.PadC > 0 then sprintf "\n  padding holds %s" (format g.Fill) else "")
        let expected, scales = Reference.matMul t g.A g.B (if g.Accumulate then Some g.C else None) g.M g.N g.K c.Scaled
        let actual = Array.copy before
        invoke t what describe (fun () ->
            onPath path (fun () ->
                match form with
                | Contiguous -> t.MatMul(ReadOnlySpan<'T> a, ReadOnlySpan<'T> b, Span<'T> actual, g.M, g.N, g.K)
                | ContiguousAdd -> t.MatMulAdd(ReadOnlySpan<'T> a, ReadOnlySpan<'T> b, Span<'T> actual, g.M, g.N, g.K)
                | General ->
                    t.MatMul(ReadOnlySpan<'T> a, lda, toTranspose g.TransposeA, ReadOnlySpan<'T> b, ldb, toTranspose g.TransposeB,
                             Span<'T> actual, ldc, g.M, g.N, g.K, g.Accumulate)))
        onPath path (fun () ->
            compare t c.Tolerance what "C" g.M g.N ldc (g.K + (if g.Accumulate then 1 else 0)) expected scales g.Fill before actual describe)
    { Group = string path; Title = title; Blame = Kernel; Tests = tests
      Property = property (arbitrary (gemmCase form limits values) (shrinkGemmForm form c.Simplify)) body }

let private matVecCheck (c: Context<'T>) (path: VectorPath) (limits: Limits) (tests: int) (values: Gen<'T>) (general: bool) : Check =
    let t = c.Target
    let title, what =
        if general then "MatVec (general: lda, transpose, accumulate)", "MatVec(a, lda, transposeA, x, y, m, n, accumulate)"
        else "MatVec (contiguous)", "MatVec(a, x, y, m, n): y = A ⊗ x"
    let body (v: MatVecCase<'T>) =
        let a, lda = store v.A v.M v.N v.Transpose v.Pad v.Fill
        let describe () =
            let layout =
                if general then sprintf "; A stored %s with lda = %d, accumulate = %b" (if v.Transpose then "transposed" else "as is") lda v.Accumulate else ""
            sprintf "  shape: m = %d, n = %d%s\n  op(A) (%d x %d) = %s\n  x = %s\n  y before = %s"
                v.M v.N layout v.M v.N (formatMatrix v.M v.N (fun i j -> v.A.[i * v.N + j])) (formatVector v.X) (formatVector v.Y)
        let expected, scales = Reference.matVec t v.A v.X (if v.Accumulate then Some v.Y else None) v.M v.N c.Scaled
        let actual = Array.copy v.Y
        invoke t what describe (fun () ->
            onPath path (fun () ->
                if general then t.MatVec(ReadOnlySpan<'T> a, lda, toTranspose v.Transpose, ReadOnlySpan<'T> v.X, Span<'T> actual, v.M, v.N, v.Accumulate)
                else t.MatVec(ReadOnlySpan<'T> a, ReadOnlySpan<'T> v.X, Span<'T> actual, v.M, v.N)))
        onPath path (fun () ->
            compare t c.Tolerance what "y" 1 v.M (max 1 v.M) (v.N + (if v.Accumulate then 1 else 0)) expected scales v.Fill v.Y actual describe)
    { Group = string path; Title = title; Blame = Kernel; Tests = tests
      Property = property (arbitrary (matVecCase general limits values) (shrinkMatVec c.Simplify)) body }

let private dotCheck (c: Context<'T>) (path: VectorPath) (limits: Limits) (tests: int) (values: Gen<'T>) : Check =
    let t = c.Target
    let body (v: VectorCase<'T>) =
        let describe () = sprintf "  length %d\n  x = %s\n  y = %s" v.X.Length (formatVector v.X) (formatVector v.Y)
        let expected, scale = Reference.dot t v.X v.Y c.Scaled
        let actual = invoke t "Dot(x, y)" describe (fun () -> onPath path (fun () -> t.Dot(ReadOnlySpan<'T> v.X, ReadOnlySpan<'T> v.Y)))
        onPath path (fun () ->
            compare t c.Tolerance "Dot(x, y)" "result" 1 1 1 v.X.Length [| expected |] [| scale |] t.Zero [| t.Zero |] [| actual |] describe)
    { Group = string path; Title = "Dot"; Blame = Kernel; Tests = tests
      Property = property (arbitrary (vectorCase limits values) (shrinkVector c.Simplify)) body }

let private elementwiseCheck (c: Context<'T>) (path: VectorPath) (limits: Limits) (tests: int) (values: Gen<'T>) (isAdd: bool) : Check =
    let t = c.Target
    let name = if isAdd then "Add" else "Multiply"
    let body (v: VectorCase<'T>) =
        let what = sprintf "%s(x, y, destination) (element-wise%s)" name (match v.Alias with 1 -> ", destination = x" | 2 -> ", destination = y" | _ -> "")
        let describe () = sprintf "  length %d\n  x = %s\n  y = %s" v.X.Length (formatVector v.X) (formatVector v.Y)
        let op (x: 'T) (y: 'T) = if isAdd then t.Add(x, y) else t.Multiply(x, y)
        let expected = Array.map2 op v.X v.Y
        let scales = Array.init v.X.Length (fun i -> Agreement.magnitude v.X.[i] + Agreement.magnitude v.Y.[i] + Agreement.magnitude expected.[i])
        let x, y = Array.copy v.X, Array.copy v.Y
        let destination = match v.Alias with 1 -> x | 2 -> y | _ -> Array.zeroCreate x.Length
        let before = Array.copy destination
        invoke t what describe (fun () ->
            onPath path (fun () ->
                if isAdd then t.Add(ReadOnlySpan<'T> x, ReadOnlySpan<'T> y, Span<'T> destination)
                else t.Multiply(ReadOnlySpan<'T> x, ReadOnlySpan<'T> y, Span<'T> destination)))
        onPath path (fun () ->
            compare t c.Tolerance what "destination" 1 x.Length (max 1 x.Length) 1 expected scales t.Zero before destination describe)
    { Group = string path; Title = sprintf "%s (element-wise, in place too)" name; Blame = Kernel; Tests = tests
      Property = property (arbitrary (vectorCase limits values) (shrinkVector c.Simplify)) body }

let private closureCheck (c: Context<'T>) (path: VectorPath) (limits: Limits) (tests: int) (values: Arbitrary<'T>) : Check =
    let t = c.Target
    let simplify = { c.Simplify with Shrink = values.Shrinker }
    let body (s: SquareCase<'T>) =
        let describe () = sprintf "  n = %d\n  A = %s" s.N (formatMatrix s.N s.N (fun i j -> s.A.[i * s.N + j]))
        match Reference.closure t s.A s.N with
        | None ->
            raise (CounterExample(Values, sprintf "Closure cannot be checked on this matrix: some cycle improves on One (for min-plus, a negative cycle), so A* is not defined.\n%s\nSet ClosureValues to values x with x ⊕ One = One (for min-plus, non-negative weights)." (describe ())))
        | Some expected ->
            let actual = Array.copy s.A
            invoke t "Closure(a, n)" describe (fun () -> onPath path (fun () -> t.Closure(Span<'T> actual, s.N)))
            let scales = expected |> Array.map Agreement.magnitude
            onPath path (fun () ->
                compare t c.Tolerance "Closure(a, n): A* = I ⊕ A ⊕ A² ⊕ ..." "A*" s.N s.N (max 1 s.N) s.N expected scales t.Zero s.A actual describe)
    { Group = string path; Title = "Closure"; Blame = Kernel; Tests = tests
      Property = property (arbitrary (squareCase limits values.Generator) (shrinkSquare simplify)) body }

/// Every check a configuration asks for: the laws, then each kernel on each path.
type Plan =
    { Laws: Check list
      Kernels: Check list }

let plan (t: ISemiringTarget<'T>) (config: SemiringConfig<'T>) : Plan =
    let domains = Domains.resolve t config
    let keep (check: Check) = match config.Only with Some only -> check.Name.Contains(only, StringComparison.Ordinal) | None -> true
    let context =
        { Target = t; Tolerance = config.Tolerance; Scaled = config.Tolerance.IsBounded
          Simplify = { Zero = t.Zero; One = t.One; Shrink = domains.Kernels.Shrinker } }
    let kernels =
        [ for path in config.Paths do
              // Paths wider than the hardware accelerates run in software: smaller shapes, fewer draws.
              let software = int path > int KernelDispatch.Accelerated
              let limits =
                  if software then { MaxDim = min 33 config.MaxDimension; MaxWork = 4000 }
                  else { MaxDim = config.MaxDimension; MaxWork = 12000 }
              let tests = if software then max 1 (config.KernelTests / 2) else config.KernelTests
              let values = domains.Kernels.Generator
              for form in [ Contiguous; ContiguousAdd; General ] do
                  yield gemmCheck context path TileVariant.Primary limits tests values form
              // Each vector path has a second generated micro-kernel (GemmTiles): the general form on it too.
              if path <> VectorPath.Scalar then
                  yield gemmCheck context path TileVariant.Alternate limits tests values General
              yield matVecCheck context path limits tests values false
              yield matVecCheck context path limits tests values true
              yield dotCheck context path limits (2 * tests) values
              yield elementwiseCheck context path limits (2 * tests) values true
              yield elementwiseCheck context path limits (2 * tests) values false
              if t.IsAddIdempotent then yield closureCheck context path limits tests domains.Closure ]
    { Laws = laws t |> List.map (lawCheck t config.Tolerance config.LawTests domains.Laws) |> List.filter keep
      Kernels = kernels |> List.filter keep }
