using ShortestPaths;
using TensorGen;

// All-pairs shortest (or, with --widest, widest) paths of a road graph, by the Kleene closure of its
// adjacency matrix over a semiring declared in Semirings.cs.
const string Usage = "usage: ShortestPaths [--widest] [FILE.gr | EDGES.txt]   (default: data/town-16.gr)\n"
                     + "       ShortestPaths --kernels   (how this build's GEMM kernels were made: baked from a profile or dispatched)";

bool widest = false;
string? path = null;
foreach (string arg in args)
{
    if (arg is "-h" or "--help")
    {
        Console.WriteLine(Usage);
        return 0;
    }

    if (arg == "--kernels")
    {
        Console.WriteLine(KernelReport.Describe<Distance.Operators, float>(nameof(Distance)));
        Console.WriteLine(KernelReport.Describe<Capacity.Operators, float>(nameof(Capacity)));
        if (TensorGen.Machine.RuntimeIsa.NarrowerThanHardware(TensorGen.Machine.CpuInfo.Current) is string narrower)
        {
            Console.WriteLine("warning: " + narrower);
        }

        return 0;
    }

    if (arg == "--widest")
    {
        widest = true;
    }
    else if (arg.StartsWith('-') && arg.Length > 1)
    {
        Console.Error.WriteLine($"error: unknown option '{arg}'; {Usage}");
        return 2;
    }
    else if (path is null)
    {
        path = arg;
    }
    else
    {
        Console.Error.WriteLine($"error: more than one input file ('{path}', '{arg}'); {Usage}");
        return 2;
    }
}

path ??= Path.Combine(AppContext.BaseDirectory, "data", "town-16.gr");
Graph graph;
try
{
    graph = GraphReader.Read(path);
}
catch (GraphFormatException e)
{
    Console.Error.WriteLine($"error: {path}: {e.Message}");
    return 1;
}
catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
{
    Console.Error.WriteLine($"error: file not found: {path}");
    return 1;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: cannot read {path}: {e.Message}");
    return 1;
}

Console.WriteLine($"{Path.GetFileName(path)}: {graph.Format}, {graph.NodeCount} nodes, {graph.Arcs.Count} arcs; "
                  + $"closure on the {KernelDispatch.Current} path");
Console.WriteLine();

if (widest)
{
    float[] capacity = AllPairs.Solve<Capacity>(graph);
    Console.WriteLine("widest path capacity (- = no route, ∞ = same node):");
    TablePrinter.Print(Console.Out, capacity, graph, c => c == 0 ? "-" : float.IsPositiveInfinity(c) ? "∞" : TablePrinter.Number(c));
    Console.WriteLine();
    PrintExample(capacity, "widest route", "capacity");
}
else
{
    float[] distance = AllPairs.Solve<Distance>(graph);
    Console.WriteLine("shortest path length (∞ = unreachable):");
    TablePrinter.Print(Console.Out, distance, graph, d => float.IsPositiveInfinity(d) ? "∞" : TablePrinter.Number(d));
    Console.WriteLine();
    PrintExample(distance, "shortest route", "length");
    PrintDiameter(distance);
}

return 0;

// A worked example: from the first node to the highest-numbered node it can reach.
void PrintExample(float[] table, string what, string measure)
{
    int n = graph.NodeCount;
    int to = n - 1;
    while (to > 0 && (widest ? table[to] == 0 : float.IsPositiveInfinity(table[to])))
    {
        to--;
    }

    string from = TablePrinter.Id(graph, 0);
    Console.WriteLine(to == 0
        ? $"{what}: node {from} reaches no other node"
        : $"{what} {from} -> {TablePrinter.Id(graph, to)}: {measure} {TablePrinter.Number(table[to])}");
}

// The longest of the finite shortest distances: the graph's diameter over reachable pairs.
void PrintDiameter(float[] distance)
{
    int n = graph.NodeCount;
    int best = -1;
    for (int i = 0; i < distance.Length; i++)
    {
        if (!float.IsPositiveInfinity(distance[i]) && (best < 0 || distance[i] > distance[best]))
        {
            best = i;
        }
    }

    int unreachable = distance.Count(float.IsPositiveInfinity);
    Console.WriteLine($"longest shortest route: {TablePrinter.Id(graph, best / n)} -> {TablePrinter.Id(graph, best % n)}, "
                      + $"length {TablePrinter.Number(distance[best])}; {unreachable} of {n * n} ordered pairs have no route");
}
