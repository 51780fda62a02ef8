using System;

namespace TensorGen.Precision;

public static partial class PrecisionKernels
{
    /// <summary>
    /// C = A·B in int32 for signed-byte <paramref name="a"/> (m × k) and <paramref name="b"/> (k × n), row-major,
    /// <paramref name="c"/> (m × n) overwritten; exact (wrapping modulo 2³² only past 2¹⁷ terms, as
    /// <see cref="Dot(ReadOnlySpan{sbyte}, ReadOnlySpan{sbyte})"/>). x86: int16 k-pairs through <c>pmaddwd</c>
    /// (<c>vpdpwssd</c> with AVX-VNNI) in 6 × 16 (AVX2), 8 × 32 (AVX-512BW) or 4 × 8 (SSE2) tiles; ARM: k-quads
    /// through <c>sdot</c> in 8 × 8 tiles; otherwise a scalar 4 × 4 tile. Multithreaded over row blocks with
    /// <see cref="KernelThreads.Current"/> threads.
    /// </summary>
    /// <exception cref="ArgumentException">A span's length does not match m, n and k.</exception>
    /// <exception cref="ArgumentOutOfRangeException">m, n or k is negative.</exception>
    public static unsafe void MatMul(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b, Span<int> c, int m, int n, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (a.Length != (long)m * k)
        {
            throw new ArgumentException($"'{nameof(a)}' holds {a.Length} elements; an {m} x {k} matrix needs {(long)m * k}.", nameof(a));
        }

        if (b.Length != (long)k * n)
        {
            throw new ArgumentException($"'{nameof(b)}' holds {b.Length} elements; a {k} x {n} matrix needs {(long)k * n}.", nameof(b));
        }

        if (c.Length != (long)m * n)
        {
            throw new ArgumentException($"'{nameof(c)}' holds {c.Length} elements; an {m} x {n} matrix needs {(long)m * n}.", nameof(c));
        }

        fixed (sbyte* pa = a, pb = b)
        fixed (int* pc = c)
        {
            Int8Gemm.Multiply(pa, pb, pc, m, n, k, KernelDispatch.Current, KernelThreads.Current);
        }
    }
}
