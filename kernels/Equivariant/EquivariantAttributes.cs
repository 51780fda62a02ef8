using System;

namespace TensorGen.Equivariant;

/// <summary>
/// How a batch of feature vectors lies in memory. Whatever the layout, the generated kernels process the batch in blocks
/// of one SIMD vector's lane count (<c>Vector512</c>, <c>Vector256</c> or <c>Vector128</c>, the widest the processor
/// accelerates, chosen at run time), one sample per lane, and finish the remainder with a scalar loop.
/// </summary>
public enum BatchLayout
{
    /// <summary>
    /// e3nn's <c>[batch, dim]</c> (the default): sample b's component i at <c>[b * dim + i]</c>. Each block of samples is
    /// transposed into lanes on the stack, computed, and transposed back.
    /// </summary>
    SampleMajor = 0,

    /// <summary>
    /// <c>[dim, batch]</c>: component i of sample b at <c>[i * batch + b]</c>, so a vector of consecutive samples is one
    /// contiguous load or store and no transposition is needed. Within <c>dim</c> the order is the same as sample-major
    /// (irreps in order, each multiplicity-major).
    /// </summary>
    ComponentMajor = 1,
}

/// <summary>How spherical harmonics are scaled (e3nn's <c>normalization</c>).</summary>
public enum ShNormalization
{
    /// <summary>∫ Y_lm² dΩ = 1 over the unit sphere (e3nn's default).</summary>
    Integral = 1,

    /// <summary>|Y_l(x̂)|² = 2l + 1: each component has mean square 1 on the sphere.</summary>
    Component = 2,

    /// <summary>|Y_l(x̂)| = 1.</summary>
    Norm = 3,
}

/// <summary>
/// Generates the body of a <c>static partial void</c> method computing real spherical harmonics Y_0 … Y_lmax in e3nn's
/// basis and order, as hard-coded polynomials: <c>(ReadOnlySpan&lt;T&gt; x, ReadOnlySpan&lt;T&gt; y, ReadOnlySpan&lt;T&gt; z,
/// Span&lt;T&gt; output)</c> with T = <c>float</c> or <c>double</c>. The vectors come structure-of-arrays (one span per
/// coordinate, the batch is their length); the output is sample-major by default, <c>output[n * (lmax + 1)² + l² + (m +
/// l)]</c>, as e3nn's <c>[batch, (lmax+1)²]</c> tensor, or component-major, <c>output[(l² + m + l) * count + n]</c>, with
/// <see cref="Layout"/> = <see cref="BatchLayout.ComponentMajor"/>. The code is vectorized across the batch (one vector
/// per SIMD lane, a scalar tail), each distinct monomial computed once and the polynomials summed by fused
/// multiply-adds where the processor has them. The generator also emits <c>{Name}Backward(x, y, z, gradOutput, gradX,
/// gradY, gradZ)</c>, the Cartesian gradient contracted with <c>gradOutput</c>. Wrong declarations are compile-time
/// errors TGEN0200…TGEN0229.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class SphericalHarmonicsAttribute : Attribute
{
    /// <summary>Declares harmonics of every degree 0 … <paramref name="lmax"/> (0 ≤ lmax ≤ 8).</summary>
    public SphericalHarmonicsAttribute(int lmax) => LMax = lmax;

    /// <summary>The largest degree.</summary>
    public int LMax { get; }

    /// <summary>The scaling (default <see cref="ShNormalization.Integral"/>, as e3nn).</summary>
    public ShNormalization Normalization { get; set; } = ShNormalization.Integral;

    /// <summary>
    /// Whether vectors are scaled to unit length first (default true, as e3nn). When false, Y_l is the homogeneous
    /// polynomial |x|^l Y_l(x̂).
    /// </summary>
    public bool Normalize { get; set; } = true;

    /// <summary>How the output (and the backward's gradOutput) is laid out (default <see cref="BatchLayout.SampleMajor"/>).</summary>
    public BatchLayout Layout { get; set; } = BatchLayout.SampleMajor;
}

/// <summary>Which instructions a tensor product declares (e3nn's <c>TensorProduct</c> subclasses).</summary>
public enum TensorProductKind
{
    /// <summary>The instructions are given in <see cref="TensorProductAttribute.Instructions"/>.</summary>
    Custom = 0,

    /// <summary>Every path of every pair of input irreps, mode <c>uvuv</c>, no weights, outputs sorted (<c>FullTensorProduct</c>).</summary>
    Full = 1,

    /// <summary>Every allowed (in1, in2, out) triple, mode <c>uvw</c>, weighted (<c>FullyConnectedTensorProduct</c>).</summary>
    FullyConnected = 2,

    /// <summary>Matching irreps of the two inputs multiplied channel by channel, mode <c>uuu</c>, no weights (<c>ElementwiseTensorProduct</c>).</summary>
    Elementwise = 3,
}

