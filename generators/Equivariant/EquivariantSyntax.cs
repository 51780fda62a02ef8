using System;
using System.Collections.Generic;
using System.Globalization;

namespace TensorGen.Generators.Equivariant;

/// <summary>
/// Parses the strings of an equivariant declaration: e3nn irreps (<c>"16x0e + 8x1o + 2y"</c>) and instruction tuples
/// (<c>"(0, 0, 0, 'uvw', True)"</c>). Errors say at which character and why; the parser never throws.
/// </summary>
internal static class EquivariantSyntax
{
    public static readonly string[] Modes = ["uvw", "uvu", "uuu", "uvuv"];

    /// <summary>Parses irreps; on failure returns null and sets <paramref name="error"/> to where and why.</summary>
    public static List<IrrepTerm>? ParseIrreps(string text, out string error)
    {
        error = string.Empty;
        var terms = new List<IrrepTerm>();
        if (text.Trim().Length == 0) return terms;
        int start = 0;
        foreach (string term in text.Split('+'))
        {
            string trimmed = term.Trim();
            int at = start + (term.Length - term.TrimStart().Length);
            start += term.Length + 1;
            int mul = 1;
            string irrep = trimmed;
            int x = trimmed.IndexOf('x');
            if (x >= 0)
            {
                if (!int.TryParse(trimmed.Substring(0, x).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out mul))
                {
                    error = $"at position {at} (\"{trimmed}\"): the multiplicity before 'x' is not a non-negative integer";
                    return null;
                }

                if (mul < 1)
                {
                    error = $"at position {at} (\"{trimmed}\"): the multiplicity is 0; leave the term out instead";
                    return null;
                }

                irrep = trimmed.Substring(x + 1).Trim();
            }

            if (irrep.Length < 2)
            {
                error = $"at position {at} (\"{trimmed}\"): " + (trimmed.Length == 0 ? "an empty term" : "expected a degree and a parity, such as 1o");
                return null;
            }

            char parity = irrep[irrep.Length - 1];
            if (!int.TryParse(irrep.Substring(0, irrep.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int l))
            {
                error = $"at position {at} (\"{trimmed}\"): the degree is not a non-negative integer";
                return null;
            }

            int p = parity switch { 'e' => 1, 'o' => -1, 'y' => (l & 1) == 0 ? 1 : -1, _ => 0 };
            if (p == 0)
            {
                error = $"at position {at} (\"{trimmed}\"): the parity '{parity}' is not e, o or y";
                return null;
            }

            terms.Add(new IrrepTerm(mul, l, p));
        }

        return terms;
    }

    /// <summary>Parses instruction tuples; on failure returns null and sets <paramref name="error"/>.</summary>
    public static List<InstructionModel>? ParseInstructions(string text, out string error)
    {
        error = string.Empty;
        var result = new List<InstructionModel>();
        int position = 0;
        while (true)
        {
            int open = text.IndexOf('(', position);
            if (open < 0)
            {
                if (text.Substring(position).Trim().Trim(',', ';').Trim().Length > 0)
                {
                    error = $"at position {position}: expected '(' to start an instruction";
                    return null;
                }

                break;
            }

            if (text.Substring(position, open - position).Trim().Trim(',', ';').Trim().Length > 0)
            {
                error = $"at position {position}: unexpected text before '('";
                return null;
            }

            int close = text.IndexOf(')', open);
            if (close < 0)
            {
                error = $"at position {open}: the instruction is not closed by ')'";
                return null;
            }

            string[] parts = text.Substring(open + 1, close - open - 1).Split(',');
            if (parts.Length < 5 || parts.Length > 6)
            {
                error = $"at position {open}: an instruction has 5 or 6 fields (i_in1, i_in2, i_out, mode, has_weight[, path_weight]), this one has {parts.Length}";
                return null;
            }

            var indices = new int[3];
            for (int i = 0; i < 3; i++)
            {
                if (!int.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out indices[i]))
                {
                    error = $"at position {open}: field {i + 1} (\"{parts[i].Trim()}\") is not a non-negative index";
                    return null;
                }
            }

            string mode = parts[3].Trim().Trim('\'', '"');
            if (Array.IndexOf(Modes, mode) < 0)
            {
                error = $"at position {open}: mode '{mode}' is not one of uvw, uvu, uuu, uvuv";
                return null;
            }

            string weighted = parts[4].Trim();
            bool hasWeight;
            if (string.Equals(weighted, "true", StringComparison.OrdinalIgnoreCase)) hasWeight = true;
            else if (string.Equals(weighted, "false", StringComparison.OrdinalIgnoreCase)) hasWeight = false;
            else
            {
                error = $"at position {open}: has_weight (\"{weighted}\") is not True or False";
                return null;
            }

            double pathWeight = 1.0;
            if (parts.Length == 6 && (!double.TryParse(parts[5].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out pathWeight) || !(pathWeight >= 0) || double.IsInfinity(pathWeight)))
            {
                error = $"at position {open}: path_weight (\"{parts[5].Trim()}\") is not a finite non-negative number";
                return null;
            }

            result.Add(new InstructionModel(indices[0], indices[1], indices[2], mode, hasWeight, pathWeight));
            position = close + 1;
        }

        return result;
    }

    /// <summary>e3nn's simplify: merge equal neighbours, drop zero multiplicities.</summary>
    public static List<IrrepTerm> Simplify(IEnumerable<IrrepTerm> terms)
    {
        var result = new List<IrrepTerm>();
        foreach (IrrepTerm term in terms)
        {
            if (result.Count > 0 && result[result.Count - 1].L == term.L && result[result.Count - 1].P == term.P)
                result[result.Count - 1] = new IrrepTerm(result[result.Count - 1].Mul + term.Mul, term.L, term.P);
            else if (term.Mul > 0)
                result.Add(term);
        }

        return result;
    }

    public static string Format(IEnumerable<IrrepTerm> terms) => string.Join("+", terms);
}
