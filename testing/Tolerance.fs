namespace TensorGen.Testing

open System

/// <summary>
/// The exactness class in which laws and kernels are checked.
/// <list type="bullet">
/// <item><see cref="Tolerance.Exact"/> (the default): equal as numbers; +0 = -0 and NaN = NaN. Right for
/// semirings built on <c>SemiringMath.MaxNative</c>/<c>MinNative</c>, whose sign of zero is platform-defined.</item>
/// <item><see cref="Tolerance.BitExact"/>: identical bits, the sign of zero included (IEEE
/// <c>Math.Max</c>/<c>Math.Min</c> semirings, integers).</item>
/// <item><see cref="Tolerance.Within"/>: a floating semiring that is a semiring only up to rounding (plus-times,
/// log-sum-exp). A law holds when <c>|left - right| &lt;= 4 (absolute + relative M)</c>, M the largest magnitude
/// among the law's inputs and every intermediate result; a kernel element with t terms agrees with the plain
/// loop when <c>|actual - expected| &lt;= 2 (t + 1) (absolute + relative S)</c>, S the sum of the magnitudes of
/// its terms (Higham's bound for a sum of products, as both sides round). A non-finite expected value must be
/// matched exactly.</item>
/// </list>
/// </summary>
[<Sealed>]
type Tolerance private (name: string, relative: float, absolute: float, bits: bool) =
    /// <summary>Equal as numbers: +0 = -0, NaN = NaN.</summary>
    static member Exact = Tolerance("exact (+0 = -0)", 0.0, 0.0, false)

    /// <summary>Identical bits: the sign of zero counts (any NaN still equals any NaN).</summary>
    static member BitExact = Tolerance("bit-exact", 0.0, 0.0, true)

    /// <summary>Agreement up to rounding, with a relative and an absolute error per operation; see the type.</summary>
    /// <param name="relative">Relative error per operation, e.g. 2^-24 (about 6e-8) for float sums.</param>
    /// <param name="absolute">Absolute error per operation (0 unless results near zero are approximations, as
    /// for log-sum-exp, or subnormals flush).</param>
    static member Within(relative: float, absolute: float) =
        if not (relative >= 0.0 && absolute >= 0.0) then
            raise (ArgumentOutOfRangeException("relative", "Tolerances must be non-negative numbers."))
        Tolerance(sprintf "within relative %g, absolute %g per operation" relative absolute, relative, absolute, false)

    /// <summary>How messages name this class.</summary>
    member _.Description = name

    member internal _.IsBounded = relative > 0.0 || absolute > 0.0
    member internal _.Relative = relative
    member internal _.Absolute = absolute
    member internal _.Bits = bits

    override _.ToString() = name

module internal Agreement =
    open TensorGen.Testing.Elements

    let private bounded (tolerance: Tolerance) (allowed: float) (expected: 'T) (actual: 'T) =
        let e, a = toFloat expected, toFloat actual
        if Double.IsFinite e then Double.IsFinite a && abs (a - e) <= allowed
        else sameNumber expected actual

    /// A law's two sides, with M the largest magnitude involved.
    let law (tolerance: Tolerance) (magnitude: float) (left: 'T) (right: 'T) : bool =
        if tolerance.Bits then sameBits left right
        elif tolerance.IsBounded then
            sameNumber left right || bounded tolerance (4.0 * (tolerance.Absolute + tolerance.Relative * magnitude)) left right
        else sameNumber left right

    /// The error allowed for a kernel element with `terms` terms whose magnitudes sum to `scale`.
    let allowed (tolerance: Tolerance) (terms: int) (scale: float) : float =
        2.0 * float (terms + 1) * (tolerance.Absolute + tolerance.Relative * scale)

    /// One kernel output element.
    let element (tolerance: Tolerance) (terms: int) (scale: float) (expected: 'T) (actual: 'T) : bool =
        if tolerance.Bits then sameBits expected actual
        elif tolerance.IsBounded then sameNumber expected actual || bounded tolerance (allowed tolerance terms scale) expected actual
        else sameNumber expected actual

    /// The magnitude of a value for scales: |x| when finite, else 0 (infinite terms are matched exactly).
    let magnitude (x: 'T) : float =
        let v = toFloat x
        if Double.IsFinite v then abs v else 0.0
