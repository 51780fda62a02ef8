using System;
using System.Collections.Generic;
using System.Linq;
using TensorGen.Equivariant;
using TensorGen.Machine;

namespace TensorGen.Bench.Report;

/// <summary>One measured equivariant row: our generated kernel's best time and the in-run peer's, single thread, f32.</summary>
internal sealed record EquivariantRow(string Id, string Op, int Batch, double Seconds, double Ops, string Note, IReadOnlyList<(string Peer, double Seconds)> Peers);

/// <summary>
/// The equivariant rows of the per-machine report, f32, one thread, e3nn's sample-major layout (and the component-major
/// twins, <c>….major.t1</c>, each timed against the sample-major kernel in the same run):
/// <c>equivariant.tp.full.l2.b10000.t1</c> and <c>equivariant.tp.full.l4.b10000.t1</c> (the full Clebsch–Gordan product
/// of all l ≤ L with itself; ops = 2 per nonzero coefficient per sample) against a dense einsum over the per-path
/// Clebsch–Gordan blocks (1,225 entries for L = 2, zeros included) in C#, and <c>equivariant.sh.l6.b1000000.t1</c>
/// (the 49 harmonics of 10^6 vectors, with the cost of each degree as the difference of the lmax = L and L − 1 kernels),
/// and <c>equivariant.tp.full.l2.backward.b10000.t1</c> (the l ≤ 2 product's backward, the forward as its in-run peer).
/// The sample-major product and harmonics rows also state the bytes they write against this machine's ordinary and
/// non-temporal store bandwidth at that size, their time on a batch that stays in cache (compute-bound), and their
/// time with and without non-temporal stores at several sizes in the same run (what the streaming thresholds rest on).
/// Products are checked against the dense einsum and harmonics against Σ_m Y_lm² = 2l + 1 before timing; a failed
/// check throws.
/// </summary>
internal static partial class EquivariantCases
{
    [TensorProduct("1x0e + 1x1o + 1x2e", "1x0e + 1x1o + 1x2e", "", Kind = TensorProductKind.Full)]
    private static partial void Full2(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch);

    [TensorProduct("1x0e + 1x1o + 1x2e + 1x3o + 1x4e", "1x0e + 1x1o + 1x2e + 1x3o + 1x4e", "", Kind = TensorProductKind.Full)]
    private static partial void Full4(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch);

    // The same products without normalization: probing them with basis vectors reads back the raw tables the dense peer uses.
    [TensorProduct("1x0e + 1x1o + 1x2e", "1x0e + 1x1o + 1x2e", "", Kind = TensorProductKind.Full, IrrepNormalization = IrrepNormalization.None, PathNormalization = PathNormalization.None)]
    private static partial void RawFull2(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch);

    [TensorProduct("1x0e + 1x1o + 1x2e + 1x3o + 1x4e", "1x0e + 1x1o + 1x2e + 1x3o + 1x4e", "", Kind = TensorProductKind.Full, IrrepNormalization = IrrepNormalization.None, PathNormalization = PathNormalization.None)]
    private static partial void RawFull4(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch);

    [SphericalHarmonics(1, Normalization = ShNormalization.Component)]
    private static partial void Sh1(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> output);

    [SphericalHarmonics(2, Normalization = ShNormalization.Component)]
    private static partial void Sh2(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> output);

    [SphericalHarmonics(3, Normalization = ShNormalization.Component)]
    private static partial void Sh3(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> output);

    [SphericalHarmonics(4, Normalization = ShNormalization.Component)]
    private static partial void Sh4(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> output);

    [SphericalHarmonics(5, Normalization = ShNormalization.Component)]
    private static partial void Sh5(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> output);

    [SphericalHarmonics(6, Normalization = ShNormalization.Component)]
    private static partial void Sh6(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> output);

    // Component-major twins ([dim, batch]): every load and store of a block is one contiguous vector, no transposition.
    [TensorProduct("1x0e + 1x1o + 1x2e", "1x0e + 1x1o + 1x2e", "", Kind = TensorProductKind.Full, Layout = BatchLayout.ComponentMajor)]
    private static partial void Full2Major(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch);

