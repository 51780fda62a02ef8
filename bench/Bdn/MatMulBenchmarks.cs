using System;
using BenchmarkDotNet.Attributes;
using TensorGen.Bench.Report.Peers;
using TensorGen.Semirings;

namespace TensorGen.Bench.Bdn;

/// <summary>Square MatMul, max-plus and plus-times f32, against the naive i-k-j max-plus loop (the baseline).</summary>
[MemoryDiagnoser]
public class MatMulBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    /// <summary>The order of the matrices.</summary>
    [Params(64, 256, 512)]
    public int N { get; set; }

    /// <summary>Fills A and B with values in [-1, 1) from a fixed seed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _a = new float[N * N];
        _b = new float[N * N];
        _c = new float[N * N];
        for (int i = 0; i < _a.Length; i++)
        {
            _a[i] = 2 * random.NextSingle() - 1;
            _b[i] = 2 * random.NextSingle() - 1;
        }
    }

    /// <summary>The loop a user would write.</summary>
    [Benchmark(Baseline = true)]
    public void NaiveMaxPlus() => NaiveKernels.MatMul<MaxPlusSingle, float>(_a, _b, _c, N, N, N);

    /// <summary>The generated max-plus kernel.</summary>
    [Benchmark]
    public void MaxPlus() => MaxPlusSingle.MatMul(_a, _b, _c, N, N, N);

    /// <summary>The generated plus-times kernel.</summary>
    [Benchmark]
    public void PlusTimes() => PlusTimesSingle.MatMul(_a, _b, _c, N, N, N);
}
