using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TensorGen.Numerics;
using TensorGen.Precision;
using TensorGen.Semirings;

namespace TensorGen.Bench.Report;

/// <summary>
/// Posit dot products with L2-resident data (n = 32,768: 32 or 64 KiB of posits and 128 KiB of floats), single
/// thread: our kernel (on x86, posit8 through its 1 KiB float table by eight scalar loads per vector, which beat the
/// gather there; posit16 by building the float bits in registers, <c>PositVectorDecode256.Decode16Avx2</c>) against
/// peers in the same run — a scalar loop that decodes each posit with the codec and multiplies (the baseline),
/// the same dot product with the generic branch-free arithmetic decode in 256-bit registers, for posit16 the 256 KiB
/// table read by <c>vgatherdps</c> (the decode the bit-building one replaced), and our f32 dot product of the
/// already-decoded values (what the compact format costs over plain floats).
/// Ids: <c>precision.posit8.dot.32768.t1</c>, <c>precision.posit16.dot.32768.t1</c>.
/// </summary>
internal static class PositDotCases
{
    public const int N = 32768;

    public static IEnumerable<PrecisionRow> Run(Random rng)
    {
        var x = new float[N];
        var values = new float[N];
        for (int i = 0; i < N; i++)
        {
            x[i] = (float)(rng.NextDouble() * 2 - 1);
            values[i] = (float)(rng.NextDouble() * 4 - 2);
        }

        var p8 = new Posit8[N];
        NumericConvert.ToPosit8(values, p8);
        var table8 = new float[256];
        for (int b = 0; b < 256; b++) table8[b] = Posit8.FromBits((byte)b).ToSingle();
        yield return Row("posit8", p8, x, table8,
            () => PrecisionKernels.Dot(p8, x),
            () => { float s = 0; for (int i = 0; i < N; i++) s += p8[i].ToSingle() * x[i]; return s; },
            () => ArithmeticDot(MemoryMarshal.AsBytes(p8.AsSpan()), 8, 0, x));

        var p16 = new Posit16[N];
        NumericConvert.ToPosit16(values, p16);
        var table16 = new float[65536];
        for (int b = 0; b < 65536; b++) table16[b] = Posit16.FromBits((ushort)b).ToSingle();
        yield return Row("posit16", p16, x, table16,
            () => PrecisionKernels.Dot(p16, x),
            () => { float s = 0; for (int i = 0; i < N; i++) s += p16[i].ToSingle() * x[i]; return s; },
            () => ArithmeticDot(MemoryMarshal.AsBytes(p16.AsSpan()), 16, 1, x),
            ("table gather (vgatherdps)", () => TableGatherDot(p16, x)));
    }

    private static PrecisionRow Row<TPosit>(string name, TPosit[] posits, float[] x, float[] table, Func<float> ours, Func<float> scalar, Func<float> arithmetic,
                                            (string Name, Func<float> Run)? other = null)
        where TPosit : unmanaged
    {
        var decoded = new float[N];
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(posits.AsSpan());
        for (int i = 0; i < N; i++) decoded[i] = table[Unsafe.SizeOf<TPosit>() == 1 ? bytes[i] : BitConverter.ToUInt16(bytes.Slice(2 * i, 2))];
        double exact = 0, magnitude = 0;
        for (int i = 0; i < N; i++)
        {
            exact += (double)decoded[i] * x[i];
            magnitude += Math.Abs((double)decoded[i] * x[i]);
        }

        var checks = new List<(string, float)> { ("ours", ours()), ("scalar decode", scalar()), ("arithmetic decode", arithmetic()) };
        if (other is { } extra) checks.Add((extra.Name, extra.Run()));
        foreach ((string what, float result) in checks)
        {
            if (Math.Abs(result - exact) > 1e-4 * magnitude)
            {
                throw new InvalidOperationException($"precision.{name}.dot ({what}): {result} against exact {exact}.");
            }
        }

        var peers = new List<(string, double)>
        {
            ("scalar decode loop", Best(scalar)),
            ("arithmetic decode", Best(arithmetic)),
            ("f32 dot (ours)", Best(() => PlusTimesSingle.Dot(decoded, x))),
        };
        if (other is { } peer) peers.Insert(2, (peer.Name, Best(peer.Run)));
        return new PrecisionRow($"precision.{name}.dot.{N}.t1", name, "dot", N, 2.0 * N, Best(ours), (double)N * Unsafe.SizeOf<TPosit>(), peers);
    }

