using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace TensorGen.Equivariant;

/// <summary>
/// An irreducible representation of O(3): degree <see cref="L"/> and parity <see cref="P"/> (+1 even, -1 odd), written
/// as e3nn writes it (<c>0e</c>, <c>1o</c>, <c>2e</c>). Ordered as e3nn orders its <c>Irrep</c> tuples: by l, then by
/// parity with odd before even.
/// </summary>
public readonly record struct Irrep(int L, int P) : IComparable<Irrep>
{
    /// <summary>The dimension 2l + 1.</summary>
    public int Dim => 2 * L + 1;

    /// <summary>The e3nn spelling, e.g. <c>2e</c>.</summary>
    public override string ToString() => L.ToString(CultureInfo.InvariantCulture) + (P > 0 ? "e" : "o");

    /// <inheritdoc/>
    public int CompareTo(Irrep other) => L != other.L ? L.CompareTo(other.L) : P.CompareTo(other.P);
}

/// <summary>A multiplicity and an irrep: <c>8x1o</c>.</summary>
public readonly record struct MulIrrep(int Mul, Irrep Irrep)
{
    /// <summary>The dimension mul · (2l + 1).</summary>
    public int Dim => Mul * Irrep.Dim;

    /// <summary>The e3nn spelling, e.g. <c>8x1o</c>.</summary>
    public override string ToString() => Mul.ToString(CultureInfo.InvariantCulture) + "x" + Irrep;
}

/// <summary>
/// A direct sum of O(3) irreps, parsed from and printed as e3nn writes it: <c>"16x0e + 8x1o + 4x2e"</c>, the
/// multiplicity optional (1), parity <c>e</c>, <c>o</c> or <c>y</c> (the spherical harmonics' parity (-1)^l),
/// multiplicity 0 allowed, the empty string the empty sum. A feature vector of these irreps holds the blocks in
/// order, each block multiplicity-major (<c>[u][m]</c>, m = -l … l in e3nn's real basis).
/// </summary>
public sealed class Irreps : IEquatable<Irreps>
{
    private readonly MulIrrep[] _items;

    /// <summary>Wraps a sequence of (mul, irrep) terms; multiplicities must be non-negative.</summary>
    public Irreps(IEnumerable<MulIrrep> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [.. items];
        foreach (MulIrrep item in _items)
        {
            if (item.Mul < 0) throw new ArgumentException($"Multiplicity {item.Mul} of {item.Irrep} is negative.", nameof(items));
            if (item.Irrep.L < 0 || (item.Irrep.P != 1 && item.Irrep.P != -1))
                throw new ArgumentException($"({item.Irrep.L}, {item.Irrep.P}) is not an O(3) irrep.", nameof(items));
        }
    }

    /// <summary>The terms in order.</summary>
    public IReadOnlyList<MulIrrep> Items => _items;

    /// <summary>Number of terms.</summary>
    public int Count => _items.Length;

    /// <summary>The total dimension Σ mul · (2l + 1).</summary>
    public int Dim
    {
        get
        {
            int dim = 0;
            foreach (MulIrrep item in _items) dim += item.Dim;
            return dim;
        }
    }

    /// <summary>Σ mul: the number of irreps.</summary>
    public int NumIrreps
    {
        get
        {
            int count = 0;
            foreach (MulIrrep item in _items) count += item.Mul;
            return count;
        }
    }

    /// <summary>The largest l, or -1 for the empty sum.</summary>
    public int LMax
    {
        get
        {
            int lmax = -1;
            foreach (MulIrrep item in _items) lmax = Math.Max(lmax, item.Irrep.L);
            return lmax;
        }
    }

