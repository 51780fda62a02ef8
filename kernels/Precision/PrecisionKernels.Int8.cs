using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace TensorGen.Precision;

public static partial class PrecisionKernels
{
    /// <summary>
    /// Σ aᵢ·xᵢ of signed bytes in int32, exact (wrapping modulo 2³² only if |sum| reaches 2³¹, which needs
    /// more than 2¹⁷ terms). x86: sign-extension to int16 and <c>pmaddwd</c> (no saturation, unlike
    /// <c>pmaddubsw</c>); ARM: <c>Dp.DotProduct</c> (sdot); otherwise portable widening multiplies.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> x)
    {
        if (a.Length != x.Length)
        {
            throw new ArgumentException($"'{nameof(x)}' holds {x.Length} elements; '{nameof(a)}' holds {a.Length}.", nameof(x));
        }

        return Int8Dot(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(x), a.Length, KernelDispatch.Current);
    }

    /// <summary>y = W·x in int32 for a row-major rows × cols signed-byte <paramref name="w"/>; exact as <see cref="Dot(ReadOnlySpan{sbyte}, ReadOnlySpan{sbyte})"/>.</summary>
    /// <exception cref="ArgumentException">A span's length does not match rows and cols.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="cols"/> is negative.</exception>
    public static void MatVec(ReadOnlySpan<sbyte> w, ReadOnlySpan<sbyte> x, Span<int> y, int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        if (w.Length != (long)rows * cols)
        {
            throw new ArgumentException($"'{nameof(w)}' holds {w.Length} elements; a {rows} x {cols} matrix needs {(long)rows * cols}.", nameof(w));
        }

        if (x.Length != cols) throw new ArgumentException($"'{nameof(x)}' holds {x.Length} elements; expected cols = {cols}.", nameof(x));
        if (y.Length != rows) throw new ArgumentException($"'{nameof(y)}' holds {y.Length} elements; expected rows = {rows}.", nameof(y));
        VectorPath path = KernelDispatch.Current;
        ref sbyte w0 = ref MemoryMarshal.GetReference(w);
        ref sbyte x0 = ref MemoryMarshal.GetReference(x);
        for (int r = 0; r < rows; r++) y[r] = Int8Dot(ref Unsafe.Add(ref w0, (nint)r * cols), ref x0, cols, path);
    }

    internal static int Int8Dot(ref sbyte a, ref sbyte x, int n, VectorPath path)
    {
        int i = 0, sum = 0;
        if (path == VectorPath.Vector512 && Avx512BW.IsSupported)
        {
            Vector512<int> acc = Vector512<int>.Zero;
            for (; i <= n - 32; i += 32)
            {
                Vector512<short> va = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref a, (nuint)i));
                Vector512<short> vx = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref x, (nuint)i));
                acc += Avx512BW.MultiplyAddAdjacent(va, vx);
            }

            sum = Vector512.Sum(acc);
        }
        else if (path >= VectorPath.Vector256 && Avx2.IsSupported)
        {
            Vector256<int> acc0 = Vector256<int>.Zero, acc1 = Vector256<int>.Zero;
            for (; i <= n - 32; i += 32)
            {
                acc0 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref a, (nuint)i)),
                                                 Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref x, (nuint)i)));
                acc1 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref a, (nuint)i + 16)),
                                                 Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref x, (nuint)i + 16)));
            }

            sum = Vector256.Sum(acc0 + acc1);
        }
        else if (path >= VectorPath.Vector128 && Dp.IsSupported)
        {
            Vector128<int> acc = Vector128<int>.Zero;
            for (; i <= n - 16; i += 16)
            {
                acc = Dp.DotProduct(acc, Vector128.LoadUnsafe(ref a, (nuint)i), Vector128.LoadUnsafe(ref x, (nuint)i));
            }

            sum = Vector128.Sum(acc);
        }
        else if (path >= VectorPath.Vector128 && Sse41.IsSupported)
        {
            Vector128<int> acc = Vector128<int>.Zero;
            for (; i <= n - 8; i += 8)
            {
                Vector128<short> va = Sse41.ConvertToVector128Int16(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref a, i)))).AsSByte());
                Vector128<short> vx = Sse41.ConvertToVector128Int16(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref x, i)))).AsSByte());
                acc += Sse2.MultiplyAddAdjacent(va, vx);
            }

            sum = Vector128.Sum(acc);
        }
        else if (path >= VectorPath.Vector128)
        {
            // Portable: widen to int16, multiply (|product| ≤ 2¹⁴ fits), widen the products to int32 and add.
            Vector128<int> acc = Vector128<int>.Zero;
            for (; i <= n - 16; i += 16)
            {
                Vector128<sbyte> va = Vector128.LoadUnsafe(ref a, (nuint)i), vx = Vector128.LoadUnsafe(ref x, (nuint)i);
                Vector128<short> lo = Vector128.WidenLower(va) * Vector128.WidenLower(vx);
                Vector128<short> hi = Vector128.WidenUpper(va) * Vector128.WidenUpper(vx);
                acc += Vector128.WidenLower(lo) + Vector128.WidenUpper(lo) + Vector128.WidenLower(hi) + Vector128.WidenUpper(hi);
            }

            sum = Vector128.Sum(acc);
        }

        for (; i < n; i++) sum += Unsafe.Add(ref a, i) * Unsafe.Add(ref x, i);
        return sum;
    }
}
