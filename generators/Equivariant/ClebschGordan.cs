using System;
using System.Collections.Concurrent;
using System.Numerics;

namespace TensorGen.Generators.Equivariant;

/// <summary>
/// Real Clebsch–Gordan tensors in e3nn's basis, computed at compile time. The complex SU(2) coefficients come from
/// the closed-form sum over v (the form that sums (j2 + j3 + m1 − v)! (j1 − m1 + v)! / …, not Racah's sum over k that
/// the oracle uses), evaluated in exact big-integer rationals: CG² is an exact rational, so each complex coefficient
/// is rounded once, by an integer square root carried to 100 bits. The change to e3nn's real basis (Q_l with its
/// (−i)^l factor) sums at most four such terms per entry; the tensor is divided by √(2l₃ + 1), its exact Frobenius
/// norm, so that it equals <c>o3.wigner_3j(l1, l2, l3)</c>.
/// </summary>
internal static class ClebschGordan
{
    private static readonly ConcurrentDictionary<(int, int, int), double[,,]> s_cache = new();

    /// <summary>True when l3 is reachable from l1 ⊗ l2 (the triangle rule).</summary>
    public static bool Triangle(int l1, int l2, int l3) => Math.Abs(l1 - l2) <= l3 && l3 <= l1 + l2;

    /// <summary>The real tensor W[m1 + l1, m2 + l2, m3 + l3] with unit Frobenius norm.</summary>
    public static double[,,] Real(int l1, int l2, int l3) => s_cache.GetOrAdd((l1, l2, l3), static key => Compute(key.Item1, key.Item2, key.Item3));

    private static double[,,] Compute(int l1, int l2, int l3)
    {
        int d1 = 2 * l1 + 1, d2 = 2 * l2 + 1, d3 = 2 * l3 + 1;
        var complex = new double[d1, d2, d3];
        for (int m1 = -l1; m1 <= l1; m1++)
        {
            for (int m2 = -l2; m2 <= l2; m2++)
            {
                int m3 = m1 + m2;
                if (Math.Abs(m3) <= l3) complex[m1 + l1, m2 + l2, m3 + l3] = Su2(l1, m1, l2, m2, l3, m3);
            }
        }

        Complex[,] q1 = RealToComplex(l1), q2 = RealToComplex(l2), q3 = RealToComplex(l3);
        var real = new double[d1, d2, d3];
        double scale = 1.0 / Math.Sqrt(d3);
        for (int a = 0; a < d1; a++)
        for (int b = 0; b < d2; b++)
        for (int c = 0; c < d3; c++)
        {
            // Each real index touches the complex indices ±m only: at most 2 × 2 × 2 terms, of which the
            // m-selection rule keeps at most four.
            Complex sum = Complex.Zero;
            foreach (int i in Partners(a, l1))
            foreach (int k in Partners(b, l2))
            foreach (int n in Partners(c, l3))
            {
                double cg = complex[i, k, n];
                if (cg != 0) sum += q1[i, a] * q2[k, b] * Complex.Conjugate(q3[n, c]) * cg;
            }

            real[a, b, c] = sum.Real * scale;
        }

        return real;
    }

    /// <summary>The complex indices a real index mixes: m and −m.</summary>
    private static int[] Partners(int index, int l) => index == l ? [l] : [index, 2 * l - index];