    /// <summary>The offset of each term's block in a feature vector.</summary>
    public int Offset(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, _items.Length);
        int offset = 0;
        for (int i = 0; i < index; i++) offset += _items[i].Dim;
        return offset;
    }

    /// <summary>
    /// Parses an e3nn irreps string. Throws <see cref="ArgumentException"/> naming <paramref name="text"/> and the
    /// character position of the first term that does not parse.
    /// </summary>
    public static Irreps Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var items = new List<MulIrrep>();
        if (text.Trim().Length == 0) return new Irreps(items);

        int start = 0;
        foreach (string term in text.Split('+'))
        {
            if (!TryParseTerm(term, out MulIrrep item, out string why))
            {
                int at = start + (term.Length - term.TrimStart().Length);
                throw new ArgumentException($"Irreps \"{text}\" do not parse at position {at} (\"{term.Trim()}\"): {why}.", nameof(text));
            }

            items.Add(item);
            start += term.Length + 1;
        }

        return new Irreps(items);
    }

    private static bool TryParseTerm(string term, out MulIrrep item, out string why)
    {
        item = default;
        string trimmed = term.Trim();
        int mul = 1;
        string irrep = trimmed;
        int x = trimmed.IndexOf('x');
        if (x >= 0)
        {
            if (!int.TryParse(trimmed.AsSpan(0, x).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out mul))
            {
                why = "the multiplicity before 'x' is not a non-negative integer";
                return false;
            }

            irrep = trimmed.Substring(x + 1).Trim();
        }

        if (irrep.Length < 2)
        {
            why = trimmed.Length == 0 ? "an empty term" : "expected a degree and a parity, such as 1o";
            return false;
        }

        char parity = irrep[^1];
        if (!int.TryParse(irrep.AsSpan(0, irrep.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int l))
        {
            why = "the degree is not a non-negative integer";
            return false;
        }

        int p = parity switch { 'e' => 1, 'o' => -1, 'y' => (l & 1) == 0 ? 1 : -1, _ => 0 };
        if (p == 0)
        {
            why = $"the parity '{parity}' is not e, o or y";
            return false;
        }

        item = new MulIrrep(mul, new Irrep(l, p));
        why = string.Empty;
        return true;
    }

    /// <summary>
    /// Merges neighbouring terms of the same irrep and drops zero multiplicities, without sorting (e3nn's
    /// <c>simplify</c>): <c>1e + 1e + 0e + 1e</c> → <c>2x1e+1x0e+1x1e</c>.
    /// </summary>
    public Irreps Simplify()
    {
        var result = new List<MulIrrep>();
        foreach (MulIrrep item in _items)
        {
            if (result.Count > 0 && result[^1].Irrep == item.Irrep)
                result[^1] = new MulIrrep(result[^1].Mul + item.Mul, item.Irrep);
            else if (item.Mul > 0)
                result.Add(item);
        }

        return new Irreps(result);
    }

    /// <summary>
    /// Sorts the terms by irrep (l, then odd before even), stably (e3nn's <c>sort</c>): the permutation
    /// maps each original term index to its new index.
    /// </summary>
    public (Irreps Sorted, int[] Permutation) Sort()
    {
        int[] order = new int[_items.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) =>
        {
            int byIrrep = _items[a].Irrep.CompareTo(_items[b].Irrep);
            return byIrrep != 0 ? byIrrep : a.CompareTo(b);
        });
        int[] permutation = new int[order.Length];
        var sorted = new MulIrrep[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            sorted[i] = _items[order[i]];
            permutation[order[i]] = i;
        }

        return (new Irreps(sorted), permutation);
    }

    /// <summary>The e3nn spelling: terms joined by <c>+</c>, each <c>{mul}x{l}{p}</c>.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        for (int i = 0; i < _items.Length; i++)
        {
            if (i > 0) builder.Append('+');
            builder.Append(_items[i].ToString());
        }

        return builder.ToString();
    }

    /// <inheritdoc/>
    public bool Equals(Irreps? other) => other is not null && _items.AsSpan().SequenceEqual(other._items);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Irreps);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (MulIrrep item in _items) hash.Add(item);
        return hash.ToHashCode();
    }
}
