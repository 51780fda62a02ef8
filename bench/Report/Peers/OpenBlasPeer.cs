using System;
using System.Runtime.InteropServices;

namespace TensorGen.Bench.Report.Peers;

/// <summary>
/// OpenBLAS <c>cblas_sgemm</c> / <c>cblas_dgemm</c> (Debian <c>libopenblas0-pthread</c>) for plus-times GEMM,
/// row-major, no transposes, beta = 0, on the case's thread count (<c>openblas_set_num_threads</c>). <see cref="Kernel"/>
/// names the kernel OpenBLAS chose (<c>openblas_get_corename</c>) and whether <c>OPENBLAS_CORETYPE</c> forced it.
/// </summary>
internal sealed unsafe class OpenBlasPeer : IPeer
{
    private const int RowMajor = 101, NoTrans = 111;
    private readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> _sgemm;
    private readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> _dgemm;
    private readonly delegate* unmanaged<int, void> _setThreads;

    public OpenBlasPeer(NativePeerLibrary library)
    {
        Library = library;
        if (!library.IsLoaded) return;
        _sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)library.Export("cblas_sgemm");
        _dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)library.Export("cblas_dgemm");
        _setThreads = (delegate* unmanaged<int, void>)library.Export("openblas_set_num_threads");
        _setThreads(1);
        string core = Marshal.PtrToStringAnsi(((delegate* unmanaged<IntPtr>)library.Export("openblas_get_corename"))()) ?? "?";
        string config = Marshal.PtrToStringAnsi(((delegate* unmanaged<IntPtr>)library.Export("openblas_get_config"))()) ?? "?";
        string? forced = Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE");
        string? l2 = Environment.GetEnvironmentVariable("OPENBLAS_L2_SIZE");
        Kernel = $"kernel {core} ({config.Trim()})"
                 + (string.IsNullOrEmpty(forced) ? ", chosen by OpenBLAS for this CPU" : $", forced by OPENBLAS_CORETYPE={forced}")
                 + (string.IsNullOrEmpty(l2) ? "" : $", OPENBLAS_L2_SIZE={l2}")
                 + (string.IsNullOrEmpty(forced) && string.IsNullOrEmpty(l2) ? ""
                     : "; for OpenBLAS's own kernel run the report under `env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE`");
    }

    /// <inheritdoc/>
    public string? Kernel { get; }

    public NativePeerLibrary Library { get; }

    public string Name => "openblas";

    public static OpenBlasPeer Load() => new(NativePeerLibrary.Load("OpenBLAS", "apt-get install -y libopenblas0-pthread",
        "libopenblas.so.0", "libopenblas.so", "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0"));

    public Action? Prepare<TSemiring, T>(Workload<T> workload, T[] output, int threads)
        where TSemiring : struct, ISemiringKernels<TSemiring, T>
        where T : unmanaged
    {
        if (!Library.IsLoaded || workload.Op != KernelOp.Gemm || workload.Semiring.Name != "plus-times")
        {
            return null;
        }

        int n = workload.N;
        _setThreads(threads);
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
