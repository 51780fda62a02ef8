using System;
using System.Collections.Generic;
using System.Linq;

namespace TensorGen.Generators.Clifford;

/// <summary>One multiply-add of a plan: <c>Sign · left[LeftPosition] · right[RightPosition]</c>, positions in field order.</summary>
internal sealed record PlanTerm(int LeftPosition, string LeftName, int RightPosition, string RightName, int Sign);

/// <summary>One output component of a plan and the terms summed into it (none for a structural zero).</summary>
internal sealed record PlanOutput(int Position, string Name, IReadOnlyList<PlanTerm> Terms);

/// <summary>
/// A product specialised to the blades of its operands and result: the terms that are not structurally zero,
/// grouped by output component, with every sign (reordering, metric, reversion) folded in.
/// </summary>
internal sealed class ProductPlan
{
    private ProductPlan(IReadOnlyList<PlanOutput> outputs) => Outputs = outputs;

    public IReadOnlyList<PlanOutput> Outputs { get; }

    public int TermCount => Outputs.Sum(o => o.Terms.Count);

    /// <summary>
    /// The plan of <paramref name="terms"/> producing the components <paramref name="output"/>; terms landing outside
    /// it are dropped (a projection), and <paramref name="rightSign"/> scales each right blade (reversion).
    /// </summary>
    public static ProductPlan Create(IEnumerable<Term> terms, IReadOnlyList<int> left, IReadOnlyList<int> right,
                                     IReadOnlyList<int> output, Func<int, int>? rightSign = null)
    {
        var leftPosition = Positions(left);
        var rightPosition = Positions(right);
        var byOutput = output.Select(_ => new List<PlanTerm>()).ToList();
        var outputPosition = Positions(output);
        foreach (Term term in terms)
        {
            if (!outputPosition.TryGetValue(term.Result, out int at)) continue;
            int sign = term.Sign * (rightSign?.Invoke(term.Right) ?? 1);
            byOutput[at].Add(new PlanTerm(leftPosition[term.Left], Signature.Name(term.Left), rightPosition[term.Right], Signature.Name(term.Right), sign));
        }

        return new ProductPlan(output.Select((blade, i) => new PlanOutput(i, Signature.Name(blade), byOutput[i])).ToList());
    }

    private static Dictionary<int, int> Positions(IReadOnlyList<int> blades)
    {
        var positions = new Dictionary<int, int>();
        for (int i = 0; i < blades.Count; i++) positions[blades[i]] = i;
        return positions;
    }
}
