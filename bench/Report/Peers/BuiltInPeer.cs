using System;
using TensorGen.Semirings;

namespace TensorGen.Bench.Report.Peers;

/// <summary>
/// For a user-declared semiring with the same operations as a built-in, the built-in's kernel on the same input:
/// the report shows whether a user's own declaration runs as fast as the library's (it should: same generator).
/// </summary>
internal sealed class BuiltInPeer : IPeer
{
    public string Name => "built-in";

    public Action? Prepare<TSemiring, T>(Workload<T> workload, T[] output, int threads)
        where TSemiring : struct, ISemiringKernels<TSemiring, T>
        where T : unmanaged
    {
        if (workload.Semiring.Name != UserSemirings.UserMaxPlusName || workload.Op != KernelOp.Gemm
            || workload.A is not float[] a || workload.B is not float[] b || output is not float[] c)
        {
            return null;
        }

        int n = workload.N;
        return () =>
        {
            using IDisposable scope = KernelThreads.Override(threads);
            MaxPlusSingle.MatMul(a, b, c, n, n, n);
        };
    }
}
