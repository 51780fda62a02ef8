using System;

namespace TensorGen.Kernels;

/// <summary>Argument checks shared by the drivers: each throws before any element is written.</summary>
internal static class Validate
{
    public static void NonNegative(int value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"'{name}' must be non-negative.");
        }
    }

    /// <summary>Checks a stored rows x cols matrix with leading dimension <paramref name="ld"/> fits in <paramref name="length"/> elements.</summary>
    public static void Matrix(int length, int rows, int cols, int ld, string spanName, string ldName)
    {
        if (ld < Math.Max(1, cols))
        {
            throw new ArgumentOutOfRangeException(ldName, ld,
                $"'{ldName}' must be at least max(1, {cols}), the number of stored columns of '{spanName}'.");
        }

        long needed = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
        if (length < needed)
        {
            throw new ArgumentException(
                $"'{spanName}' holds {length} elements but a {rows} x {cols} matrix with leading dimension {ld} needs {needed}.",
                spanName);
        }
    }

    public static void Length(int length, long expected, string name)
    {
        if (length != expected)
        {
            throw new ArgumentException($"'{name}' holds {length} elements; expected {expected}.", name);
        }
    }

    /// <summary>Rejects an output that shares any memory with an input.</summary>
    public static void NoOverlap<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> output, string inputName, string outputName)
    {
        if (input.Overlaps(output))
        {
            throw new ArgumentException($"'{outputName}' overlaps '{inputName}'; the output must not share memory with an input.", outputName);
        }
    }

    /// <summary>Rejects partial overlap; an output that is exactly the input (in place) is allowed.</summary>
    public static void SameOrDisjoint<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> output, string inputName, string outputName)
    {
        if (input.Overlaps(output, out int offset) && offset != 0)
        {
            throw new ArgumentException($"'{outputName}' partly overlaps '{inputName}'; it must be the same span or disjoint.", outputName);
        }
    }

    public static void Transpose(Transpose value, string name)
    {
        if (value is not TensorGen.Transpose.None and not TensorGen.Transpose.Transposed)
        {
            throw new ArgumentOutOfRangeException(name, value, $"'{name}' is not a defined Transpose value.");
        }
    }
}
