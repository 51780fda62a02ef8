namespace ShortestPaths;

/// <summary>A directed, weighted arc, with the input line it came from (for error messages).</summary>
public readonly record struct Arc(int From, int To, float Weight, int Line);

/// <summary>A graph as read from a file: nodes are numbered 0..<see cref="NodeCount"/>-1 inside the program.</summary>
/// <param name="NodeCount">The number of nodes.</param>
/// <param name="Arcs">The arcs, parallel arcs included.</param>
/// <param name="FirstId">The id the file gives node 0: 1 for DIMACS, 0 for an edge list.</param>
/// <param name="Format">The format that was detected.</param>
public sealed record Graph(int NodeCount, IReadOnlyList<Arc> Arcs, int FirstId, string Format);

/// <summary>A problem with the input, with a message fit to show the user as it is.</summary>
public sealed class GraphFormatException(string message) : Exception(message);
