using System;
using System.Collections.Generic;
using System.Text;

namespace TensorGen.Permutation;

/// <summary>
/// The basis of permutation-equivariant maps <c>(ℝⁿ)^⊗k → (ℝⁿ)^⊗l</c>: one map per set partition of the points
/// <c>o1 … ol, i1 … ik</c>, in the weight order of <see cref="PermutationEquivariantAttribute"/>.
/// </summary>
public static class PermutationBasis
{
    /// <summary>The largest <c>k + l</c> the generator supports.</summary>
    public const int MaxTotalOrder = 4;

    /// <summary>The number of basis maps, Bell(k + l): the weights per (output, input) channel pair.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An order is negative or <c>k + l</c> exceeds <see cref="MaxTotalOrder"/>.</exception>
    public static int Count(int inputOrder, int outputOrder) => Describe(inputOrder, outputOrder).Count;

    /// <summary>
    /// The partitions in weight order, written with their blocks in order of first point, e.g. <c>{o1, i2} {o2, i1}</c>
    /// for the transpose when k = l = 2.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An order is negative or <c>k + l</c> exceeds <see cref="MaxTotalOrder"/>.</exception>
    public static IReadOnlyList<string> Describe(int inputOrder, int outputOrder)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputOrder);
        ArgumentOutOfRangeException.ThrowIfNegative(outputOrder);
        if (inputOrder + outputOrder > MaxTotalOrder)
        {
            throw new ArgumentOutOfRangeException(nameof(inputOrder), inputOrder,
                $"'{nameof(inputOrder)}' + '{nameof(outputOrder)}' is {inputOrder + outputOrder}; at most {MaxTotalOrder} is supported.");
        }

        int points = inputOrder + outputOrder;
        var names = new List<string>();
        var growth = new int[points];
        Grow(0, -1);
        return names;

        // Restricted growth strings in lexicographic order: point p joins block 0 … (largest so far + 1).
        void Grow(int point, int largest)
        {
            if (point == points)
            {
                names.Add(Name(growth, outputOrder, largest + 1));
                return;
            }

            for (int block = 0; block <= largest + 1; block++)
            {
                growth[point] = block;
                Grow(point + 1, Math.Max(largest, block));
            }
        }
    }

    private static string Name(int[] growth, int outputOrder, int blocks)
    {
        var text = new StringBuilder();
        for (int block = 0; block < blocks; block++)
        {
            text.Append(block == 0 ? "{" : " {");
            bool first = true;
            for (int p = 0; p < growth.Length; p++)
            {
                if (growth[p] != block) continue;
                text.Append(first ? string.Empty : ", ").Append(p < outputOrder ? $"o{p + 1}" : $"i{p - outputOrder + 1}");
                first = false;
            }

            text.Append('}');
        }

        return text.Length == 0 ? "{}" : text.ToString();
    }
}
