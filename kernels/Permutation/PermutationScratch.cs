using System;
using System.Buffers;

namespace TensorGen.Permutation;

/// <summary>
/// Scratch for one call of a generated layer (the reduced inputs and the mixed tensors): one pooled array, handed
/// out in zeroed slices and returned to <see cref="ArrayPool{T}.Shared"/> on dispose.
/// </summary>
public ref struct PermutationScratch
{
    private float[]? _rented;
    private int _used;

    /// <summary>Rents room for <paramref name="length"/> floats.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative or larger than an array can hold.</exception>
    public PermutationScratch(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Array.MaxLength);
        _rented = length == 0 ? null : ArrayPool<float>.Shared.Rent((int)length);
        _used = 0;
    }

    /// <summary>The next <paramref name="length"/> floats, cleared.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than <paramref name="length"/> floats are left.</exception>
    public Span<float> Take(int length)
    {
        Span<float> slice = _rented.AsSpan(_used, length);
        slice.Clear();
        _used += length;
        return slice;
    }

    /// <summary>Returns the array to the pool.</summary>
    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<float>.Shared.Return(_rented);
            _rented = null;
        }
    }
}
