using System;

namespace TensorGen.Equivariant;

/// <summary>Argument checks the generated equivariant kernels call once, up front.</summary>
public static class EquivariantChecks
{
    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="parameter"/> unless <paramref name="length"/> is at least <paramref name="needed"/>.</summary>
    public static void AtLeast(int length, long needed, string parameter, string what)
    {
        if (length < needed)
            throw new ArgumentException($"'{parameter}' holds {length} values; {what} needs {needed}.", parameter);
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="parameter"/> unless <paramref name="length"/> equals <paramref name="needed"/>.</summary>
    public static void Exactly(int length, int needed, string parameter, string what)
    {
        if (length != needed)
            throw new ArgumentException($"'{parameter}' holds {length} values; {what} needs exactly {needed}.", parameter);
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when <paramref name="batch"/> is negative.</summary>
    public static void Batch(int batch, string parameter) => ArgumentOutOfRangeException.ThrowIfNegative(batch, parameter);

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="parameter"/> unless its length equals the batch (<paramref name="length"/> of x).</summary>
    public static void SameLength(int length, int batch, string parameter)
    {
        if (length != batch)
            throw new ArgumentException($"'{parameter}' holds {length} values; x holds {batch}: the coordinate spans must have one length.", parameter);
    }
}
