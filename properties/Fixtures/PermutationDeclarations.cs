using System;
using System.Collections.Generic;
using TensorGen;

namespace TensorGen.Properties.Fixtures;

/// <summary>One layer (R^n)^(xk) to (R^n)^(xl) with its channel counts and the generated method, for the F# suite.</summary>
/// <param name="InputOrder">k.</param>
/// <param name="OutputOrder">l.</param>
/// <param name="InChannels">Input channels.</param>
/// <param name="OutChannels">Output channels.</param>
/// <param name="Apply">Calls the generated method with (input, weights, output, n).</param>
public sealed record PermutationLayer(int InputOrder, int OutputOrder, int InChannels, int OutChannels, Action<float[], float[], float[], int> Apply);

/// <summary>A generated permutation-equivariant layer for every k + l &lt;= 4, declared as a user would.</summary>
public static partial class PermutationDeclarations
{
    /// <summary>(R^n)^(x0) to (R^n)^(x0), 1 to 1 channels.</summary>
    [PermutationEquivariant(0, 0, InChannels = 1, OutChannels = 1)]
    public static partial void K0L0(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output, int n);

    /// <summary>(R^n)^(x0) to (R^n)^(x1), 2 to 3 channels.</summary>
    [PermutationEquivariant(0, 1, InChannels = 2, OutChannels = 3)]
    public static partial void K0L1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output, int n);

    /// <summary>(R^n)^(x1) to (R^n)^(x0), 3 to 2 channels.</summary>
    [PermutationEquivariant(1, 0, InChannels = 3, OutChannels = 2)]
    public static partial void K1L0(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output, int n);

    /// <summary>(R^n)^(x0) to (R^n)^(x2), 1 to 1 channels.</summary>
    [PermutationEquivariant(0, 2, InChannels = 1, OutChannels = 1)]
    public static partial void K0L2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output, int n);

    /// <summary>(R^n)^(x1) to (R^n)^(x1), 2 to 3 channels.</summary>
    [PermutationEquivariant(1, 1, InChannels = 2, OutChannels = 3)]
    public static partial void K1L1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output, int n);

    /// <summary>(R^n)^(x2) to (R^n)^(x0), 3 to 2 channels.</summary>
    [PermutationEquivariant(2, 0, InChannels = 3, OutChannels = 2)]
    public static partial void K2L0(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output, int n);

    /// <summary>(R^n)^(x0) to (R^n)^(x3), 1 to 1 channels.</summary>
    [PermutationEquivariant(0, 3, InChannels = 1, OutChannels = 1)]
    public static partial void K0L3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output, int n);

    /// <summary>(R^n)^(x1) to (R^n)^(x2), 2 to 3 channels.</summary>
    [PermutationEquivariant(1, 2, InChannels = 2, OutChannels = 3)]
    public static partial void K1L2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output, int n);

    /// <summary>(R^n)^(x2) to (R^n)^(x1), 3 to 2 channels.</summary>
    [PermutationEquivariant(2, 1, InChannels = 3, OutChannels = 2)]
    public static partial void K2L1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output, int n);

    /// <summary>(R^n)^(x3) to (R^n)^(x0), 1 to 1 channels.</summary>
    [PermutationEquivariant(3, 0, InChannels = 1, OutChannels = 1)]
    public static partial void K3L0(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output, int n);

    /// <summary>(R^n)^(x0) to (R^n)^(x4), 2 to 3 channels.</summary>
    [PermutationEquivariant(0, 4, InChannels = 2, OutChannels = 3)]
    public static partial void K0L4(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output, int n);

    /// <summary>(R^n)^(x1) to (R^n)^(x3), 3 to 2 channels.</summary>
    [PermutationEquivariant(1, 3, InChannels = 3, OutChannels = 2)]
    public static partial void K1L3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output, int n);

    /// <summary>(R^n)^(x2) to (R^n)^(x2), 1 to 1 channels.</summary>
    [PermutationEquivariant(2, 2, InChannels = 1, OutChannels = 1)]
    public static partial void K2L2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output, int n);

    /// <summary>(R^n)^(x3) to (R^n)^(x1), 2 to 3 channels.</summary>
    [PermutationEquivariant(3, 1, InChannels = 2, OutChannels = 3)]
    public static partial void K3L1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output, int n);

    /// <summary>(R^n)^(x4) to (R^n)^(x0), 3 to 2 channels.</summary>
    [PermutationEquivariant(4, 0, InChannels = 3, OutChannels = 2)]
    public static partial void K4L0(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output, int n);
    /// <summary>A 2 to 2 layer whose parameters have other names, for messages that name them.</summary>
    [PermutationEquivariant(2, 2, InChannels = 2, OutChannels = 2)]
    public static partial void Renamed(ReadOnlySpan<float> features, ReadOnlySpan<float> theta, Span<float> result, int size);

    /// <summary>Every declaration above, k + l = 0 first.</summary>
    public static IReadOnlyList<PermutationLayer> All { get; } =
    [
        new(0, 0, 1, 1, (x, w, y, n) => K0L0(x, w, y, n)),
        new(0, 1, 2, 3, (x, w, y, n) => K0L1(x, w, y, n)),
        new(1, 0, 3, 2, (x, w, y, n) => K1L0(x, w, y, n)),
        new(0, 2, 1, 1, (x, w, y, n) => K0L2(x, w, y, n)),
        new(1, 1, 2, 3, (x, w, y, n) => K1L1(x, w, y, n)),
        new(2, 0, 3, 2, (x, w, y, n) => K2L0(x, w, y, n)),
        new(0, 3, 1, 1, (x, w, y, n) => K0L3(x, w, y, n)),
        new(1, 2, 2, 3, (x, w, y, n) => K1L2(x, w, y, n)),
        new(2, 1, 3, 2, (x, w, y, n) => K2L1(x, w, y, n)),
        new(3, 0, 1, 1, (x, w, y, n) => K3L0(x, w, y, n)),
        new(0, 4, 2, 3, (x, w, y, n) => K0L4(x, w, y, n)),
        new(1, 3, 3, 2, (x, w, y, n) => K1L3(x, w, y, n)),
        new(2, 2, 1, 1, (x, w, y, n) => K2L2(x, w, y, n)),
        new(3, 1, 2, 3, (x, w, y, n) => K3L1(x, w, y, n)),
        new(4, 0, 3, 2, (x, w, y, n) => K4L0(x, w, y, n)),
    ];
}
