using BenchmarkDotNet.Running;

namespace TensorGen.Bench.Bdn;

/// <summary><c>bench bdn [args]</c>: the BenchmarkDotNet suites, with BenchmarkDotNet's own command line (--filter, --job, --list …).</summary>
internal static class BdnCommand
{
    public static int Run(string[] args)
    {
        BenchmarkSwitcher switcher = BenchmarkSwitcher.FromTypes([typeof(MatMulBenchmarks)]);
        var summaries = switcher.Run(args.Length == 0 ? ["--filter", "*"] : args);
        foreach (var summary in summaries)
        {
            if (summary.HasCriticalValidationErrors)
            {
                return 1;
            }
        }

        return 0;
    }
}
