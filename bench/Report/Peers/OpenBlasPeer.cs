using System;

namespace TensorGen.Bench.Report.Peers;

/// <summary>
/// OpenBLAS <c>cblas_sgemm</c> / <c>cblas_dgemm</c> (Debian <c>libopenblas0-pthread</c>) for plus-times GEMM,
/// single-threaded, row-major, no transposes, beta = 0.
/// </summary>
internal sealed unsafe class OpenBlasPeer : IPeer
{
    private const int RowMajor = 101, NoTrans = 111;
    private readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> _sgemm;
    private readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> _dgemm;

    public OpenBlasPeer(NativePeerLibrary library)
    {
        Library = library;
        if (!library.IsLoaded) return;
        _sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)library.Export("cblas_sgemm");
        _dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)library.Export("cblas_dgemm");
        ((delegate* unmanaged<int, void>)library.Export("openblas_set_num_threads"))(1);
    }

    public NativePeerLibrary Library { get; }

    public string Name => "openblas";

    public static OpenBlasPeer Load() => new(NativePeerLibrary.Load("OpenBLAS", "apt-get install -y libopenblas0-pthread",
        "libopenblas.so.0", "libopenblas.so", "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0"));

    public Action? Prepare<TSemiring, T>(Workload<T> workload, T[] output)
        where TSemiring : struct, ISemiringKernels<TSemiring, T>
        where T : unmanaged
    {
        if (!Library.IsLoaded || workload.Op != KernelOp.Gemm || workload.Semiring.Name != "plus-times")
        {
            return null;
        }

        int n = workload.N;
        return (workload.A, workload.B, output) switch
        {
            (float[] a, float[] b, float[] c) => () =>
            {
                fixed (float* pa = a, pb = b, pc = c) _sgemm(RowMajor, NoTrans, NoTrans, n, n, n, 1f, pa, n, pb, n, 0f, pc, n);
            },
            (double[] a, double[] b, double[] c) => () =>
            {
                fixed (double* pa = a, pb = b, pc = c) _dgemm(RowMajor, NoTrans, NoTrans, n, n, n, 1d, pa, n, pb, n, 0d, pc, n);
            },
            _ => null,
        };
    }
}
