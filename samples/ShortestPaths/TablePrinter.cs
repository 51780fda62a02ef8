using System.Globalization;

namespace ShortestPaths;

/// <summary>Prints an n x n table with node ids as the file numbers them, the first <see cref="MaxShown"/> rows and columns at most.</summary>
public static class TablePrinter
{
    public const int MaxShown = 20;

    public static void Print(TextWriter output, float[] table, Graph graph, Func<float, string> format)
    {
        int n = graph.NodeCount;
        int shown = Math.Min(n, MaxShown);
        int width = 4;
        for (int i = 0; i < shown * n; i++)
        {
            if (i % n < shown)
            {
                width = Math.Max(width, format(table[i]).Length + 1);
            }
        }

        width = Math.Max(width, Id(graph, shown - 1).Length + 1);
        output.Write("from\\to".PadRight(8));
        for (int j = 0; j < shown; j++)
        {
            output.Write(Id(graph, j).PadLeft(width));
        }

        output.WriteLine();
        for (int i = 0; i < shown; i++)
        {
            output.Write(Id(graph, i).PadRight(8));
            for (int j = 0; j < shown; j++)
            {
                output.Write(format(table[i * n + j]).PadLeft(width));
            }

            output.WriteLine();
        }

        if (shown < n)
        {
            output.WriteLine($"(first {shown} of {n} nodes shown)");
        }
    }

    public static string Id(Graph graph, int node) => (node + graph.FirstId).ToString(CultureInfo.InvariantCulture);

    public static string Number(float value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
