using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TensorGen.Numerics;

namespace TensorGen.Precision;

/// <summary>
/// Decode-in-register kernels: compact storage is loaded, widened to float inside vector registers and
/// multiplied with float activations, accumulating in float. Each result is within the standard bound
/// |r − r_exact| ≤ γₙ·Σ|aᵢ·xᵢ| (γₙ = n·u / (1 − n·u), u = 2⁻²⁴) of the exact dot product of the decoded values,
/// whatever the path. Integer kernels are exact (int32 sums, wrapping modulo 2³² only past |sum| ≥ 2³¹).
/// </summary>
public static partial class PrecisionKernels
{
    /// <summary>Σ aᵢ·xᵢ with bfloat16 <paramref name="a"/>, accumulated in float.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static float Dot(ReadOnlySpan<BFloat16> a, ReadOnlySpan<float> x) => CheckedDot<BFloat16, BFloat16Decoder>(a, x);

    /// <summary>Σ aᵢ·xᵢ with half <paramref name="a"/>, accumulated in float.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static float Dot(ReadOnlySpan<Half> a, ReadOnlySpan<float> x) => CheckedDot<Half, HalfDecoder>(a, x);

    /// <summary>Σ aᵢ·xᵢ with posit8 <paramref name="a"/>, accumulated in float (NaR gives NaN).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static float Dot(ReadOnlySpan<Posit8> a, ReadOnlySpan<float> x) => CheckedDot<Posit8, Posit8Decoder>(a, x);

    /// <summary>Σ aᵢ·xᵢ with posit16 <paramref name="a"/>, accumulated in float (NaR gives NaN).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static float Dot(ReadOnlySpan<Posit16> a, ReadOnlySpan<float> x) => CheckedDot<Posit16, Posit16Decoder>(a, x);

    /// <summary>Σ aᵢ·xᵢ with posit16 (es = 2) <paramref name="a"/>, accumulated in float (NaR gives NaN).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static float Dot(ReadOnlySpan<Posit16Es2> a, ReadOnlySpan<float> x) => CheckedDot<Posit16Es2, Posit16Es2Decoder>(a, x);

    private static float CheckedDot<TStorage, TDecoder>(ReadOnlySpan<TStorage> a, ReadOnlySpan<float> x)
        where TStorage : unmanaged
        where TDecoder : IFormatDecoder<TStorage>
    {
        if (a.Length != x.Length)
        {
            throw new ArgumentException($"'{nameof(x)}' holds {x.Length} elements; '{nameof(a)}' holds {a.Length}.", nameof(x));
        }

        return DecodeDot<TStorage, TDecoder>(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(x), a.Length, KernelDispatch.Current);
    }

    /// <summary>
    /// The decode-in-register dot product on one path; lengths already checked. Compiled fully optimized at its first
    /// call, as the other kernels are: under tiering its first calls ran as tier-0 / OSR code, and the posit16 dot
    /// (32,768 elements, the report's row) stayed at 0.2–0.5 G ops/s for the first few hundred calls, against 3.4
    /// once optimized.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static float DecodeDot<TStorage, TDecoder>(ref TStorage a, ref float x, int n, VectorPath path)
        where TStorage : unmanaged
        where TDecoder : IFormatDecoder<TStorage>
    {
        int i = 0;
        float sum = 0f;
        switch (path)
        {
            case VectorPath.Vector512:
            {
                Vector512<float> acc0 = Vector512<float>.Zero, acc1 = Vector512<float>.Zero;
                for (; i <= n - 32; i += 32)
                {
                    StorageLoad.Load512<TStorage, TDecoder>(ref Unsafe.Add(ref a, i), out Vector512<float> low, out Vector512<float> high);
                    acc0 += low * Vector512.LoadUnsafe(ref x, (nuint)i);
                    acc1 += high * Vector512.LoadUnsafe(ref x, (nuint)i + 16);
                }

                sum = Vector512.Sum(acc0 + acc1);
                break;
            }

            case VectorPath.Vector256 when typeof(TStorage) == typeof(Posit8) && Avx2.IsSupported && Fma.IsSupported:
                return Posit8TableDot(ref Unsafe.As<TStorage, byte>(ref a), ref x, n);

            case VectorPath.Vector256:
            {
                Vector256<float> acc0 = Vector256<float>.Zero, acc1 = Vector256<float>.Zero;
                Vector256<float> acc2 = Vector256<float>.Zero, acc3 = Vector256<float>.Zero;
                for (; i <= n - 32; i += 32)
                {
                    StorageLoad.Load256<TStorage, TDecoder>(ref Unsafe.Add(ref a, i), out Vector256<float> l0, out Vector256<float> h0);
                    StorageLoad.Load256<TStorage, TDecoder>(ref Unsafe.Add(ref a, i + 16), out Vector256<float> l1, out Vector256<float> h1);
                    acc0 += l0 * Vector256.LoadUnsafe(ref x, (nuint)i);
                    acc1 += h0 * Vector256.LoadUnsafe(ref x, (nuint)i + 8);
                    acc2 += l1 * Vector256.LoadUnsafe(ref x, (nuint)i + 16);
                    acc3 += h1 * Vector256.LoadUnsafe(ref x, (nuint)i + 24);
                }

                for (; i <= n - 16; i += 16)
                {
                    StorageLoad.Load256<TStorage, TDecoder>(ref Unsafe.Add(ref a, i), out Vector256<float> low, out Vector256<float> high);
                    acc0 += low * Vector256.LoadUnsafe(ref x, (nuint)i);
                    acc1 += high * Vector256.LoadUnsafe(ref x, (nuint)i + 8);
                }

                sum = Vector256.Sum((acc0 + acc1) + (acc2 + acc3));
                break;
            }

            case VectorPath.Vector128:
            {
                Vector128<float> acc0 = Vector128<float>.Zero, acc1 = Vector128<float>.Zero;
                for (; i <= n - 8; i += 8)
                {
                    StorageLoad.Load128<TStorage, TDecoder>(ref Unsafe.Add(ref a, i), out Vector128<float> low, out Vector128<float> high);
                    acc0 += low * Vector128.LoadUnsafe(ref x, (nuint)i);
                    acc1 += high * Vector128.LoadUnsafe(ref x, (nuint)i + 4);
                }

                sum = Vector128.Sum(acc0 + acc1);
                break;
            }
        }

        for (; i < n; i++) sum += TDecoder.Scalar(Unsafe.Add(ref a, i)) * Unsafe.Add(ref x, i);
        return sum;
    }
}
