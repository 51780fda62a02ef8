using System;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Equivariant;

public sealed partial class EquivariantGenerator
{
    internal static partial class Emit
    {
        /// <summary>The factor of Y_l in a normalization: 1 ('component'), 1/√(2l+1) ('norm'), 1/√(4π) ('integral').</summary>
        private static double NormalizationFactor(int normalization, int l) => normalization switch
        {
            2 => 1.0,
            3 => 1.0 / Math.Sqrt(2 * l + 1),
            _ => 1.0 / Math.Sqrt(4 * Math.PI),
        };

        /// <summary>
        /// Writes and stores h{index} for every harmonic in the factored form of <see cref="SphericalLegendre"/>, one
        /// m at a time (the powers (a + i b)^m, then Q_l^m up the degrees, then the harmonics of that m), so that
        /// few values are live at once.
        /// </summary>
        private static void WriteLegendreValues(IndentedWriter writer, SphericalHarmonicsModel model, Lane lane, SphericalLegendre form)
        {
            string t = lane.Element;
            int lmax = model.LMax;
            string p = s_axes[form.Polar], a = s_axes[form.AxisA], b = s_axes[form.AxisB];
            var byOrder = new int[lmax + 1, lmax + 1, 2];
            for (int i = 0; i < form.Harmonics.Length; i++)
            {
                LegendreHarmonic h = form.Harmonics[i];
                byOrder[h.L, h.M, h.Sine ? 1 : 0] = i;
            }

            string Constant(double value) => lane.Broadcast(SignedLiteral(value, t));
            double K(int index) => form.Harmonics[index].K * NormalizationFactor(model.Normalization, form.Harmonics[index].L);
            void Store(int index, string value)
            {
                writer.Line($"{lane.Type} h{index} = {value};");
                writer.Line(lane.Store($"h{index}", "sh", $"{index} * stride"));
            }

            writer.Line($"// Y_lm = K · Q_l^m({p}, r²) · (C_m or S_m)({a}, {b}): C_m + i S_m = ({a} + i {b})^m, Q_l^m = {p} Q_(l-1)^m + β r² Q_(l-2)^m.");
            if (lmax >= 2 && model.Normalize)
            {
                // On the unit sphere r² = 1, except for the zero vector (r² = 0), where only the m = 0 chain would not vanish.
                writer.Line($"{lane.Type} radius2 = length * inverse;");
            }
            else if (lmax >= 2)
            {
                writer.Line($"{lane.Type} radius2 = {lane.MultiplyAdd("uz", "uz", lane.MultiplyAdd("uy", "uy", "ux * ux"))};");
            }

            if (lmax >= 2) writer.Line($"{lane.Type} {b}Negated = -{b};");
            for (int m = 0; m <= lmax; m++)
            {
                string r2 = model.Normalize && m > 0 ? "1" : "radius2";
                // cosine / sine: C_m and S_m (C_0 = 1, C_1 = a, S_1 = b).
                string cosine = m == 1 ? a : $"cosine{m}", sine = m == 1 ? b : $"sine{m}";
                if (m >= 2)
                {
                    string previousCosine = m == 2 ? a : $"cosine{m - 1}", previousSine = m == 2 ? b : $"sine{m - 1}";
                    writer.Line($"// m = {m}.");
                    writer.Line($"{lane.Type} {cosine} = {lane.MultiplyAdd(previousSine, $"{b}Negated", $"{previousCosine} * {a}")};");
                    writer.Line($"{lane.Type} {sine} = {lane.MultiplyAdd(previousCosine, b, $"{previousSine} * {a}")};");
                }
                else
                {
                    writer.Line($"// m = {m}.");
                }

                for (int l = m; l <= lmax; l++)
                {
                    // q: Q_l^m, "1" and p need no register.
                    string q = l == m ? string.Empty : l == m + 1 ? p : $"q{m}_{l}";
                    if (l >= m + 2)
                    {
                        string older = l - 2 == m ? string.Empty : l - 2 == m + 1 ? p : $"q{m}_{l - 2}";
                        string previous = l - 1 == m + 1 ? p : $"q{m}_{l - 1}";
                        double beta = form.Beta[m][l];
                        string term = older.Length == 0
                            ? (r2 == "1" ? Constant(beta) : $"{Constant(beta)} * {r2}")
                            : (r2 == "1" ? $"{Constant(beta)} * {older}" : $"{Constant(beta)} * ({r2} * {older})");
                        writer.Line($"{lane.Type} {q} = {lane.MultiplyAdd(p, previous, term)};");
                    }

                    int cosineIndex = byOrder[l, m, 0];
                    if (m == 0)
                    {
                        Store(cosineIndex, q.Length == 0 ? Constant(K(cosineIndex)) : $"{Constant(K(cosineIndex))} * {q}");
                        continue;
                    }

                    int sineIndex = byOrder[l, m, 1];
                    double kc = K(cosineIndex), ks = K(sineIndex);
                    if (q.Length == 0)
                    {
                        Store(cosineIndex, $"{Constant(kc)} * {cosine}");
                        Store(sineIndex, $"{Constant(ks)} * {sine}");
                    }
                    else if (Math.Abs(kc - ks) <= 1e-15 * Math.Abs(kc))
                    {
                        writer.Line($"{lane.Type} scaled{l}_{m} = {Constant(kc)} * {q};");
                        Store(cosineIndex, $"scaled{l}_{m} * {cosine}");
                        Store(sineIndex, $"scaled{l}_{m} * {sine}");
                    }
                    else
                    {
                        Store(cosineIndex, $"({Constant(kc)} * {q}) * {cosine}");
                        Store(sineIndex, $"({Constant(ks)} * {q}) * {sine}");
                    }
                }
            }
        }
    }
}
