using System;
using System.Collections.Generic;
using System.Globalization;
using TensorGen.Clifford;

namespace TensorGen.Bench.Report;

/// <summary>
/// The Clifford row of the per-machine report: the full-multivector sandwich <c>R x ~R</c> in conformal geometric
/// algebra Cl(4,1,0) (32 blades, 2 × 32 × 32 multiply-adds), a batch of 100,000 (R, x) pairs in structure-of-arrays
/// layout, single thread, f32. The peer is the loop a user would write over the Cayley table (sign and blade of
/// every product of two basis blades), in the same run; it is timed on the first 5,000 pairs (20,000 with the full
/// report) and both are reported per sandwich. Id <c>algebra.cl41.sandwich.b100000.t1</c>; throughputs are G flops
/// (two per multiply-add). Results are checked against a double-precision Cayley evaluation before timing.
/// </summary>
internal static class CliffordCases
{
    private const int Blades = 32;
    private const int Batch = 100_000;
    private const double FlopsPerSandwich = 2.0 * 2 * Blades * Blades;

    public static IEnumerable<ReportRow> Rows(bool quick, TimingPolicy policy)
    {
        var rng = new Random(41);
        var versors = new float[Blades * Batch];
        var x = new float[Blades * Batch];
        var result = new float[Blades * Batch];
        var peerResult = new float[Blades * Batch];
        for (int i = 0; i < versors.Length; i++)
        {
            versors[i] = (float)(rng.NextDouble() * 2 - 1);
            x[i] = (float)(rng.NextDouble() * 2 - 1);
        }

        var table = new CayleyTable();
        double first = Timing.TimeOnce(() => Cga.Sandwich(versors, x, result, Batch));
        string? mismatch = table.Check(versors, x, result, Batch);
        Measurement ours = Timing.Measure(() => Cga.Sandwich(versors, x, result, Batch), first, policy);

        int peerCount = quick ? 5_000 : 20_000;
        double peerFirst = Timing.TimeOnce(() => table.Sandwich(versors, x, peerResult, Batch, peerCount));
        mismatch ??= table.Check(versors, x, peerResult, Batch, peerCount);
        Measurement peer = Timing.Measure(() => table.Sandwich(versors, x, peerResult, Batch, peerCount), peerFirst, policy);

        double oursNs = ours.BestSeconds / Batch * 1e9;
        double peerNs = peer.BestSeconds / peerCount * 1e9;
        double oursGflops = FlopsPerSandwich / oursNs;
        double peerGflops = FlopsPerSandwich / peerNs;
        var fma = new CeilingLoop<FmaSingleStep, float>("12 x fma f32", i => 1e-3f * (1 + i % 5));
        double ceiling = fma.Measure(policy);
        const string id = "algebra.cl41.sandwich.b100000.t1";
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "{0,-44} {1,8:F2} {2,9:F2} {3,7:F1}x {4,8:F1} {5,6:P0}  {6} ({7:F1} ns per sandwich, Cayley-table loop {8:F0} ns)",
            id, oursGflops, peerGflops, oursGflops / peerGflops, ceiling, oursGflops / ceiling, mismatch is null ? "ok" : "MISMATCH", oursNs, peerNs));
        yield return new ReportRow(id, "cl41", "f32", "sandwich", Batch, 1, KernelDispatch.Current.ToString(),
            oursGflops, FlopsPerSandwich / (ours.MedianSeconds / Batch * 1e9), "cayley-table loop", peerGflops, oursGflops / peerGflops,
            ceiling, "compute", fma.Name, oursGflops / ceiling, mismatch is null, mismatch,
            new Dictionary<string, double> { ["cayley-table loop"] = peerGflops });
    }

    /// <summary>
    /// The multiplication table of Cl(4,1,0) on blade bitmaps, computed here from the anticommutation rule (the
    /// generator is not consulted), and the plain loops over it: the peer, and the double-precision check.
    /// </summary>
    private sealed class CayleyTable
    {
        private readonly float[] _sign = new float[Blades * Blades];
        private readonly float[] _reverse = new float[Blades];

        public CayleyTable()
        {
            for (int a = 0; a < Blades; a++)
            {
                for (int b = 0; b < Blades; b++)
                {
                    _sign[a * Blades + b] = BasisSign(a, b);
                }

                int k = System.Numerics.BitOperations.PopCount((uint)a);
                _reverse[a] = (k * (k - 1) / 2) % 2 == 0 ? 1 : -1;
            }
        }

        /// <summary>e_a e_b = sign · e_(a xor b) with e1…e4 squaring to +1 and e5 to −1.</summary>
        private static float BasisSign(int a, int b)
        {
            int swaps = 0;
            for (int i = 0; i < 5; i++)
            {
                if ((b & (1 << i)) != 0) swaps += System.Numerics.BitOperations.PopCount((uint)(a >> (i + 1)));
            }

            return ((swaps & 1) == 0 ? 1 : -1) * ((a & b & 16) != 0 ? -1 : 1);
        }

        /// <summary>The peer: for each pair, t = R x and R x ~R by two loops over the whole table.</summary>
        public void Sandwich(float[] versors, float[] x, float[] result, int stride, int count)
        {
            Span<float> r = stackalloc float[Blades];
            Span<float> v = stackalloc float[Blades];
            Span<float> t = stackalloc float[Blades];
            Span<float> o = stackalloc float[Blades];
            for (int m = 0; m < count; m++)
            {
                for (int k = 0; k < Blades; k++)
                {
                    r[k] = versors[k * stride + m];
                    v[k] = x[k * stride + m];
                }

                t.Clear();
                o.Clear();
                for (int a = 0; a < Blades; a++)
                {
                    for (int b = 0; b < Blades; b++)
                    {
                        t[a ^ b] += _sign[a * Blades + b] * r[a] * v[b];
                    }
                }

                for (int a = 0; a < Blades; a++)
                {
                    for (int b = 0; b < Blades; b++)
                    {
                        o[a ^ b] += _sign[a * Blades + b] * t[a] * _reverse[b] * r[b];
                    }
                }

                for (int k = 0; k < Blades; k++)
                {
                    result[k * stride + m] = o[k];
                }
            }
        }

        /// <summary>
        /// Compares every 97th pair of the first <paramref name="count"/> (all by default) with a double-precision evaluation:
        /// |error| ≤ 1e-5 · Σ|terms|. Returns the first disagreement, or null.
        /// </summary>
        public string? Check(float[] versors, float[] x, float[] result, int stride, int count = Batch)
        {
            var t = new double[Blades];
            var tMagnitude = new double[Blades];
            for (int m = 0; m < count; m += 97)
            {
                Array.Clear(t);
                Array.Clear(tMagnitude);
                for (int a = 0; a < Blades; a++)
                {
                    for (int b = 0; b < Blades; b++)
                    {
                        double term = (double)versors[a * stride + m] * x[b * stride + m];
                        t[a ^ b] += _sign[a * Blades + b] * term;
                        tMagnitude[a ^ b] += Math.Abs(term);
                    }
                }

                for (int k = 0; k < Blades; k++)
                {
                    double expected = 0, magnitude = 0;
                    for (int a = 0; a < Blades; a++)
                    {
                        int b = a ^ k;
                        double r = versors[b * stride + m];
                        expected += _sign[a * Blades + b] * _reverse[b] * t[a] * r;
                        magnitude += tMagnitude[a] * Math.Abs(r);
                    }

                    double actual = result[k * stride + m];
                    if (!(Math.Abs(actual - expected) <= 1e-5 * magnitude))
                    {
                        return string.Format(CultureInfo.InvariantCulture, "pair {0}, blade {1}: {2:G9} vs {3:G17}", m, k, actual, expected);
                    }
                }
            }

            return null;
        }
    }
}
