using System;
using System.Collections.Generic;

namespace TensorGen.Generators.Equivariant;

/// <summary>A monomial x^X y^Y z^Z.</summary>
internal readonly record struct Monomial(int X, int Y, int Z);

/// <summary>
/// The real spherical harmonics as homogeneous polynomials in (x, y, z), e3nn's basis and order, built at compile time
/// by e3nn's recursion: Y_0 = 1, Y_1 ∝ (x, y, z), Y_{l+1,k} ∝ Σ_ij W(l, 1, l+1)[i, j, k] Y_{l,i} x_j with the real
/// Clebsch–Gordan tensor of <see cref="ClebschGordan"/>, each degree scaled (by a positive constant) so that
/// Σ_m Y_lm(x̂)² = 2l + 1 on the unit sphere ('component' normalization).
/// </summary>
internal static class SphericalPolynomials
{
    /// <summary>Y_l for l = 0 … lmax, component-normalized; index [l][m + l].</summary>
    public static List<Dictionary<Monomial, double>[]> Build(int lmax) => Build(lmax, out _);

    /// <summary>
    /// Y_l for l = 0 … lmax as <see cref="Build(int)"/>, and the positive factor each degree was scaled by:
    /// Y_{l+1,k} = scales[l+1] Σ_ij W(l, 1, l+1)[i, j, k] Y_{l,i} x_j, Y_1 = scales[1] (x, y, z), Y_0 = 1.
    /// </summary>
    public static List<Dictionary<Monomial, double>[]> Build(int lmax, out double[] scales)
    {
        scales = new double[lmax + 1];
        scales[0] = 1;
        var result = new List<Dictionary<Monomial, double>[]> { new[] { new Dictionary<Monomial, double> { [new Monomial(0, 0, 0)] = 1.0 } } };
        if (lmax == 0) return result;

        double root3 = Math.Sqrt(3.0);
        scales[1] = root3;
        var vector = new[]
        {
            new Dictionary<Monomial, double> { [new Monomial(1, 0, 0)] = 1.0 },
            new Dictionary<Monomial, double> { [new Monomial(0, 1, 0)] = 1.0 },
            new Dictionary<Monomial, double> { [new Monomial(0, 0, 1)] = 1.0 },
        };
        result.Add(Scale(vector, root3));
        for (int l = 1; l < lmax; l++)
        {
            double[,,] w = ClebschGordan.Real(l, 1, l + 1);
            Dictionary<Monomial, double>[] previous = result[l];
            var next = new Dictionary<Monomial, double>[2 * l + 3];
            for (int k = 0; k < next.Length; k++)
            {
                var sum = new Dictionary<Monomial, double>();
                for (int i = 0; i < 2 * l + 1; i++)
                for (int j = 0; j < 3; j++)
                {
                    double c = w[i, j, k];
                    if (c == 0) continue;
                    foreach (KeyValuePair<Monomial, double> term in previous[i])
                    {
                        var key = new Monomial(term.Key.X + (j == 0 ? 1 : 0), term.Key.Y + (j == 1 ? 1 : 0), term.Key.Z + (j == 2 ? 1 : 0));
                        sum.TryGetValue(key, out double existing);
                        sum[key] = existing + c * term.Value;
                    }
                }

                next[k] = sum;
            }

            // |W·(Y_l ⊗ x̂)| is the same at every point of the sphere; measure it at one generic point.
            double norm = 0;
            foreach (Dictionary<Monomial, double> p in next)
            {
                double value = Evaluate(p, 0.48, 0.6, 0.64);
                norm += value * value;
            }

            scales[l + 1] = Math.Sqrt((2 * l + 3) / norm);
            result.Add(Scale(next, scales[l + 1]));
        }

        return result;
    }

    public static double Evaluate(Dictionary<Monomial, double> polynomial, double x, double y, double z)
    {
        double sum = 0;
        foreach (KeyValuePair<Monomial, double> term in polynomial)
            sum += term.Value * Math.Pow(x, term.Key.X) * Math.Pow(y, term.Key.Y) * Math.Pow(z, term.Key.Z);
        return sum;
    }

    /// <summary>∂p/∂(axis): axis 0 = x, 1 = y, 2 = z.</summary>
    public static Dictionary<Monomial, double> Derivative(Dictionary<Monomial, double> polynomial, int axis)
    {
        var result = new Dictionary<Monomial, double>();
        foreach (KeyValuePair<Monomial, double> term in polynomial)
        {
            Monomial m = term.Key;
            int power = axis == 0 ? m.X : axis == 1 ? m.Y : m.Z;
            if (power == 0) continue;
            var key = new Monomial(m.X - (axis == 0 ? 1 : 0), m.Y - (axis == 1 ? 1 : 0), m.Z - (axis == 2 ? 1 : 0));
            result.TryGetValue(key, out double existing);
            result[key] = existing + power * term.Value;
        }

        return result;
    }

    private static Dictionary<Monomial, double>[] Scale(Dictionary<Monomial, double>[] polynomials, double factor)
    {
        var result = new Dictionary<Monomial, double>[polynomials.Length];
        for (int i = 0; i < polynomials.Length; i++)
        {
            result[i] = new Dictionary<Monomial, double>();
            foreach (KeyValuePair<Monomial, double> term in polynomials[i])
            {
                // Cancellation leaves residues of ~1e-17 where a coefficient is exactly zero; drop them.
                if (Math.Abs(term.Value) > 1e-13) result[i][term.Key] = term.Value * factor;
            }
        }

        return result;
    }
}
