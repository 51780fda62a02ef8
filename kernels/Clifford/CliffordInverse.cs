using System;
using System.ComponentModel;

namespace TensorGen.Clifford;

/// <summary>
/// The general inverse behind the generated <c>TryInverse</c>: x⁻¹ solves x y = 1, a linear system in the
/// 2ⁿ components of y whose matrix (column b: the components of x e_b) comes from the blade multiplication
/// table. Solved in double precision with partial pivoting; correct for every invertible element of every
/// signature, versor or not.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CliffordInverse
{
    /// <summary>
    /// Inverts the multivector whose components on <paramref name="bitmaps"/> are <paramref name="components"/> in
    /// Cl(<paramref name="positive"/>, <paramref name="negative"/>, <paramref name="zero"/>), writing the inverse's
    /// components on the same blades to <paramref name="inverse"/>.
    /// </summary>
    /// <returns>
    /// False when the system is singular to working precision, or the inverse has components on blades outside
    /// <paramref name="bitmaps"/>.
    /// </returns>
    /// <exception cref="ArgumentException">The spans' lengths differ or a bitmap is out of range.</exception>
    public static bool TryInvert(ReadOnlySpan<float> components, ReadOnlySpan<int> bitmaps, int positive, int negative, int zero, Span<float> inverse)
    {
        int dimension = positive + negative + zero;
        if (positive < 0 || negative < 0 || zero < 0 || dimension > 6)
        {
            throw new ArgumentException($"Cl({positive},{negative},{zero}) is not a supported signature.", nameof(positive));
        }

        if (components.Length != bitmaps.Length)
        {
            throw new ArgumentException($"'{nameof(components)}' holds {components.Length} values for {bitmaps.Length} blades.", nameof(components));
        }

        if (inverse.Length != bitmaps.Length)
        {
            throw new ArgumentException($"'{nameof(inverse)}' holds {inverse.Length} values for {bitmaps.Length} blades.", nameof(inverse));
        }

        int size = 1 << dimension;
        var x = new double[size];
        double scale = 0;
        for (int i = 0; i < bitmaps.Length; i++)
        {
            if ((uint)bitmaps[i] >= (uint)size)
            {
                throw new ArgumentException($"Bitmap {bitmaps[i]} is not a blade of Cl({positive},{negative},{zero}).", nameof(bitmaps));
            }

            x[bitmaps[i]] = components[i];
            scale = Math.Max(scale, Math.Abs(components[i]));
        }

        if (!(scale > 0) || !double.IsFinite(scale))
        {
            return false;
        }

        // matrix[row, column]: component `row` of x e_column; the right-hand side is the scalar 1.
        var matrix = new double[size, size + 1];
        for (int a = 0; a < size; a++)
        {
            if (x[a] == 0) continue;
            for (int b = 0; b < size; b++)
            {
                matrix[a ^ b, b] += BasisProduct(a, b, positive, negative) * x[a];
            }
        }

        matrix[0, size] = 1;
        for (int column = 0; column < size; column++)
        {
            int pivot = column;
            for (int row = column + 1; row < size; row++)
            {
                if (Math.Abs(matrix[row, column]) > Math.Abs(matrix[pivot, column])) pivot = row;
            }

            if (Math.Abs(matrix[pivot, column]) <= 1e-9 * scale)
            {
                return false;
            }

            if (pivot != column)
            {
                for (int k = column; k <= size; k++) (matrix[pivot, k], matrix[column, k]) = (matrix[column, k], matrix[pivot, k]);
            }

            for (int row = 0; row < size; row++)
            {
                if (row == column || matrix[row, column] == 0) continue;
                double factor = matrix[row, column] / matrix[column, column];
                for (int k = column; k <= size; k++) matrix[row, k] -= factor * matrix[column, k];
            }
        }

        var y = new double[size];
        double magnitude = 0;
        for (int b = 0; b < size; b++)
        {
            y[b] = matrix[b, size] / matrix[b, b];
            magnitude = Math.Max(magnitude, Math.Abs(y[b]));
        }

        // The inverse must live on this type's blades.
        Span<bool> held = stackalloc bool[size];
        foreach (int blade in bitmaps) held[blade] = true;
        for (int b = 0; b < size; b++)
        {
            if (!held[b] && Math.Abs(y[b]) > 1e-6 * magnitude) return false;
        }

        for (int i = 0; i < bitmaps.Length; i++)
        {
            inverse[i] = (float)y[bitmaps[i]];
        }

        return double.IsFinite(magnitude);
    }

    /// <summary>The coefficient of e_(a xor b) in e_a e_b: the parity of the swaps that sort the factors, times the shared squares.</summary>
    private static int BasisProduct(int a, int b, int positive, int negative)
    {
        int swaps = 0;
        for (int i = 0; i < 6; i++)
        {
            if ((b & (1 << i)) == 0) continue;
            // e_i from b moves left past every factor of a with a larger index.
            swaps += System.Numerics.BitOperations.PopCount((uint)(a & ~((2 << i) - 1)));
        }

        int sign = (swaps & 1) == 0 ? 1 : -1;
        int shared = a & b;
        for (int i = 0; i < 6; i++)
        {
            if ((shared & (1 << i)) == 0) continue;
            sign *= i < positive ? 1 : i < positive + negative ? -1 : 0;
        }

        return sign;
    }
}
