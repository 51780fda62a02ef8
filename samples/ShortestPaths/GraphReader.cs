using System.Globalization;

namespace ShortestPaths;

/// <summary>
/// Reads a weighted directed graph from either format, told apart by the first line that is not blank or a
/// comment:
/// <list type="bullet">
/// <item>DIMACS shortest-path (<c>.gr</c>): <c>c</c> comment lines, one <c>p sp N M</c> problem line, then
/// <c>M</c> lines <c>a u v w</c> with 1-based node ids.</item>
/// <item>An edge list: one <c>u v w</c> per line with 0-based node ids; <c>#</c> (or <c>c</c>) starts a comment
/// line; the node count is the largest id plus one.</item>
/// </list>
/// Weights are finite, non-negative decimal numbers (invariant culture). Every problem is reported as a
/// <see cref="GraphFormatException"/> naming the line.
/// </summary>
public static class GraphReader
{
    /// <summary>The largest graph the sample accepts: its dense n x n table is 256 MiB of floats.</summary>
    public const int MaxNodes = 8192;

    public static Graph Read(string path) => Parse(File.ReadAllLines(path));

    public static Graph Parse(IReadOnlyList<string> lines)
    {
        for (int i = 0; i < lines.Count; i++)
        {
            string[] tokens = Tokens(lines[i]);
            if (tokens.Length == 0 || IsComment(tokens[0]))
            {
                continue;
            }

            return tokens[0] switch
            {
                "p" => ParseDimacs(lines, i),
                "a" => throw Error(i, "arc before the problem line; a DIMACS file needs 'p sp N M' before its 'a u v w' lines"),
                _ => ParseEdgeList(lines, i),
            };
        }

        throw new GraphFormatException("the file has no arcs (only blank or comment lines)");
    }

    private static Graph ParseDimacs(IReadOnlyList<string> lines, int problemLine)
    {
        string[] header = Tokens(lines[problemLine]);
        if (header.Length != 4 || header[1] != "sp")
        {
            throw Error(problemLine, $"expected 'p sp N M' (node and arc counts), got '{lines[problemLine].Trim()}'");
        }

        int nodes = ParseCount(header[2], "node", problemLine);
        int declaredArcs = ParseCount(header[3], "arc", problemLine);
        if (nodes == 0)
        {
            throw Error(problemLine, "the problem line declares 0 nodes");
        }

        if (nodes > MaxNodes)
        {
            throw Error(problemLine, $"{nodes} nodes is more than this sample's dense table takes ({MaxNodes})");
        }

        var arcs = new List<Arc>(Math.Min(declaredArcs, 1 << 20));
        for (int i = problemLine + 1; i < lines.Count; i++)
        {
            string[] tokens = Tokens(lines[i]);
            if (tokens.Length == 0 || IsComment(tokens[0]))
            {
                continue;
            }

            if (tokens[0] == "p")
            {
                throw Error(i, $"a second problem line (the first is line {problemLine + 1})");
            }

            if (tokens[0] != "a" || tokens.Length != 4)
            {
                throw Error(i, $"expected 'a u v w' (an arc from node u to node v of weight w), got '{lines[i].Trim()}'");
            }

            int from = ParseNode(tokens[1], i, 1, nodes);
            int to = ParseNode(tokens[2], i, 1, nodes);
            arcs.Add(new Arc(from - 1, to - 1, ParseWeight(tokens[3], i), i + 1));
        }

        if (arcs.Count != declaredArcs)
        {
            throw Error(problemLine, $"the problem line declares {declaredArcs} arcs but the file has {arcs.Count}");
        }

        return new Graph(nodes, arcs, FirstId: 1, "DIMACS");
    }

    private static Graph ParseEdgeList(IReadOnlyList<string> lines, int first)
    {
        var arcs = new List<Arc>();
        int nodes = 0;
        for (int i = first; i < lines.Count; i++)
        {
            string[] tokens = Tokens(lines[i]);
            if (tokens.Length == 0 || IsComment(tokens[0]))
            {
                continue;
            }

            if (tokens.Length != 3)
            {
                throw Error(i, $"expected 'u v w' (0-based node ids and a weight) or a DIMACS 'p sp N M' line first, got '{lines[i].Trim()}'");
            }

            int from = ParseNode(tokens[0], i, 0, MaxNodes - 1);
            int to = ParseNode(tokens[1], i, 0, MaxNodes - 1);
            arcs.Add(new Arc(from, to, ParseWeight(tokens[2], i), i + 1));
            nodes = Math.Max(nodes, Math.Max(from, to) + 1);
        }

        return new Graph(nodes, arcs, FirstId: 0, "edge list");
    }

    private static int ParseCount(string token, string what, int line)
    {
        if (!long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            throw Error(line, $"the {what} count '{token}' in 'p sp N M' is not an integer");
        }

        if (value < 0)
        {
            throw Error(line, $"the {what} count {value} in 'p sp N M' is negative");
        }

        if (value > int.MaxValue)
        {
            throw Error(line, $"the {what} count {value} in 'p sp N M' is too large");
        }

        return (int)value;
    }

    private static int ParseNode(string token, int line, int lowest, int highest)
    {
        if (!long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long id))
        {
            throw Error(line, $"node id '{token}' is not an integer");
        }

        if (id < lowest || id > highest)
        {
            string range = lowest == 1 ? $"1..{highest} (from the problem line)" : $"0..{highest} (edge lists are 0-based)";
            throw Error(line, $"node id {id} is out of range {range}");
        }

        return (int)id;
    }

    private static float ParseWeight(string token, int line)
    {
        if (!float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out float weight) || !float.IsFinite(weight))
        {
            throw Error(line, $"weight '{token}' is not a finite number");
        }

        if (weight < 0)
        {
            throw Error(line, $"negative weight {token}: weights must be non-negative (min-plus closure assumes no negative cycles; a capacity cannot be negative)");
        }

        return weight;
    }

    private static bool IsComment(string token) => token == "c" || token.StartsWith('#');

    private static string[] Tokens(string line) =>
        line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static GraphFormatException Error(int index, string message) => new($"line {index + 1}: {message}");
}
