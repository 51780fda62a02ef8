using System;
using System.Collections.Generic;
using TensorGen.Bench.Report.Peers;
using TensorGen.Numerics;
using TensorGen.Precision;
using TensorGen.Semirings;

namespace TensorGen.Bench.Report;

/// <summary>
/// One measured precision row: our kernel's time and its peers' on the same operands, single thread.
/// <paramref name="Operations"/> counts two per multiply-add (2n² for GEMV, 2n³ for GEMM). <paramref name="Ceiling"/>
/// is the in-register loop of the kernel's own step where it is not the f32 FMA loop (the int8 GEMM's pmaddwd).
/// <paramref name="Threads"/> is the thread count the kernel ran on (its streaming ceiling reads on as many).
/// </summary>
internal sealed record PrecisionRow(string Id, string Format, string Op, int N, double Operations, double Seconds, double WeightBytes,
                                    IReadOnlyList<(string Peer, double Seconds)> Peers, CeilingLoop? Ceiling = null, int Threads = 1)
{
    /// <summary>Weight bytes streamed per second.</summary>
    public double GigabytesPerSecond => WeightBytes / Seconds / 1e9;

    /// <summary>Operations per second, in G.</summary>
    public double GigaOps => Operations / Seconds / 1e9;

    /// <summary>GEMV streams its weights once (bandwidth-bound); GEMM reuses them (compute-bound).</summary>
    public bool IsStreaming => Op == "gemv";
}

/// <summary>
/// The precision rows of the per-machine report: GEMV of a DRAM-resident n × n matrix (n = 8192, 4096 with
/// --quick) with bf16 and Q4_0 weights, against our own f32 GEMV (plus-times) and OpenBLAS <c>cblas_sgemv</c>.
/// Ids: <c>precision.bf16.gemv.8192.t1</c>, <c>precision.q4_0.gemv.8192.t1</c>. Results are checked against
/// the f32 product of the decoded weights before timing (relative error ≤ 1e-2 for Q4_0 with Q8_0
/// activations, ≤ 1e-4 for bf16), and a failed check throws.
/// GEMM rows (n = 1024, 512 with --quick): int8 × int8 → int32 (checked exactly on sampled rows) and bf16 weights
/// × f32 (checked within 1e-4 relative), against our own f32 GEMM on the same shape:
/// <c>precision.int8.gemm.1024.t1</c>, <c>precision.bf16.gemm.1024.t1</c>; the batched Q4_0 × Q8_0 rows of
/// <see cref="Q8GemmCases"/>; then the posit dot rows of <see cref="PositDotCases"/>. <c>wants</c> selects row groups
/// by id prefix (the report's --only), so one group can be measured without the others.
/// </summary>
internal static unsafe class PrecisionCases
{
    /// <summary>
    /// The int8 GEMM's compute ceiling: its micro-kernel step (int16 k-pairs, <see cref="MaddPairStep"/>) in the same
    /// 6 x 2 register tile as the FMA loop, so the two ceilings compare the instructions, not the loop shapes.
    /// </summary>
    internal static readonly CeilingLoop Int8Ceiling = new CeilingLoop<MaddPairStep, int>(
        MaddPairStep.Describe(KernelDispatch.Accelerated), i => ((i % 5 - 2) << 16) | (ushort)(i % 7 - 3), entriesPerLane: 2);

    public static IReadOnlyList<PrecisionRow> Run(bool quick, NativePeerLibrary? openBlas, Func<string, bool> wants)
    {
        var rows = new List<PrecisionRow>();
        var rng = new Random(8);
        if (wants("precision.bf16.gemv") || wants("precision.q4_0.gemv"))
        {
            rows.AddRange(GemvRows(quick, openBlas, rng));
        }

        using (KernelThreads.Override(1))
        {
            if (wants("precision.int8.gemm") || wants("precision.bf16.gemm"))
            {
                rows.AddRange(GemmRows(quick ? 512 : 1024, rng));
            }

            if (wants("precision.q4_0q8_0"))
            {
                rows.AddRange(Q8GemmCases.Run(quick, rng));
            }
        }

        if (wants("precision.posit"))
        {
            rows.AddRange(PositDotCases.Run(rng));
        }

        return rows;
    }

