using System;
using TensorGen.Bench.Bdn;
using TensorGen.Bench.Machine;
using TensorGen.Bench.Report;

namespace TensorGen.Bench;

/// <summary>
/// Entry point: <c>report</c> runs the per-machine report, <c>bdn</c> the BenchmarkDotNet suites, <c>info</c>
/// prints the detected machine and chosen blocking, <c>tune</c> writes this CPU's tuning profile, <c>e3nn-export</c>
/// writes our equivariant kernels' outputs for <c>bench/E3nn/e3nn_compare.py</c> to check against e3nn.
/// Usage errors print one line on stderr and exit with code 2.
/// </summary>
internal static class Program
{
    private const string Usage =
        "usage: bench report [--quick] [--out DIR] [--only PREFIX,...] [--paths] | bench bdn [BenchmarkDotNet arguments] | "
        + InfoCommand.Usage + " | " + TuneCommand.Usage + " | " + E3nn.E3nnExportCommand.Usage;

    private static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine($"bench: no command given; {Usage}");
            return 2;
        }

        string command = args[0];
        string[] rest = args[1..];
        switch (command)
        {
            case "report":
                if (!ReportOptions.TryParse(rest, out ReportOptions? options, out string? error))
                {
                    Console.Error.WriteLine($"bench report: {error}; {Usage}");
                    return 2;
                }

                if (options.Help)
                {
                    Console.WriteLine(Usage);
                    return 0;
                }

                return ReportCommand.Run(options);

            case "bdn":
                return BdnCommand.Run(rest);

            case "info":
                return InfoCommand.Run(rest, Console.Out);

            case "tune":
                return TuneCommand.Run(rest, Console.Out);

            case "e3nn-export":
                return E3nn.E3nnExportCommand.Run(rest, Console.Out);

            case "help" or "-h" or "--help":
                Console.WriteLine(Usage);
                return 0;

            default:
                Console.Error.WriteLine($"bench: unknown command '{command}'; {Usage}");
                return 2;
        }
    }
}
