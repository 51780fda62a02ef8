using System;

namespace TensorGen;

/// <summary>
/// Generates the body of a <c>static partial void</c> permutation-equivariant linear layer
/// <c>(ℝⁿ)^⊗k → (ℝⁿ)^⊗l</c> with <c>k + l ≤ 4</c>, mixing <see cref="InChannels"/> input channels into
/// <see cref="OutChannels"/> output channels:
/// <c>(ReadOnlySpan&lt;float&gt; input, ReadOnlySpan&lt;float&gt; weights, Span&lt;float&gt; output, int n)</c>.
/// </summary>
/// <remarks>
/// <para>
/// Every such map is a weighted sum of one basis map per set partition of the <c>l + k</c> points
/// <c>o1 … ol, i1 … ik</c> (Bell(k + l) of them: 1, 1, 2, 5, 15 for k + l = 0 … 4). The basis map of a partition
/// has the dense matrix <c>D[o, i] = 1</c> when, in every block, all the output and input indices of that block are
/// equal, else 0. Weight index <c>b</c> is the b-th partition in lexicographic order of restricted growth strings
/// over <c>o1 … ol, i1 … ik</c> (block numbers assigned in order of first appearance): for k = l = 1,
/// b = 0 is <c>{o1, i1}</c> (the identity) and b = 1 is <c>{o1} {i1}</c> (sum, then broadcast).
/// <see cref="Permutation.PermutationBasis.Describe"/> lists them.
/// </para>
/// <para>
/// Layout, all row-major: <c>input</c> is <c>[InChannels][n^k]</c>, <c>output</c> is <c>[OutChannels][n^l]</c> and is
/// overwritten, <c>weights</c> is <c>[OutChannels][InChannels][Bell(k + l)]</c>. The generated code applies each
/// basis map in factored form (diagonal extraction and sums over input blocks, channel mixing on the reduced
/// tensors, broadcast and diagonal embedding into the output), so a layer costs
/// O(channels · n^max(k, l)) rather than the dense O(channels · n^(k + l)).
/// </para>
/// <para>
/// Declarations the generator cannot implement are compile-time errors TGEN0320…TGEN0339 at the method; wrong span
/// lengths at run time throw <see cref="ArgumentException"/> naming the parameter.
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class PermutationEquivariantAttribute : Attribute
{
    /// <summary>Declares a layer from order-<paramref name="inputOrder"/> to order-<paramref name="outputOrder"/> tensors.</summary>
    /// <param name="inputOrder">k, the input tensor order (0 for a per-channel scalar).</param>
    /// <param name="outputOrder">l, the output tensor order.</param>
    public PermutationEquivariantAttribute(int inputOrder, int outputOrder)
    {
        InputOrder = inputOrder;
        OutputOrder = outputOrder;
    }

    /// <summary>k, the order of the input tensors.</summary>
    public int InputOrder { get; }

    /// <summary>l, the order of the output tensors.</summary>
    public int OutputOrder { get; }

    /// <summary>The number of input channels (default 1).</summary>
    public int InChannels { get; set; } = 1;

    /// <summary>The number of output channels (default 1).</summary>
    public int OutChannels { get; set; } = 1;
}