    private static List<PrecisionRow> GemvRows(bool quick, NativePeerLibrary? openBlas, Random rng)
    {
        var rows = new List<PrecisionRow>();
        int n = quick ? 4096 : 8192;
        var w = new float[(long)n * n];
        for (long i = 0; i < w.LongLength; i++) w[i] = (float)(rng.NextDouble() * 2 - 1);
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        var y = new float[n];

        var peers = new List<(string, double)> { ("f32 gemv (ours)", Best(() => PlusTimesSingle.MatVec(w, x, y, n, n))) };
        if (openBlas is { IsLoaded: true })
        {
            var sgemv = (delegate* unmanaged<int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)openBlas.Export("cblas_sgemv");
            ((delegate* unmanaged<int, void>)openBlas.Export("openblas_set_num_threads"))(1);
            peers.Add(("openblas sgemv", Best(() =>
            {
                fixed (float* pw = w, px = x, py = y) sgemv(101, 111, n, n, 1f, pw, n, px, 1, 0f, py, 1);
            })));
        }

        var bf16 = new BFloat16[w.Length];
        NumericConvert.ToBFloat16(w, bf16);
        Check("bf16", n, x, y, () => PrecisionKernels.MatVec(bf16, x, y, n, n), 1e-4, bf16Row: bf16);
        rows.Add(new PrecisionRow($"precision.bf16.gemv.{n}.t1", "bf16", "gemv", n, 2.0 * n * n, Best(() => PrecisionKernels.MatVec(bf16, x, y, n, n)), 2.0 * w.LongLength, peers));
        bf16 = null!;

        var q4 = new BlockQ4_0[w.LongLength / 32];
        BlockQ4_0.Quantize(w, q4);
        w = null!;
        rows.AddRange(Q4Rows(n, q4, x, y, peers));
        return rows;
    }

    /// <summary>
    /// Q4_0 × Q8_0 GEMV on weights packed once (<see cref="PackedQ4_0"/>), on one thread and on two, against the same
    /// weights row-major (the GGUF layout, <c>precision.q4_0.rowmajor.gemv</c>) and the f32 peers. The packed
    /// product must equal the row-major one within the Q4_0 check and the one-thread result bit for bit.
    /// </summary>
    private static IEnumerable<PrecisionRow> Q4Rows(int n, BlockQ4_0[] q4, float[] x, float[] y, List<(string, double)> f32Peers)
    {
        double operations = 2.0 * n * n;
        Check("q4_0", n, x, y, () => PrecisionKernels.MatVec(q4, x, y, n, n), 1e-2, q4Row: q4);
        double rowMajor = Best(() => PrecisionKernels.MatVec(q4, x, y, n, n));
        yield return new PrecisionRow($"precision.q4_0.rowmajor.gemv.{n}.t1", "q4_0", "gemv", n, operations, rowMajor, 18.0 * q4.LongLength, f32Peers);

        PackedQ4_0 packed = PackedQ4_0.Pack(q4, n, n);
        var single = new float[n];
        double oneThread;
        using (KernelThreads.Override(1))
        {
            Check("q4_0 packed", n, x, single, () => PrecisionKernels.MatVec(packed, x, single), 1e-2, q4Row: q4);
            oneThread = Best(() => PrecisionKernels.MatVec(packed, x, y));
        }

        var peers = new List<(string, double)>(f32Peers) { ("q4_0 row-major (ours)", rowMajor) };
        yield return new PrecisionRow($"precision.q4_0.gemv.{n}.t1", "q4_0", "gemv", n, operations, oneThread, packed.PackedBytes, peers);

        using (KernelThreads.Override(2))
        {
            PrecisionKernels.MatVec(packed, x, y);
            if (!y.AsSpan().SequenceEqual(single))
            {
                throw new InvalidOperationException("precision.q4_0.gemv: the two-thread result differs from the one-thread result.");
            }

            double twoThreads = Best(() => PrecisionKernels.MatVec(packed, x, y));
            yield return new PrecisionRow($"precision.q4_0.gemv.{n}.t2", "q4_0", "gemv", n, operations, twoThreads, packed.PackedBytes,
                [("q4_0 packed, 1 thread (ours)", oneThread)], Threads: 2);
        }
    }

