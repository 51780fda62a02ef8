using TensorGen;

namespace ShortestPaths;

/// <summary>All-pairs best paths, written once for any semiring with a generated Closure.</summary>
public static class AllPairs
{
    /// <summary>
    /// The n x n table of best path values: the adjacency matrix (Zero where there is no arc, One on the
    /// diagonal, parallel arcs combined with ⊕, so the shortest or the widest one is kept), closed in place.
    /// </summary>
    public static float[] Solve<TSemiring>(Graph graph)
        where TSemiring : struct, ISemiringKernels<TSemiring, float>
    {
        int n = graph.NodeCount;
        var table = new float[n * n];
        table.AsSpan().Fill(TSemiring.Zero);
        for (int i = 0; i < n; i++)
        {
            table[i * n + i] = TSemiring.One;
        }

        foreach (Arc arc in graph.Arcs)
        {
            ref float cell = ref table[arc.From * n + arc.To];
            cell = TSemiring.Add(cell, arc.Weight);
        }

        TSemiring.Closure(table, n);
        return table;
    }
}
