using System;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;

namespace TensorGen.Bench.Report;

/// <summary>The flags of <c>bench report</c>.</summary>
/// <param name="Quick">Smaller sizes and shorter timings: a smoke run that finishes in about two minutes.</param>
/// <param name="OutputDirectory">Where <c>report.json</c> and <c>machine.json</c> go.</param>
/// <param name="Help">Print usage and exit.</param>
/// <param name="Only">Run only the cases whose id starts with one of these prefixes (<c>--only precision,algebra.perm</c>); empty runs everything.</param>
/// <param name="Paths">Also run the cases on the 256-bit path (<c>--paths</c>, <see cref="PathComparison"/>).</param>
internal sealed record ReportOptions(bool Quick, string OutputDirectory, bool Help, string[] Only, bool Paths = false)
{
    /// <summary>Whether a case or a family of cases (an id or an id prefix such as <c>precision</c>) is selected.</summary>
    public bool Wants(string idOrFamily) =>
        Only.Length == 0 || Only.Any(prefix => idOrFamily.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(idOrFamily, StringComparison.Ordinal));

    public static bool TryParse(string[] args, [NotNullWhen(true)] out ReportOptions? options, [NotNullWhen(false)] out string? error)
    {
        bool quick = false;
        bool help = false;
        bool paths = false;
        string? output = null;
        string[] only = [];
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--out":
                    if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        options = null;
                        error = "--out needs a directory";
                        return false;
                    }

                    output = args[++i];
                    break;
                case "--only":
                    if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        options = null;
                        error = "--only needs comma-separated id prefixes, e.g. --only precision,semiring.max-plus";
                        return false;
                    }

                    only = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    break;
                case "--paths":
                    paths = true;
                    break;
                case "-h" or "--help":
                    help = true;
                    break;
                default:
                    options = null;
                    error = $"unknown argument '{args[i]}'";
                    return false;
            }
        }

        options = new ReportOptions(quick, Path.GetFullPath(output ?? DefaultOutputDirectory()), help, only, paths);
        error = null;
        return true;
    }

    /// <summary><c>artifacts/report</c> under the repository root when the program runs from a build there, else under the working directory.</summary>
    private static string DefaultOutputDirectory()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
            {
                return Path.Combine(dir.FullName, "artifacts", "report");
            }
        }

        return Path.Combine("artifacts", "report");
    }
}
