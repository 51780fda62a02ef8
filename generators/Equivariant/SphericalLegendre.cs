using System;
using System.Collections.Generic;
using System.Linq;

namespace TensorGen.Generators.Equivariant;

/// <summary>
/// One harmonic in factored form: K · Q_l^m(p, r²) · C_m(a, b) (or S_m for <see cref="Sine"/>), with Q, C and S as
/// <see cref="SphericalLegendre"/> defines them; K carries e3nn's sign and 'component' scale.
/// </summary>
internal readonly record struct LegendreHarmonic(int L, int M, bool Sine, double K);

/// <summary>
/// e3nn's real spherical harmonics (<see cref="SphericalPolynomials"/>) factored the textbook way, which takes about
/// 2.5 times fewer multiplies than the Clebsch–Gordan recurrence (l ≤ 6: about 125 against 310): with p the polar
/// axis and (a, b) the other two, Y_lm = K_lm · Q_l^|m|(p, r²) · (C_|m| or S_|m|)(a, b), where
/// C_m + i S_m = (a + i b)^m (two multiply-adds each from the one before) and Q_l^m is the associated Legendre
/// polynomial without its sin^m θ, homogenized (r² = a² + b² + p²) and scaled so that its recurrence has no
/// coefficient on p: Q_m^m = 1, Q_{m+1}^m = p, Q_l^m = p Q_{l−1}^m + β_l^m r² Q_{l−2}^m.
/// The factorization is not assumed: the axes and each harmonic's (m, cosine or sine, K) are found by matching
/// every product against e3nn's polynomial coefficient by coefficient; if any harmonic does not match, there is no
/// form and the generator keeps the recurrence.
/// </summary>
internal sealed class SphericalLegendre
{
    private SphericalLegendre(int polar, int axisA, int axisB, double[][] beta, LegendreHarmonic[] harmonics)
    {
        Polar = polar;
        AxisA = axisA;
        AxisB = axisB;
        Beta = beta;
        Harmonics = harmonics;
    }

    /// <summary>The polar axis (0 = x, 1 = y, 2 = z); e3nn's is y.</summary>
    public int Polar { get; }

    /// <summary>The axis of a in (a + i b)^m.</summary>
    public int AxisA { get; }

    /// <summary>The axis of b in (a + i b)^m.</summary>
    public int AxisB { get; }

    /// <summary>β[m][l], the coefficient of r² Q_{l−2}^m in Q_l^m (l ≥ m + 2).</summary>
    public double[][] Beta { get; }

    /// <summary>Harmonic i (e3nn's order, l² + k) in factored form, 'component' normalization.</summary>
    public LegendreHarmonic[] Harmonics { get; }

    /// <summary>The factored form of the harmonics l = 0 … lmax, or null where e3nn's polynomials do not match it.</summary>
    public static SphericalLegendre? TryBuild(int lmax)
    {
        List<Dictionary<Monomial, double>[]> target = SphericalPolynomials.Build(lmax);
        double[][] beta = Betas(lmax);
        int[][] orders = [[1, 2, 0], [1, 0, 2], [2, 0, 1], [2, 1, 0], [0, 1, 2], [0, 2, 1]];
        foreach (int[] order in orders)
        {
            LegendreHarmonic[]? harmonics = Match(target, lmax, order[0], order[1], order[2], beta);
            if (harmonics is not null) return new SphericalLegendre(order[0], order[1], order[2], beta, harmonics);
        }

        return null;
    }

    /// <summary>β_l^m for the scaled recurrence, from (l − m) P_l^m = (2l − 1) t P_{l−1}^m − (l + m − 1) P_{l−2}^m.</summary>
    private static double[][] Betas(int lmax)
    {
        var beta = new double[lmax + 1][];
        for (int m = 0; m <= lmax; m++)
        {
            beta[m] = new double[lmax + 1];
            // gamma[l]: Q_l^m = P-part / gamma[l] has the recurrence above with coefficient 1 on p.
            var gamma = new double[lmax + 1];
            gamma[m] = 1;
            for (int l = m + 1; l <= lmax; l++) gamma[l] = gamma[l - 1] * (2 * l - 1) / (l - m);
            for (int l = m + 2; l <= lmax; l++) beta[m][l] = -(double)(l + m - 1) / (l - m) * gamma[l - 2] / gamma[l];
        }

        return beta;
    }

