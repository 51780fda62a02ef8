using System;
using System.Runtime.InteropServices;
using TensorGen.Numerics;

namespace TensorGen.Precision;

public static partial class PrecisionKernels
{
    /// <summary>
    /// C = W·X with Q4_0 weights and activations quantized on the fly to Q8_0, the llama.cpp CPU scheme, batched:
    /// <paramref name="a"/> holds W (m rows of k/32 blocks, as a GGUF tensor), <paramref name="b"/> holds X (k × n f32,
    /// row-major, the layout of <see cref="MatMul(ReadOnlySpan{BlockQ4_0}, ReadOnlySpan{float}, Span{float}, int, int, int)"/>;
    /// column j is token j) and <paramref name="c"/> receives C (m × n, row-major, overwritten).
    /// <para>
    /// Each column of X is quantized once per call along k into Q8_0 blocks with the reference quantizer
    /// (<see cref="BlockQ8_0.Quantize"/>: d = amax/127, round half away from zero). Then
    /// C[i, j] = Σ_b fl(fl(d_w[i,b]·d_x[b,j])·s[i,j,b]) summed in f32 in increasing block order b, where the block
    /// sum s = Σ_t (q4 − 8)·q8 is an exact integer (|s| ≤ 32·8·128 &lt; 2²⁴, so its float is exact). Every vector
    /// path computes exactly this sequence of roundings (no fused multiply-add), so the result is bit-identical on
    /// every ISA and thread count. x86 AVX2: 2 weight rows × 4 tokens per register tile (<c>pmaddubsw</c> on the
    /// unsigned nibbles, <c>pmaddwd</c> with ones, 8·Σq8 subtracted); ARM: <c>sdot</c>; otherwise widening
    /// multiplies or scalar code, one weight row × 4 tokens. Multithreaded over row blocks with
    /// <see cref="KernelThreads.Current"/> threads.
    /// </para>
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="k"/> is not a multiple of 32, a span's length does not match
    /// m, n and k, <paramref name="c"/> overlaps <paramref name="a"/> or <paramref name="b"/>, or X holds a NaN or infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException">m, n or k is negative.</exception>
    public static unsafe void MatMulQ8(ReadOnlySpan<BlockQ4_0> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (k % BlockQ4_0.BlockSize != 0)
        {
            throw new ArgumentException($"'{nameof(k)}' = {k} is not a whole number of {BlockQ4_0.BlockSize}-value Q4_0 blocks.", nameof(k));
        }

        CheckMatMulShape(a.Length, (long)m * (k / BlockQ4_0.BlockSize), "blocks", b, c, m, n, k);
        if (MemoryMarshal.AsBytes(a).Overlaps(MemoryMarshal.AsBytes((ReadOnlySpan<float>)c)))
        {
            throw new ArgumentException($"'{nameof(c)}' overlaps '{nameof(a)}'; the output must not share memory with an input.", nameof(c));
        }

        BlockChecks.Finite(b, nameof(b));
        fixed (BlockQ4_0* pa = a)
        fixed (float* pb = b, pc = c)
        {
            Q8Gemm.Multiply(pa, pb, pc, m, n, k, KernelDispatch.Current, KernelThreads.Current);
        }
    }
}