/// <summary>e3nn's <c>irrep_normalization</c>.</summary>
public enum IrrepNormalization
{
    /// <summary>Path coefficient² ∝ 2l_out + 1 (e3nn's default).</summary>
    Component = 1,

    /// <summary>Path coefficient² ∝ (2l_1 + 1)(2l_2 + 1).</summary>
    Norm = 2,

    /// <summary>Coefficient² ∝ 1.</summary>
    None = 3,
}

/// <summary>e3nn's <c>path_normalization</c>.</summary>
public enum PathNormalization
{
    /// <summary>Divides by the number of elements summed into each output (e3nn's default).</summary>
    Element = 1,

    /// <summary>Divides by the elements of the path times the number of paths into the output.</summary>
    Path = 2,

    /// <summary>No division.</summary>
    None = 3,
}

/// <summary>
/// Generates a Clebsch–Gordan tensor product of two irreps feature vectors, e3nn's <c>o3.TensorProduct</c>: unrolled,
/// sparse (zero coefficients skipped), coefficients computed exactly at compile time and rounded once. The
/// declaration is <c>static partial void Name(ReadOnlySpan&lt;T&gt; x1, ReadOnlySpan&lt;T&gt; x2[, ReadOnlySpan&lt;T&gt;
/// weights], Span&lt;T&gt; output, int batch)</c>, T = <c>float</c> or <c>double</c>, with the weights parameter exactly
/// when some instruction is weighted. Layout (<see cref="Layout"/>): sample-major by default, <c>x1[b * dim1 + offset + u
/// * (2l + 1) + m]</c> (e3nn's <c>[batch, dim]</c>, each irreps block multiplicity-major), or component-major, <c>x1[(offset
/// + u * (2l + 1) + m) * batch + b]</c>. The weights are listed instruction by instruction in order, each row-major in
/// e3nn's shape (<c>uvw</c>: [mul1, mul2, mulOut]; <c>uvu</c>, <c>uvuv</c>: [mul1, mul2]; <c>uuu</c>: [mul1]); they are
/// shared by the batch (e3nn's <c>shared_weights=True</c>, the default), or, with <see cref="SharedWeights"/> = false,
/// one set per sample, laid out like the inputs (<c>[batch, WeightCount]</c> sample-major, <c>[WeightCount, batch]</c>
/// component-major). The generator also emits <c>{Name}Backward</c> with the gradients with respect to both inputs and
/// the weights (summed over the batch when shared, per sample otherwise), and <c>{Name}WeightCount</c> (per sample).
/// The kernels are vectorized across the batch: one sample per SIMD lane of the widest accelerated vector, a scalar tail.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TensorProductAttribute : Attribute
{
    /// <summary>Declares the irreps of both inputs and the output (the output may be empty for <see cref="TensorProductKind.Full"/> and <see cref="TensorProductKind.Elementwise"/>, which derive it).</summary>
    public TensorProductAttribute(string input1, string input2, string output)
    {
        Input1 = input1;
        Input2 = input2;
        Output = output;
    }

    /// <summary>Irreps of the first input.</summary>
    public string Input1 { get; }

    /// <summary>Irreps of the second input.</summary>
    public string Input2 { get; }

    /// <summary>Irreps of the output.</summary>
    public string Output { get; }

    /// <summary>The shorthand, or <see cref="TensorProductKind.Custom"/> (default) for <see cref="Instructions"/>.</summary>
    public TensorProductKind Kind { get; set; } = TensorProductKind.Custom;

    /// <summary>
    /// For <see cref="TensorProductKind.Custom"/>: e3nn instruction tuples <c>(i_in1, i_in2, i_out, mode, has_weight[,
    /// path_weight])</c>, e.g. <c>"(0, 0, 0, 'uvw', True), (1, 1, 0, 'uvu', False)"</c>; modes <c>uvw</c>, <c>uvu</c>,
    /// <c>uuu</c>, <c>uvuv</c>.
    /// </summary>
    public string Instructions { get; set; } = string.Empty;

    /// <summary>e3nn's <c>irrep_normalization</c> (default <see cref="IrrepNormalization.Component"/>).</summary>
    public IrrepNormalization IrrepNormalization { get; set; } = IrrepNormalization.Component;

    /// <summary>e3nn's <c>path_normalization</c> (default <see cref="PathNormalization.Element"/>).</summary>
    public PathNormalization PathNormalization { get; set; } = PathNormalization.Element;

    /// <summary>How x1, x2, the output (and per-sample weights) are laid out (default <see cref="BatchLayout.SampleMajor"/>).</summary>
    public BatchLayout Layout { get; set; } = BatchLayout.SampleMajor;

    /// <summary>
    /// Whether one set of weights serves the whole batch (default true, e3nn's <c>shared_weights=True</c>); when false the
    /// weights span holds <c>batch * WeightCount</c> values, one set per sample, and the backward returns per-sample weight
    /// gradients.
    /// </summary>
    public bool SharedWeights { get; set; } = true;
}
