using System;

namespace TensorGen.Equivariant;

/// <summary>
/// The spherical product grid of a Gaunt tensor product: Gauss–Legendre nodes in t = cos θ times a uniform grid in φ,
/// with e3nn's real spherical harmonics evaluated at every node, all in double.
/// </summary>
/// <remarks>
/// <para>
/// Exactness. Every integrand the product needs, Y_l1m1 · Y_l2m2 · Y_l3m3 with l1 ≤ L1, l2 ≤ L2, l3 ≤ Lout, is the
/// restriction to the sphere of a polynomial of degree at most D = L1 + L2 + Lout. In φ it is a trigonometric polynomial
/// of order at most D, which the M-point uniform rule integrates exactly when M ≥ D + 1 (e^{ikφ} with 0 &lt; |k| ≤ D
/// sums to zero over M points unless M divides k). Integrated over φ, what is left is a polynomial in t of degree at
/// most D, which N-point Gauss–Legendre integrates exactly when 2N − 1 ≥ D, i.e. N = ⌊D / 2⌋ + 1. So the grid holds
/// N·M = (⌊D/2⌋ + 1)(D + 1) points and the projection is exact in real arithmetic.
/// </para>
/// <para>
/// Harmonics. e3nn's real basis is the classical real basis without the Condon–Shortley phase in rotated coordinates:
/// e3nn's polar axis is y, so with x' = z, y' = x, z' = y, Y_l0 ∝ P_l(z'), Y_l,+m ∝ P_l^m(z') cos mφ' and
/// Y_l,−m ∝ P_l^m(z') sin mφ' (φ' measured from x' toward y'), each scaled so that Σ_m Y_lm² = 2l + 1 ("component").
/// Hence l = 1 is √3·(x, y, z) and Y_2's m = 0 component is √5·(y² − (x² + z²)/2), as e3nn.
/// </para>
/// </remarks>
internal sealed class GauntGrid
{
    private GauntGrid(int thetaCount, int phiCount, int lmax, double[] weights, double[] harmonics)
    {
        ThetaCount = thetaCount;
        PhiCount = phiCount;
        LMax = lmax;
        Weights = weights;
        Harmonics = harmonics;
    }

    /// <summary>Gauss–Legendre nodes in cos θ.</summary>
    public int ThetaCount { get; }

    /// <summary>Uniform nodes in φ.</summary>
    public int PhiCount { get; }

    /// <summary>Points of the grid, θ-major.</summary>
    public int Points => ThetaCount * PhiCount;

    /// <summary>The largest degree tabulated.</summary>
    public int LMax { get; }

    /// <summary>Quadrature weight of each point; they sum to 4π.</summary>
    public double[] Weights { get; }

    /// <summary>Component-normalized Y_k at each point: <c>Harmonics[k * Points + g]</c>, k = l² + l + m.</summary>
    public double[] Harmonics { get; }

    /// <summary>The grid exact for integrands of total degree <paramref name="degree"/>, with harmonics up to <paramref name="lmax"/>.</summary>
    public static GauntGrid Create(int degree, int lmax)
    {
        int thetaCount = degree / 2 + 1;
        int phiCount = degree + 1;
        int points = thetaCount * phiCount;
        (double[] nodes, double[] nodeWeights) = GaussLegendre(thetaCount);
        var weights = new double[points];
        int dim = (lmax + 1) * (lmax + 1);
        var harmonics = new double[dim * points];
        var legendre = new double[(lmax + 1) * (lmax + 1)];
        for (int i = 0; i < thetaCount; i++)
        {
            double t = nodes[i];
            NormalizedLegendre(lmax, t, legendre);
            for (int j = 0; j < phiCount; j++)
            {
                int g = i * phiCount + j;
                double phi = 2 * Math.PI * j / phiCount;
                weights[g] = nodeWeights[i] * 2 * Math.PI / phiCount;
                for (int l = 0; l <= lmax; l++)
                {
                    int center = l * l + l;
                    harmonics[center * points + g] = legendre[l * (lmax + 1)];
                    for (int m = 1; m <= l; m++)
                    {
                        double p = legendre[l * (lmax + 1) + m];
                        harmonics[(center + m) * points + g] = p * Math.Cos(m * phi);
                        harmonics[(center - m) * points + g] = p * Math.Sin(m * phi);
                    }
                }
            }
        }

        return new GauntGrid(thetaCount, phiCount, lmax, weights, harmonics);
    }

    /// <summary>
    /// N̄_l^m(t) = √((2l + 1)(2 − δ_m0)(l − m)! / (l + m)!) · P_l^m(t), P_l^m without the Condon–Shortley phase, into
    /// <c>values[l * (lmax + 1) + m]</c>: the θ factor of the component-normalized real harmonics. Factorials up to
    /// 16! are exact in double.
    /// </summary>
    private static void NormalizedLegendre(int lmax, double t, double[] values)
    {
        double s = Math.Sqrt(Math.Max(0, 1 - t * t));
        int stride = lmax + 1;
        var p = new double[stride * stride];
        double pmm = 1;
        for (int m = 0; m <= lmax; m++)
        {
            if (m > 0) pmm *= (2 * m - 1) * s;
            p[m * stride + m] = pmm;
            if (m + 1 <= lmax) p[(m + 1) * stride + m] = (2 * m + 1) * t * pmm;
            for (int l = m + 2; l <= lmax; l++)
                p[l * stride + m] = ((2 * l - 1) * t * p[(l - 1) * stride + m] - (l + m - 1) * p[(l - 2) * stride + m]) / (l - m);
        }

        for (int l = 0; l <= lmax; l++)
        for (int m = 0; m <= l; m++)
        {
            double ratio = 1;
            for (int f = l - m + 1; f <= l + m; f++) ratio /= f;
            values[l * stride + m] = Math.Sqrt((2 * l + 1) * (m == 0 ? 1.0 : 2.0) * ratio) * p[l * stride + m];
        }
    }

    /// <summary>Gauss–Legendre nodes and weights on [−1, 1] by Newton's method on P_n, n ≥ 1.</summary>
    private static (double[] Nodes, double[] Weights) GaussLegendre(int n)
    {
        var nodes = new double[n];
        var weights = new double[n];
        for (int i = 0; i < n; i++)
        {
            double t = Math.Cos(Math.PI * (i + 0.75) / (n + 0.5));
            double derivative = 1;
            for (int iteration = 0; iteration < 100; iteration++)
            {
                // P_n(t) and P_(n−1)(t) by Bonnet's recursion.
                double p0 = 1, p1 = t;
                for (int k = 1; k < n; k++)
                {
                    double p2 = ((2 * k + 1) * t * p1 - k * p0) / (k + 1);
                    p0 = p1;
                    p1 = p2;
                }

                double pn = n == 1 ? t : p1, pn1 = n == 1 ? 1 : p0;
                derivative = n * (t * pn - pn1) / (t * t - 1);
                double step = pn / derivative;
                t -= step;
                if (Math.Abs(step) < 1e-16) break;
            }

            nodes[i] = t;
            weights[i] = 2 / ((1 - t * t) * derivative * derivative);
        }

        return (nodes, weights);
    }
}