    /// <summary>Σ decode(bits)·x with the kernels' branch-free arithmetic posit decode in 256-bit registers.</summary>
    private static unsafe float ArithmeticDot(ReadOnlySpan<byte> bits, int n, int es, float[] x)
    {
        int i = 0;
        float sum = 0;
        fixed (byte* p = bits)
        fixed (float* px = x)
        {
            if (Avx2.IsSupported && Fma.IsSupported)
            {
                Vector256<float> acc0 = Vector256<float>.Zero, acc1 = Vector256<float>.Zero;
                for (; i <= N - 16; i += 16)
                {
                    Vector256<int> i0 = n == 8 ? Avx2.ConvertToVector256Int32(p + i) : Avx2.ConvertToVector256Int32((ushort*)p + i);
                    Vector256<int> i1 = n == 8 ? Avx2.ConvertToVector256Int32(p + i + 8) : Avx2.ConvertToVector256Int32((ushort*)p + i + 8);
                    acc0 = Fma.MultiplyAdd(PositVectorDecode256.Decode(i0.AsUInt32(), n, es), Avx.LoadVector256(px + i), acc0);
                    acc1 = Fma.MultiplyAdd(PositVectorDecode256.Decode(i1.AsUInt32(), n, es), Avx.LoadVector256(px + i + 8), acc1);
                }

                sum = Vector256.Sum(acc0 + acc1);
            }

            for (; i < N; i++) sum += PositCodec.Decode(n == 8 ? p[i] : ((ushort*)p)[i], n, es) * px[i];
        }

        return sum;
    }

    /// <summary>Σ decode(p)·x through the 256 KiB posit16 float table, eight lanes per <c>vgatherdps</c>, four accumulators.</summary>
    private static unsafe float TableGatherDot(Posit16[] posits, float[] x)
    {
        int i = 0;
        float sum = 0;
        fixed (Posit16* p = posits)
        fixed (float* px = x)
        {
            if (Avx2.IsSupported && Fma.IsSupported)
            {
                ushort* bits = (ushort*)p;
                Vector256<float> acc0 = Vector256<float>.Zero, acc1 = Vector256<float>.Zero, acc2 = Vector256<float>.Zero, acc3 = Vector256<float>.Zero;
                for (; i <= N - 32; i += 32)
                {
                    acc0 = Fma.MultiplyAdd(PositTables.Gather(PositTables.Posit16, Avx2.ConvertToVector256Int32(bits + i).AsUInt32()), Avx.LoadVector256(px + i), acc0);
                    acc1 = Fma.MultiplyAdd(PositTables.Gather(PositTables.Posit16, Avx2.ConvertToVector256Int32(bits + i + 8).AsUInt32()), Avx.LoadVector256(px + i + 8), acc1);
                    acc2 = Fma.MultiplyAdd(PositTables.Gather(PositTables.Posit16, Avx2.ConvertToVector256Int32(bits + i + 16).AsUInt32()), Avx.LoadVector256(px + i + 16), acc2);
                    acc3 = Fma.MultiplyAdd(PositTables.Gather(PositTables.Posit16, Avx2.ConvertToVector256Int32(bits + i + 24).AsUInt32()), Avx.LoadVector256(px + i + 24), acc3);
                }

                sum = Vector256.Sum((acc0 + acc1) + (acc2 + acc3));
            }

            for (; i < N; i++) sum += posits[i].ToSingle() * px[i];
        }

        return sum;
    }

    private static double Best(Func<float> action)
    {
        action();
        double best = double.MaxValue;
        for (int run = 0; run < 5; run++)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            for (int repeat = 0; repeat < 20; repeat++) action();
            best = Math.Min(best, System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds / 20);
        }

        return best;
    }
}