    private static IEnumerable<PrecisionRow> GemmRows(int n, Random rng)
    {
        var a = new float[n * n];
        var b = new float[n * n];
        var c = new float[n * n];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (float)(rng.NextDouble() * 2 - 1);
            b[i] = (float)(rng.NextDouble() * 2 - 1);
        }

        double operations = 2.0 * n * n * n;
        var f32 = new List<(string, double)> { ("f32 gemm (ours)", Best(() => PlusTimesSingle.MatMul(a, b, c, n, n, n))) };

        var a8 = new sbyte[n * n];
        var b8 = new sbyte[n * n];
        for (int i = 0; i < a8.Length; i++)
        {
            a8[i] = (sbyte)rng.Next(-128, 128);
            b8[i] = (sbyte)rng.Next(-128, 128);
        }

        var c32 = new int[n * n];
        PrecisionKernels.MatMul(a8, b8, c32, n, n, n);
        for (int r = 0; r < n; r += n / 16)
        {
            for (int j = 0; j < n; j++)
            {
                int exact = 0;
                for (int p = 0; p < n; p++) exact += a8[r * n + p] * b8[p * n + j];
                if (exact != c32[r * n + j]) throw new InvalidOperationException($"precision.int8.gemm: C[{r},{j}] = {c32[r * n + j]}, exact {exact}.");
            }
        }

        yield return new PrecisionRow($"precision.int8.gemm.{n}.t1", "int8", "gemm", n, operations,
            Best(() => PrecisionKernels.MatMul(a8, b8, c32, n, n, n)), n * (double)n, f32, Int8Ceiling);

        var a16 = new BFloat16[n * n];
        NumericConvert.ToBFloat16(a, a16);
        PrecisionKernels.MatMul(a16, b, c, n, n, n);
        var row = new float[n];
        for (int r = 0; r < n; r += n / 16)
        {
            NumericConvert.ToSingle(a16.AsSpan(r * n, n), row);
            for (int j = 0; j < n; j++)
            {
                double exact = 0, magnitude = 0;
                for (int p = 0; p < n; p++)
                {
                    exact += (double)row[p] * b[p * n + j];
                    magnitude += Math.Abs((double)row[p] * b[p * n + j]);
                }

                if (Math.Abs(c[r * n + j] - exact) > 1e-4 * magnitude)
                {
                    throw new InvalidOperationException($"precision.bf16.gemm: C[{r},{j}] = {c[r * n + j]}, exact {exact}.");
                }
            }
        }

        yield return new PrecisionRow($"precision.bf16.gemm.{n}.t1", "bf16", "gemm", n, operations,
            Best(() => PrecisionKernels.MatMul(a16, b, c, n, n, n)), 2.0 * n * n, f32);
    }

    private static void Check(string name, int n, float[] x, float[] y, Action run, double tolerance,
                              BFloat16[]? bf16Row = null, BlockQ4_0[]? q4Row = null)
    {
        run();
        var row = new float[n];
        double worst = 0, scale = 0;
        for (int r = 0; r < n; r += Math.Max(1, n / 64))
        {
            if (bf16Row is not null) NumericConvert.ToSingle(bf16Row.AsSpan(r * n, n), row);
            else BlockQ4_0.Dequantize(q4Row.AsSpan(r * n / 32, n / 32), row);
            double exact = 0, magnitude = 0;
            for (int c = 0; c < n; c++)
            {
                exact += (double)row[c] * x[c];
                magnitude += Math.Abs((double)row[c] * x[c]);
            }

            worst = Math.Max(worst, Math.Abs(y[r] - exact));
            scale = Math.Max(scale, magnitude);
        }

        if (worst > tolerance * scale)
        {
            throw new InvalidOperationException($"precision.{name}.gemv: error {worst:G3} exceeds {tolerance} x {scale:G3}.");
        }
    }

    private static double Best(Action action) => Timing.BestOf(action, runs: 7);
}