    /// <summary>
    /// e3nn's Q_l (rows complex m, columns real m), so that complex = Q · real: for m &lt; 0 row m holds 1/√2 at +|m| and
    /// −i/√2 at −|m|; row 0 holds 1; for m &gt; 0 row m holds (−1)^m/√2 at +m and i(−1)^m/√2 at −m; all times (−i)^l.
    /// </summary>
    private static Complex[,] RealToComplex(int l)
    {
        int d = 2 * l + 1;
        var q = new Complex[d, d];
        double h = 1.0 / Math.Sqrt(2.0);
        for (int m = -l; m < 0; m++)
        {
            q[l + m, l - m] = new Complex(h, 0);
            q[l + m, l + m] = new Complex(0, -h);
        }

        q[l, l] = Complex.One;
        for (int m = 1; m <= l; m++)
        {
            double sign = (m & 1) == 0 ? 1 : -1;
            q[l + m, l + m] = new Complex(sign * h, 0);
            q[l + m, l - m] = new Complex(0, sign * h);
        }

        Complex phase = Complex.One;
        for (int i = 0; i < l; i++) phase *= new Complex(0, -1);
        for (int r = 0; r < d; r++)
        for (int c = 0; c < d; c++)
            q[r, c] *= phase;
        return q;
    }

    /// <summary>⟨l1 m1; l2 m2 | l3 m3⟩, the sum over v in exact rationals, rounded once.</summary>
    internal static double Su2(int j1, int m1, int j2, int m2, int j3, int m3)
    {
        if (m3 != m1 + m2 || !Triangle(j1, j2, j3)) return 0;
        int vmin = Math.Max(Math.Max(-j1 + j2 + m3, -j1 + m1), 0);
        int vmax = Math.Min(Math.Min(j2 + j3 + m1, j3 - j1 + j2), j3 + m3);

        BigInteger prefixNumerator = (2 * j3 + 1) * F(j3 + j1 - j2) * F(j3 - j1 + j2) * F(j1 + j2 - j3) * F(j3 + m3) * F(j3 - m3);
        BigInteger prefixDenominator = F(j1 + j2 + j3 + 1) * F(j1 - m1) * F(j1 + m1) * F(j2 - m2) * F(j2 + m2);

        BigInteger sumNumerator = BigInteger.Zero, sumDenominator = BigInteger.One;
        for (int v = vmin; v <= vmax; v++)
        {
            BigInteger numerator = F(j2 + j3 + m1 - v) * F(j1 - m1 + v);
            BigInteger denominator = F(v) * F(j3 - j1 + j2 - v) * F(j3 + m3 - v) * F(v + j1 - j2 - m3);
            if (((v + j2 + m2) & 1) != 0) numerator = -numerator;
            sumNumerator = sumNumerator * denominator + numerator * sumDenominator;
            sumDenominator *= denominator;
        }

        if (sumNumerator.IsZero) return 0;
        int sign = sumNumerator.Sign;
        // CG² = S² · prefix, an exact rational.
        BigInteger squareNumerator = sumNumerator * sumNumerator * prefixNumerator;
        BigInteger squareDenominator = sumDenominator * sumDenominator * prefixDenominator;
        return sign * SqrtOfRatio(squareNumerator, squareDenominator);
    }

    /// <summary>√(n/d) for positive integers, correct to about 100 bits before the one rounding to double.</summary>
    private static double SqrtOfRatio(BigInteger numerator, BigInteger denominator)
    {
        BigInteger g = BigInteger.GreatestCommonDivisor(numerator, denominator);
        numerator /= g;
        denominator /= g;
        long bits = (long)Math.Ceiling(BigInteger.Log(denominator, 2)) - (long)Math.Floor(BigInteger.Log(numerator, 2)) + 210;
        int shift = (int)Math.Max(0, bits);
        if ((shift & 1) != 0) shift++;
        BigInteger root = IntegerSqrt((numerator << shift) / denominator);
        return (double)root * Math.Pow(2, -shift / 2);
    }

    private static BigInteger IntegerSqrt(BigInteger n)
    {
        if (n.IsZero) return n;
        BigInteger x = BigInteger.One << (int)((BigInteger.Log(n, 2) / 2) + 2);
        while (true)
        {
            BigInteger y = (x + n / x) >> 1;
            if (y >= x) return x;
            x = y;
        }
    }

    private static BigInteger F(int n)
    {
        BigInteger result = BigInteger.One;
        for (int i = 2; i <= n; i++) result *= i;
        return result;
    }
}
