using System.Collections.Generic;
using System.Linq;

namespace TensorGen.Generators.Clifford;

/// <summary>The four products the generator specialises, each a filter on the geometric product's terms.</summary>
internal enum ProductKind
{
    /// <summary>Every term of <c>e_a e_b</c>.</summary>
    Geometric,

    /// <summary>Terms of blades sharing no basis vector (<c>a &amp; b == 0</c>).</summary>
    Outer,

    /// <summary>Terms whose left blade divides the right one (<c>a ⊆ b</c>).</summary>
    LeftContraction,

    /// <summary>Terms with a scalar result (<c>a == b</c>).</summary>
    Scalar,
}

/// <summary>One product term: <c>Sign · left[Left] · right[Right]</c> adds to <c>result[Result]</c> (blades as bitmaps).</summary>
internal readonly record struct Term(int Left, int Right, int Result, int Sign);

/// <summary>
/// The multiplication table of Cl(p, q, r) on blade bitmaps (bit i set when e_(i+1) is a factor): the product of two
/// basis blades is <c>±e_(a xor b)</c>, the sign counting the transpositions that sort the factors, times the squares
/// of the shared basis vectors (0 for a shared null vector).
/// </summary>
internal sealed class Signature
{
    private readonly int _positive;
    private readonly int _negative;

    public Signature(int positive, int negative, int zero)
    {
        _positive = positive;
        _negative = negative;
        Dimension = positive + negative + zero;
    }

    public int Dimension { get; }

    public static int Grade(int blade)
    {
        int count = 0;
        for (int bits = blade; bits != 0; bits &= bits - 1) count++;
        return count;
    }

    /// <summary>The square of basis vector <c>e_(index+1)</c>: +1, −1 or 0.</summary>
    public int Square(int index) => index < _positive ? 1 : index < _positive + _negative ? -1 : 0;

    /// <summary>The coefficient (−1, 0 or +1) of <c>e_(a xor b)</c> in <c>e_a e_b</c>.</summary>
    public int Product(int a, int b)
    {
        // Each factor of b passes every factor of a with a higher index.
        int transpositions = 0;
        for (int shifted = a >> 1; shifted != 0; shifted >>= 1) transpositions += Grade(shifted & b);
        int sign = (transpositions & 1) == 0 ? 1 : -1;
        for (int index = 0; index < Dimension; index++)
        {
            if ((a & b & (1 << index)) != 0) sign *= Square(index);
        }

        return sign;
    }

    /// <summary>The product of the squares of a blade's basis vectors: <c>e_b ~e_b</c>.</summary>
    public int SelfNorm(int blade)
    {
        int value = 1;
        for (int index = 0; index < Dimension; index++)
        {
            if ((blade & (1 << index)) != 0) value *= Square(index);
        }

        return value;
    }

    /// <summary>Sign of a blade under reversion: (−1)^(k(k−1)/2).</summary>
    public static int ReverseSign(int blade)
    {
        int k = Grade(blade);
        return (k * (k - 1) / 2) % 2 == 0 ? 1 : -1;
    }

    /// <summary>Sign of a blade under grade involution: (−1)^k.</summary>
    public static int InvolutionSign(int blade) => Grade(blade) % 2 == 0 ? 1 : -1;

    /// <summary>The generated field name of a blade: <c>Scalar</c>, <c>E1</c>, <c>E12</c>, … (1-based indices).</summary>
    public static string Name(int blade)
    {
        if (blade == 0) return "Scalar";
        string name = "E";
        for (int index = 0; index < 6; index++)
        {
            if ((blade & (1 << index)) != 0) name += (char)('1' + index);
        }

        return name;
    }

    /// <summary>Every non-zero term of a product of a left type holding <paramref name="left"/> and a right one holding <paramref name="right"/>.</summary>
    public List<Term> Terms(IEnumerable<int> left, IEnumerable<int> right, ProductKind kind)
    {
        var terms = new List<Term>();
        foreach (int a in left)
        {
            foreach (int b in right)
            {
                bool keep = kind switch
                {
                    ProductKind.Outer => (a & b) == 0,
                    ProductKind.LeftContraction => (a & ~b) == 0,
                    ProductKind.Scalar => a == b,
                    _ => true,
                };
                int sign = keep ? Product(a, b) : 0;
                if (sign != 0) terms.Add(new Term(a, b, a ^ b, sign));
            }
        }

        return terms;
    }

    /// <summary>The blades a list of terms can produce, ascending.</summary>
    public static List<int> ResultBlades(IEnumerable<Term> terms) => terms.Select(t => t.Result).Distinct().OrderBy(b => b).ToList();
}