    private static LegendreHarmonic[]? Match(List<Dictionary<Monomial, double>[]> target, int lmax, int polar, int axisA, int axisB, double[][] beta)
    {
        Dictionary<Monomial, double> one = Constant(1), p = Axis(polar), a = Axis(axisA), b = Axis(axisB);
        Dictionary<Monomial, double> r2 = Add(Add(Multiply(a, a), Multiply(b, b)), Multiply(p, p));
        var cosines = new List<Dictionary<Monomial, double>> { one };
        var sines = new List<Dictionary<Monomial, double>> { new() };
        for (int m = 1; m <= lmax; m++)
        {
            cosines.Add(Add(Multiply(cosines[m - 1], a), Scale(Multiply(sines[m - 1], b), -1)));
            sines.Add(Add(Multiply(sines[m - 1], a), Multiply(cosines[m - 1], b)));
        }

        var harmonics = new LegendreHarmonic[(lmax + 1) * (lmax + 1)];
        for (int m = 0; m <= lmax; m++)
        {
            var q = new Dictionary<Monomial, double>[lmax + 1];
            for (int l = m; l <= lmax; l++)
            {
                q[l] = l == m ? one : l == m + 1 ? p : Add(Multiply(p, q[l - 1]), Scale(Multiply(r2, q[l - 2]), beta[m][l]));
                for (int sine = 0; sine < (m == 0 ? 1 : 2); sine++)
                {
                    Dictionary<Monomial, double> candidate = Multiply(q[l], sine == 1 ? sines[m] : cosines[m]);
                    bool found = false;
                    for (int k = 0; k < 2 * l + 1 && !found; k++)
                    {
                        double? ratio = Ratio(target[l][k], candidate);
                        if (ratio is null) continue;
                        if (harmonics[l * l + k].K != 0) return null;
                        harmonics[l * l + k] = new LegendreHarmonic(l, m, sine == 1, ratio.Value);
                        found = true;
                    }

                    if (!found) return null;
                }
            }
        }

        return harmonics.All(h => h.K != 0) ? harmonics : null;
    }

    /// <summary>K with target = K · candidate coefficient by coefficient (to 1e-10 relative), or null.</summary>
    private static double? Ratio(Dictionary<Monomial, double> target, Dictionary<Monomial, double> candidate)
    {
        double largest = candidate.Values.Select(v => Math.Abs(v)).DefaultIfEmpty(0).Max();
        if (largest == 0) return null;
        KeyValuePair<Monomial, double> pivot = candidate.First(c => Math.Abs(c.Value) == largest);
        if (!target.TryGetValue(pivot.Key, out double t) || t == 0) return null;
        double ratio = t / pivot.Value, scale = Math.Abs(t);
        foreach (Monomial key in candidate.Keys.Union(target.Keys))
        {
            candidate.TryGetValue(key, out double c);
            target.TryGetValue(key, out double value);
            if (Math.Abs(value - ratio * c) > 1e-10 * scale) return null;
        }

        return ratio;
    }

    private static Dictionary<Monomial, double> Constant(double value) => new() { [new Monomial(0, 0, 0)] = value };

    private static Dictionary<Monomial, double> Axis(int axis) =>
        new() { [new Monomial(axis == 0 ? 1 : 0, axis == 1 ? 1 : 0, axis == 2 ? 1 : 0)] = 1 };

    private static Dictionary<Monomial, double> Add(Dictionary<Monomial, double> left, Dictionary<Monomial, double> right)
    {
        var sum = new Dictionary<Monomial, double>(left);
        foreach (KeyValuePair<Monomial, double> term in right)
        {
            sum.TryGetValue(term.Key, out double existing);
            sum[term.Key] = existing + term.Value;
        }

        return sum;
    }

    private static Dictionary<Monomial, double> Scale(Dictionary<Monomial, double> polynomial, double factor) =>
        polynomial.ToDictionary(term => term.Key, term => term.Value * factor);

    private static Dictionary<Monomial, double> Multiply(Dictionary<Monomial, double> left, Dictionary<Monomial, double> right)
    {
        var product = new Dictionary<Monomial, double>();
        foreach (KeyValuePair<Monomial, double> x in left)
        foreach (KeyValuePair<Monomial, double> y in right)
        {
            var key = new Monomial(x.Key.X + y.Key.X, x.Key.Y + y.Key.Y, x.Key.Z + y.Key.Z);
            product.TryGetValue(key, out double existing);
            product[key] = existing + x.Value * y.Value;
        }

        return product;
    }
}
