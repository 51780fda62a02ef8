using System;
using System.Collections.Generic;
using System.Linq;

namespace TensorGen.Generators.Permutation;

/// <summary>
/// One basis map: a set partition of the points o1 … ol, i1 … ik, and how it factors. Each point gets the name of
/// its block's index variable: <c>v1 … vt</c> for blocks holding both output and input points (numbered in order of
/// their first output point, which is also the index order of the reduced and mixed tensors), <c>u1 …</c> for
/// input-only blocks (summed over) and <c>b1 …</c> for output-only blocks (broadcast along).
/// </summary>
/// <param name="Index">The weight index: the position in lexicographic order of restricted growth strings.</param>
/// <param name="Name">The partition written out, e.g. <c>{o1, i2} {o2, i1}</c>.</param>
/// <param name="InputLabels">The variable of each input point: the reduced input is <c>r[v…] = Σ_u x[InputLabels]</c>.</param>
/// <param name="OutputLabels">The variable of each output point: the output gets <c>y[OutputLabels] += m[v…]</c>.</param>
/// <param name="Through">t, the number of blocks joining outputs to inputs: the reduced and mixed tensors have n^t entries per channel.</param>
internal sealed record BasisMap(int Index, string Name, string[] InputLabels, string[] OutputLabels, int Through)
{
    /// <summary>Identifies the reduced input: partitions with equal keys share one reduction.</summary>
    public string ReductionKey => string.Join(", ", InputLabels) + " -> " + Through;

    /// <summary>Identifies the embedding: partitions with equal keys share one mixed tensor and one pass over the output.</summary>
    public string EmbeddingKey => string.Join(", ", OutputLabels) + " <- " + Through;
}

/// <summary>Set partitions of k + l ≤ 4 points in weight order, and Bell numbers.</summary>
internal static class SetPartitions
{
    public const int MaxPoints = 4;

    /// <summary>Bell numbers B(0) … B(4).</summary>
    public static int Bell(int points) => points switch
    {
        0 => 1,
        1 => 1,
        2 => 2,
        3 => 5,
        4 => 15,
        _ => throw new ArgumentOutOfRangeException(nameof(points)),
    };

    /// <summary>The basis maps of (ℝⁿ)^⊗k → (ℝⁿ)^⊗l in weight order; points 0 … l−1 are outputs, l … l+k−1 inputs.</summary>
    public static IReadOnlyList<BasisMap> Basis(int k, int l)
    {
        var maps = new List<BasisMap>();
        var growth = new int[k + l];
        Grow(0, -1);
        return maps;

        void Grow(int point, int largest)
        {
            if (point == growth.Length)
            {
                maps.Add(Factor(maps.Count, growth, largest + 1, k, l));
                return;
            }

            for (int block = 0; block <= largest + 1; block++)
            {
                growth[point] = block;
                Grow(point + 1, Math.Max(largest, block));
            }
        }
    }

    private static BasisMap Factor(int index, int[] growth, int blocks, int k, int l)
    {
        var labels = new string[blocks];
        int through = 0, summed = 0, broadcast = 0;
        var names = new List<string>();
        for (int block = 0; block < blocks; block++)
        {
            int[] points = Enumerable.Range(0, k + l).Where(p => growth[p] == block).ToArray();
            bool hasOutput = points.Any(p => p < l), hasInput = points.Any(p => p >= l);
            labels[block] = hasOutput && hasInput ? "v" + ++through : hasInput ? "u" + ++summed : "b" + ++broadcast;
            names.Add("{" + string.Join(", ", points.Select(p => p < l ? "o" + (p + 1) : "i" + (p - l + 1))) + "}");
        }

        string[] output = Enumerable.Range(0, l).Select(p => labels[growth[p]]).ToArray();
        string[] input = Enumerable.Range(l, k).Select(p => labels[growth[p]]).ToArray();
        return new BasisMap(index, names.Count == 0 ? "{}" : string.Join(" ", names), input, output, through);
    }
}