    [TensorProduct("1x0e + 1x1o + 1x2e + 1x3o + 1x4e", "1x0e + 1x1o + 1x2e + 1x3o + 1x4e", "", Kind = TensorProductKind.Full, Layout = BatchLayout.ComponentMajor)]
    private static partial void Full4Major(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch);

    [SphericalHarmonics(6, Normalization = ShNormalization.Component, Layout = BatchLayout.ComponentMajor)]
    private static partial void Sh6Major(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> output);

    private delegate void Product(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch);

    private delegate void Harmonics(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> output);

    /// <summary>
    /// The equivariant rows (full Clebsch–Gordan products, spherical harmonics), f32, one thread, against a dense
    /// einsum in C#; ops per second count 2 per nonzero coefficient (products) or 1 per harmonic (harmonics); the
    /// ceiling is the 12-accumulator f32 FMA loop. A failed check before timing marks nothing and drops the rows.
    /// </summary>
    public static IEnumerable<ReportRow> Rows(bool quick, TimingPolicy policy)
    {
        IReadOnlyList<EquivariantRow> measured;
        try
        {
            measured = Run(quick, policy);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"equivariant cases failed: {e.Message}");
            yield break;
        }

        double ceiling = new CeilingLoop<FmaSingleStep, float>("12 x fma f32", i => 1e-3f * (1 + i % 5)).Measure(policy);
        foreach (EquivariantRow row in measured)
        {
            double ours = row.Ops / row.Seconds / 1e9;
            var peers = new Dictionary<string, double>();
            foreach ((string peer, double seconds) in row.Peers) peers[peer] = row.Ops / seconds / 1e9;
            KeyValuePair<string, double>? best = peers.Count == 0 ? null : peers.MaxBy(p => p.Value);
            Console.WriteLine($"{row.Id,-44} {ours,8:F2} {(best is null ? "-" : best.Value.Value.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)),9} {(best is null ? "-" : (ours / best.Value.Value).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + "x"),7}  ok ({row.Note})");
            yield return new ReportRow(row.Id, "equivariant", "f32", row.Op, row.Batch, 1, KernelDispatch.Current.ToString(), ours, ours,
                best?.Key, best?.Value, best is null ? null : ours / best.Value.Value, ceiling, "compute", "12 x fma f32", ours / ceiling,
                Verified: true, Mismatch: null, peers);
        }
    }

    public static IReadOnlyList<EquivariantRow> Run(bool quick, TimingPolicy policy)
    {
        int batch = 10_000, vectors = quick ? 200_000 : 1_000_000;
        return
        [
            ProductRow("equivariant.tp.full.l2.b10000.t1", 2, batch, Full2, RawFull2, policy),
            ProductRow("equivariant.tp.full.l4.b10000.t1", 4, batch, Full4, RawFull4, policy),
            BackwardRow("equivariant.tp.full.l2.backward.b10000.t1", batch),
            MajorProductRow("equivariant.tp.full.l2.b10000.major.t1", 2, batch, Full2, Full2Major),
            MajorProductRow("equivariant.tp.full.l4.b10000.major.t1", 4, batch, Full4, Full4Major),
            HarmonicsRow($"equivariant.sh.l6.b{vectors}.t1", vectors, policy),
            MajorHarmonicsRow($"equivariant.sh.l6.b{vectors}.major.t1", vectors),
        ];
    }

    /// <summary>One dense block per path: l1, l2, l, offsets and the (2l1+1)(2l2+1)(2l+1) coefficients, zeros kept.</summary>
    private sealed record DenseBlock(int Offset1, int Offset2, int OffsetOut, int D1, int D2, int DOut, float[] C);

    private static EquivariantRow ProductRow(string id, int lmax, int batch, Product generated, Product raw, TimingPolicy policy)
    {
        int dim = (lmax + 1) * (lmax + 1);
        List<DenseBlock> blocks = DenseBlocks(lmax, raw);
        int dense = 0, nonzero = 0;
        foreach (DenseBlock b in blocks)
        {
            dense += b.C.Length;
            foreach (float c in b.C) nonzero += c != 0 ? 1 : 0;
        }

        int dimOut = 0;
        foreach (DenseBlock b in blocks) dimOut = Math.Max(dimOut, b.OffsetOut + b.DOut);
        var rng = new Random(5);
        float[] x1 = Random(rng, batch * dim), x2 = Random(rng, batch * dim);
        float[] ours = new float[batch * dimOut], peer = new float[batch * dimOut];
        generated(x1, x2, ours, batch);
        DenseEinsum(blocks, dim, dimOut, x1, x2, peer, batch);
        double worst = 0;
        for (int i = 0; i < ours.Length; i++) worst = Math.Max(worst, Math.Abs(ours[i] - peer[i]));
        if (worst > 1e-4) throw new InvalidOperationException($"{id}: generated and dense einsum differ by {worst:G3}.");

        double seconds = Best(() => generated(x1, x2, ours, batch));
        double peerSeconds = Best(() => DenseEinsum(blocks, dim, dimOut, x1, x2, peer, batch));
        double inCache = InCache(batch, n => generated(x1.AsSpan(0, n * dim), x2.AsSpan(0, n * dim), ours.AsSpan(0, n * dimOut), n));
        string note = $"{seconds * 1e3:F3} ms; {blocks.Count} paths, {nonzero} nonzero of {dense} dense coefficients; dense einsum {peerSeconds * 1e3:F3} ms; "
            + $"{WriteShare(4L * batch * dimOut, seconds, policy)}; in cache (b{InCacheBatch} repeated) {inCache * 1e3:F3} ms per {batch} samples; "
            + ProductStreamingShare(batch, dimOut, n => generated(x1.AsSpan(0, n * dim), x2.AsSpan(0, n * dim), ours.AsSpan(0, n * dimOut), n));
        return new EquivariantRow(id, "tp.full", batch, seconds, 2.0 * nonzero * batch, note, [("dense einsum (C#)", peerSeconds)]);
    }

    /// <summary>
    /// The component-major product, checked against the sample-major one (itself checked against the dense einsum) on the
    /// transposed batch, timed with the sample-major kernel as its in-run peer: the ratio is what the layout buys.
    /// </summary>
    private static EquivariantRow MajorProductRow(string id, int lmax, int batch, Product sampleMajor, Product componentMajor)
    {
        int dim = (lmax + 1) * (lmax + 1);
        int dimOut = 0;
        for (int l1 = 0; l1 <= lmax; l1++)
        for (int l2 = 0; l2 <= lmax; l2++)
        for (int l = Math.Abs(l1 - l2); l <= l1 + l2; l++)
            dimOut += 2 * l + 1;
        var rng = new Random(7);
        float[] x1 = Random(rng, batch * dim), x2 = Random(rng, batch * dim);
        float[] x1Major = Transpose(x1, batch, dim), x2Major = Transpose(x2, batch, dim);
        float[] ours = new float[batch * dimOut], reference = new float[batch * dimOut];
        componentMajor(x1Major, x2Major, ours, batch);
        sampleMajor(x1, x2, reference, batch);
        float[] back = Transpose(ours, dimOut, batch);
        double worst = 0;
        for (int i = 0; i < back.Length; i++) worst = Math.Max(worst, Math.Abs(back[i] - reference[i]));
        if (worst > 1e-5) throw new InvalidOperationException($"{id}: component-major and sample-major differ by {worst:G3}.");

        double seconds = Best(() => componentMajor(x1Major, x2Major, ours, batch));
        double peerSeconds = Best(() => sampleMajor(x1, x2, reference, batch));
        int nonzero = CountNonzero(lmax);
        string note = $"{seconds * 1e3:F3} ms component-major; sample-major {peerSeconds * 1e3:F3} ms in the same run";
        return new EquivariantRow(id, "tp.full", batch, seconds, 2.0 * nonzero * batch, note, [("sample-major (ours)", peerSeconds)]);
    }

    private static int CountNonzero(int lmax) => DenseBlocks(lmax, lmax == 2 ? RawFull2 : RawFull4).Sum(b => b.C.Count(c => c != 0));

    /// <summary>[rows, columns] → [columns, rows].</summary>
    private static float[] Transpose(float[] values, int rows, int columns)
    {
        var result = new float[values.Length];
        for (int r = 0; r < rows; r++)
        for (int c = 0; c < columns; c++)
            result[c * rows + r] = values[r * columns + c];
        return result;
    }

    /// <summary>Reads the raw (unnormalized) tables back from <paramref name="raw"/> and scales each by e3nn's √(2l+1).</summary>
    private static List<DenseBlock> DenseBlocks(int lmax, Product raw)
    {
        int dim = (lmax + 1) * (lmax + 1);
        var paths = new List<(int L1, int L2, int L)>();
        for (int l1 = 0; l1 <= lmax; l1++)
        for (int l2 = 0; l2 <= lmax; l2++)
        for (int l = Math.Abs(l1 - l2); l <= l1 + l2; l++)
            paths.Add((l1, l2, l));

        // The full product sorts its outputs by l, then odd before even, stably.
        int[] order = new int[paths.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        int Parity(int i) => ((paths[i].L1 + paths[i].L2) & 1) == 0 ? 1 : -1;
        Array.Sort(order, (a, b) => paths[a].L != paths[b].L ? paths[a].L.CompareTo(paths[b].L) : Parity(a) != Parity(b) ? Parity(a).CompareTo(Parity(b)) : a.CompareTo(b));
        var outOffset = new int[paths.Count];
        int offset = 0;
        foreach (int p in order)
        {
            outOffset[p] = offset;
            offset += 2 * paths[p].L + 1;
        }

        var e1 = new float[dim * dim * dim];
        var e2 = new float[dim * dim * dim];
        for (int i = 0; i < dim; i++)
        for (int j = 0; j < dim; j++)
        {
            e1[(i * dim + j) * dim + i] = 1;
            e2[(i * dim + j) * dim + j] = 1;
        }

        var probe = new float[dim * dim * offset];
        raw(e1, e2, probe, dim * dim);
        var blocks = new List<DenseBlock>();
        for (int p = 0; p < paths.Count; p++)
        {
            (int l1, int l2, int l) = paths[p];
            int d1 = 2 * l1 + 1, d2 = 2 * l2 + 1, d = 2 * l + 1;
            var c = new float[d1 * d2 * d];
            float scale = MathF.Sqrt(d);
            for (int i = 0; i < d1; i++)
            for (int j = 0; j < d2; j++)
            for (int k = 0; k < d; k++)
                c[(i * d2 + j) * d + k] = scale * probe[((l1 * l1 + i) * dim + l2 * l2 + j) * offset + outOffset[p] + k];
            blocks.Add(new DenseBlock(l1 * l1, l2 * l2, outOffset[p], d1, d2, d, c));
        }

        return blocks;
    }

    /// <summary>The peer: out[b, k] = Σ_paths Σ_ij C[i, j, k] x1[b, i] x2[b, j] over dense blocks, as an einsum would run it.</summary>
    private static void DenseEinsum(List<DenseBlock> blocks, int dim, int dimOut, float[] x1, float[] x2, float[] output, int batch)
    {
        Array.Clear(output);
        for (int b = 0; b < batch; b++)
        {
            int a0 = b * dim, o0 = b * dimOut;
            foreach (DenseBlock block in blocks)
            {
                float[] c = block.C;
                int index = 0;
                for (int i = 0; i < block.D1; i++)
                {
                    float a = x1[a0 + block.Offset1 + i];
                    for (int j = 0; j < block.D2; j++)
                    {
                        float ab = a * x2[a0 + block.Offset2 + j];
                        for (int k = 0; k < block.DOut; k++)
                            output[o0 + block.OffsetOut + k] += c[index++] * ab;
                    }
                }
            }
        }
    }

    private static EquivariantRow HarmonicsRow(string id, int count, TimingPolicy policy)
    {
        var rng = new Random(6);
        float[] x = Random(rng, count), y = Random(rng, count), z = Random(rng, count);
        Harmonics[] kernels = [Sh1, Sh2, Sh3, Sh4, Sh5, Sh6];
        var output = new float[count * 49];
        Sh6(x, y, z, output);
        for (int n = 0; n < count; n += 997)
        {
            for (int l = 0; l <= 6; l++)
            {
                double sum = 0;
                for (int m = 0; m < 2 * l + 1; m++) sum += (double)output[n * 49 + l * l + m] * output[n * 49 + l * l + m];
                if (Math.Abs(sum - (2 * l + 1)) > 1e-4 * (2 * l + 1))
                    throw new InvalidOperationException($"{id}: Σ_m Y_{l}m² = {sum} at vector {n}, not {2 * l + 1}.");
            }
        }

        var seconds = new double[7];
        for (int l = 1; l <= 6; l++)
        {
            Harmonics kernel = kernels[l - 1];
            seconds[l] = Best(() => kernel(x, y, z, output));
        }

        // Per degree in cache too: out of cache the differences also carry each lmax's own store pattern.
        var inCacheSeconds = new double[7];
        for (int l = 1; l <= 6; l++)
        {
            Harmonics kernel = kernels[l - 1];
            inCacheSeconds[l] = InCache(count, n => kernel(x.AsSpan(0, n), y.AsSpan(0, n), z.AsSpan(0, n), output.AsSpan(0, n * (l + 1) * (l + 1))));
        }

        var perL = new List<string>();
        var perLInCache = new List<string>();
        for (int l = 1; l <= 6; l++)
        {
            perL.Add($"l{l} {Math.Max(0, seconds[l] - seconds[l - 1]) / count * 1e9:F2}");
            perLInCache.Add($"l{l} {Math.Max(0, inCacheSeconds[l] - inCacheSeconds[l - 1]) / count * 1e9:F2}");
        }

        string note = $"{seconds[6] / count * 1e9:F2} ns per vector; per degree (ns): {string.Join(", ", perL)}; {WriteShare(4L * 49 * count, seconds[6], policy)}; "
            + $"in cache (b{InCacheBatch} repeated) {inCacheSeconds[6] / count * 1e9:F2} ns per vector, per degree {string.Join(", ", perLInCache)}; "
            + StreamingShare(count, vectors => Sh6(x.AsSpan(0, vectors), y.AsSpan(0, vectors), z.AsSpan(0, vectors), output.AsSpan(0, vectors * 49)));
        // Ops: one multiply-add per polynomial term would need the term count; report harmonics per second instead (49 per vector).
        return new EquivariantRow(id, "sh", count, seconds[6], 49.0 * count, note, []);
    }

    private static EquivariantRow MajorHarmonicsRow(string id, int count)
    {
        var rng = new Random(6);
        float[] x = Random(rng, count), y = Random(rng, count), z = Random(rng, count);
        var major = new float[count * 49];
        var reference = new float[count * 49];
        Sh6Major(x, y, z, major);
        Sh6(x, y, z, reference);
        for (int n = 0; n < count; n += 997)
        for (int i = 0; i < 49; i++)
        {
            if (Math.Abs(major[i * count + n] - reference[n * 49 + i]) > 1e-5)
                throw new InvalidOperationException($"{id}: component-major Y_{i} of vector {n} is {major[i * count + n]}, sample-major {reference[n * 49 + i]}.");
        }

        double seconds = Best(() => Sh6Major(x, y, z, major));
        double peerSeconds = Best(() => Sh6(x, y, z, reference));
        double inCache = InCache(count, n => Sh6Major(x.AsSpan(0, n), y.AsSpan(0, n), z.AsSpan(0, n), major.AsSpan(0, n * 49)));
        string note = $"{seconds / count * 1e9:F2} ns per vector component-major; sample-major {peerSeconds / count * 1e9:F2} ns in the same run; "
            + $"in cache (b{InCacheBatch} repeated) {inCache / count * 1e9:F2} ns per vector; "
            + StreamingShare(count, vectors => Sh6Major(x.AsSpan(0, vectors), y.AsSpan(0, vectors), z.AsSpan(0, vectors), major.AsSpan(0, vectors * 49)));
        return new EquivariantRow(id, "sh", count, seconds, 49.0 * count, note, [("sample-major (ours)", peerSeconds)]);
    }

    /// <summary>
    /// A harmonics kernel with and without non-temporal stores, interleaved over three rounds in this run (the
    /// streaming threshold is internal to the runtime; the report moves it below and above the batch), on the whole
    /// batch and on its first 160,000, 80,000 and 20,000 vectors (31.4, 15.7 and 3.9 MB of output, around this
    /// machine's last-level cache): what the threshold is chosen by.
    /// </summary>
    private static string StreamingShare(int count, Action<int> kernel)
    {
        var parts = new List<string>();
        foreach (int vectors in new[] { count, Math.Min(count, 160_000), Math.Min(count, 80_000), Math.Min(count, 20_000) })
        {
            (double streamed, double ordinary) = StreamedAndOrdinary(3, KernelChoices.HarmonicsStreaming, () => kernel(vectors));
            parts.Add($"b{vectors} streamed {streamed / vectors * 1e9:F2} ns, ordinary stores {ordinary / vectors * 1e9:F2} ns (x{ordinary / streamed:F2})");
        }

        return $"non-temporal against ordinary stores, same run: {string.Join("; ", parts)}; {Threshold(KernelChoices.HarmonicsStreaming)}";
    }

    /// <summary>
    /// A sample-major product with and without non-temporal stores, interleaved over five rounds in this run (the
    /// threshold is internal to the runtime; the report moves it below and above the batch), on the whole batch and
    /// on its first half, fifth and twentieth: what the product threshold is chosen by.
    /// </summary>
    private static string ProductStreamingShare(int batch, int dimOut, Action<int> kernel)
    {
        var parts = new List<string>();
        foreach (int samples in new[] { batch, batch / 2, batch / 5, batch / 20 })
        {
            (double streamed, double ordinary) = StreamedAndOrdinary(5, KernelChoices.ProductStreaming, () => kernel(samples));
            parts.Add($"b{samples} ({4.0 * samples * dimOut / 1e6:F1} MB) streamed {streamed * 1e3:F3} ms, ordinary stores {ordinary * 1e3:F3} ms (x{ordinary / streamed:F2})");
        }

        return $"non-temporal against ordinary stores, same run: {string.Join("; ", parts)}; {Threshold(KernelChoices.ProductStreaming)}";
    }

    /// <summary>
    /// The best time of <paramref name="run"/> streamed (threshold 0) and with ordinary stores (threshold never),
    /// interleaved over <paramref name="rounds"/> rounds, each under an override scope of <paramref name="threshold"/>.
    /// </summary>
    private static (double Streamed, double Ordinary) StreamedAndOrdinary(int rounds, ThresholdChoice threshold, Action run)
    {
        double streamed = double.MaxValue, ordinary = double.MaxValue;
        for (int round = 0; round < rounds; round++)
        {
            using (threshold.Override(0L))
            {
                streamed = Math.Min(streamed, Best(run));
            }

            using (threshold.Override(null))
            {
                ordinary = Math.Min(ordinary, Best(run));
            }
        }

        return (streamed, ordinary);
    }

    /// <summary>The threshold kernels take here and where it came from, for a row's note.</summary>
    private static string Threshold(ThresholdChoice threshold) =>
        $"threshold {(threshold.Bytes == long.MaxValue ? "never" : CacheLevel.FormatBytes(threshold.Bytes))} ({threshold.Source.ToString().ToLowerInvariant()})";

    /// <summary>Uniform values in [-1, 1): the inputs of every equivariant row (the Gaunt rows too).</summary>
    internal static float[] Random(Random rng, int n)
    {
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float)(rng.NextDouble() * 2 - 1);
        return values;
    }

    private static double Best(Action action) => Timing.BestOf(action, runs: 7, minSeconds: 0.1);

    /// <summary>The batch of the in-cache timings: its inputs and output stay in L1 and L2 from call to call.</summary>
    private const int InCacheBatch = 256;

    /// <summary>
    /// The kernel's compute-bound time for <paramref name="batch"/> samples: best time of <paramref name="kernel"/> on
    /// <see cref="InCacheBatch"/> samples, called over and over on the same buffers, scaled to the batch.
    /// </summary>
    private static double InCache(int batch, Action<int> kernel)
    {
        const int calls = 40;
        return Best(() =>
        {
            for (int call = 0; call < calls; call++) kernel(InCacheBatch);
        }) / (calls * InCacheBatch) * batch;
    }

    /// <summary>The achieved write rate of a call writing <paramref name="bytes"/> in <paramref name="seconds"/>, and its share of this machine's ordinary and non-temporal store bandwidth at that size.</summary>
    private static string WriteShare(long bytes, double seconds, TimingPolicy policy)
    {
        double achieved = bytes / seconds / 1e9;
        double ordinary = Bandwidth.WriteGigabytesPerSecond(bytes, policy, nonTemporal: false);
        double streaming = Bandwidth.WriteGigabytesPerSecond(bytes, policy, nonTemporal: true);
        return $"writes {bytes / 1e6:F2} MB per call at {achieved:F1} GB/s = {achieved / ordinary * 100:F0}% of ordinary-store ({ordinary:F1} GB/s), "
            + $"{achieved / streaming * 100:F0}% of non-temporal-store bandwidth ({streaming:F1} GB/s) at that size";
    }

    /// <summary>
    /// The backward of the l ≤ 2 full product (gradients of x1 and x2), checked against the dense blocks' analytic
    /// gradients, timed with the forward as its in-run peer: the ratio says what the backward costs relative to it.
    /// Ops count 4 per nonzero coefficient per sample (a multiply-add towards each input's gradient).
    /// </summary>
    private static EquivariantRow BackwardRow(string id, int batch)
    {
        const int dim = 9;
        List<DenseBlock> blocks = DenseBlocks(2, RawFull2);
        int dimOut = 0, nonzero = 0;
        foreach (DenseBlock b in blocks)
        {
            dimOut = Math.Max(dimOut, b.OffsetOut + b.DOut);
            foreach (float c in b.C) nonzero += c != 0 ? 1 : 0;
        }

        var rng = new Random(8);
        float[] x1 = Random(rng, batch * dim), x2 = Random(rng, batch * dim), g = Random(rng, batch * dimOut);
        float[] g1 = new float[batch * dim], g2 = new float[batch * dim], output = new float[batch * dimOut];
        Full2Backward(x1, x2, g, g1, g2, batch);
        double worst = 0;
        for (int n = 0; n < batch; n += 97)
        {
            var e1 = new double[dim];
            var e2 = new double[dim];
            foreach (DenseBlock block in blocks)
            {
                int index = 0;
                for (int i = 0; i < block.D1; i++)
                for (int j = 0; j < block.D2; j++)
                for (int k = 0; k < block.DOut; k++)
                {
                    double c = block.C[index++], gk = g[n * dimOut + block.OffsetOut + k];
                    e1[block.Offset1 + i] += c * x2[n * dim + block.Offset2 + j] * gk;
                    e2[block.Offset2 + j] += c * x1[n * dim + block.Offset1 + i] * gk;
                }
            }

            for (int i = 0; i < dim; i++)
                worst = Math.Max(worst, Math.Max(Math.Abs(e1[i] - g1[n * dim + i]), Math.Abs(e2[i] - g2[n * dim + i])));
        }

        if (worst > 1e-4) throw new InvalidOperationException($"{id}: backward and the dense blocks' gradients differ by {worst:G3}.");
        double seconds = 0, forward = 0;
        for (int round = 0; round < 3; round++)
        {
            double b = Best(() => Full2Backward(x1, x2, g, g1, g2, batch)), f = Best(() => Full2(x1, x2, output, batch));
            seconds = round == 0 ? b : Math.Min(seconds, b);
            forward = round == 0 ? f : Math.Min(forward, f);
        }

        string note = $"{seconds * 1e3:F3} ms backward (x1 and x2 gradients); forward {forward * 1e3:F3} ms in the same run (backward / forward {seconds / forward:F2})";
        return new EquivariantRow(id, "tp.full.backward", batch, seconds, 4.0 * nonzero * batch, note, [("forward (ours)", forward)]);
    }
}
