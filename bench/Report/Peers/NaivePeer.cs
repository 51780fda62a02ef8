using System;

namespace TensorGen.Bench.Report.Peers;

/// <summary>The loop a user would write without TensorGen; also the reference every kernel is checked against.</summary>
internal sealed class NaivePeer : IPeer
{
    public string Name => "naive";

    public Action? Prepare<TSemiring, T>(Workload<T> workload, T[] output, int threads)
        where TSemiring : struct, ISemiringKernels<TSemiring, T>
        where T : unmanaged
    {
        T[] a = workload.A;
        T[] b = workload.B;
        int n = workload.N;
        return workload.Op switch
        {
            KernelOp.Gemm => () => NaiveKernels.MatMul<TSemiring, T>(a, b, output, n, n, n),
            KernelOp.Gemv => () => NaiveKernels.MatVec<TSemiring, T>(a, b, output, n, n),
            KernelOp.Dot => () => output[0] = NaiveKernels.Dot<TSemiring, T>(a, b),
            KernelOp.Closure => () =>
            {
                a.CopyTo(output, 0);
                NaiveKernels.FloydWarshall<TSemiring, T>(output, n);
            },
            _ => null,
        };
    }
}
