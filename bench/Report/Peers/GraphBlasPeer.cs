using System;
using System.Collections.Generic;

namespace TensorGen.Bench.Report.Peers;

/// <summary>
/// SuiteSparse:GraphBLAS <c>GrB_mxm</c> (Debian <c>libgraphblas7</c>) with the built-in semiring matching the
/// case (max-plus, min-plus, max-min, or-and, plus-times), on the same dense inputs and the case's thread count
/// (<c>GxB_NTHREADS</c>, read back to confirm). Semirings and types are exported variables.
/// </summary>
internal sealed unsafe class GraphBlasPeer : IPeer
{
    private const int GrBBlocking = 1;
    private const int GxBNthreads = 5; // GxB_Option_Field GxB_NTHREADS (GraphBLAS.h)
    private readonly NativePeerLibrary _library;
    private readonly delegate* unmanaged<IntPtr*, IntPtr, ulong, ulong, int> _matrixNew;
    private readonly delegate* unmanaged<IntPtr*, int> _matrixFree;
    private readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int> _mxm;

    private static readonly Dictionary<(string Semiring, string Type), string> s_semirings = new()
    {
        [("plus-times", "f32")] = "GrB_PLUS_TIMES_SEMIRING_FP32",
        [("max-plus", "f32")] = "GrB_MAX_PLUS_SEMIRING_FP32",
        [("min-plus", "f32")] = "GrB_MIN_PLUS_SEMIRING_FP32",
        [("min-plus", "f64")] = "GrB_MIN_PLUS_SEMIRING_FP64",
        [("min-plus", "i32")] = "GrB_MIN_PLUS_SEMIRING_INT32",
        [("max-min", "f32")] = "GrB_MAX_MIN_SEMIRING_FP32",
        [("or-and", "bool")] = "GrB_LOR_LAND_SEMIRING_BOOL",
        [("or-and", "bits")] = "GrB_LOR_LAND_SEMIRING_BOOL",
    };

    private GraphBlasPeer(NativePeerLibrary library)
    {
        _library = library;
        if (!library.IsLoaded) return;
        int info = ((delegate* unmanaged<int, int>)library.Export("GrB_init"))(GrBBlocking);
        if (info != 0)
        {
            throw new InvalidOperationException($"GrB_init returned {info}.");
        }

        _matrixNew = (delegate* unmanaged<IntPtr*, IntPtr, ulong, ulong, int>)library.Export("GrB_Matrix_new");
        _matrixFree = (delegate* unmanaged<IntPtr*, int>)library.Export("GrB_Matrix_free");
        _mxm = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int>)library.Export("GrB_mxm");
        _setInt32 = (delegate* unmanaged<int, int, int>)library.Export("GxB_Global_Option_set_INT32");
        _getInt32 = (delegate* unmanaged<int, int*, int>)library.Export("GxB_Global_Option_get_INT32");
        uint version = 0, subversion = 0;
        ((delegate* unmanaged<uint*, uint*, int>)library.Export("GrB_getVersion"))(&version, &subversion);
        Kernel = $"GraphBLAS API {version}.{subversion}, {library.Status}";
    }

    private readonly delegate* unmanaged<int, int, int> _setInt32;
    private readonly delegate* unmanaged<int, int*, int> _getInt32;

    /// <inheritdoc/>
    public string? Kernel { get; }

    public NativePeerLibrary Library => _library;

    public string Name => "graphblas";

    public static GraphBlasPeer Load()
    {
        return new GraphBlasPeer(NativePeerLibrary.Load("SuiteSparse:GraphBLAS", "apt-get install -y libgraphblas7",
            "libgraphblas.so.7", "libgraphblas.so"));
    }

    public Action? Prepare<TSemiring, T>(Workload<T> workload, T[] output, int threads)
        where TSemiring : struct, ISemiringKernels<TSemiring, T>
        where T : unmanaged
    {
        if (!_library.IsLoaded || workload.Op != KernelOp.Gemm
            || !s_semirings.TryGetValue((workload.Semiring.Name, workload.Semiring.Type), out string? semiringName))
        {
            return null;
        }

        int actual = 0;
        Check(_setInt32(GxBNthreads, threads), "GxB_Global_Option_set(GxB_NTHREADS)");
        Check(_getInt32(GxBNthreads, &actual), "GxB_Global_Option_get(GxB_NTHREADS)");
        if (actual != threads)
        {
            throw new InvalidOperationException($"GraphBLAS runs {actual} threads where {threads} were set.");
        }

        string suffix = workload.Semiring.Type switch { "f32" => "FP32", "f64" => "FP64", "i32" => "INT32", _ => "BOOL" };
        IntPtr type = _library.Variable("GrB_" + suffix);
        IntPtr semiring = _library.Variable(semiringName);
        var build = (delegate* unmanaged<IntPtr, ulong*, ulong*, T*, ulong, IntPtr, int>)_library.Export("GrB_Matrix_build_" + suffix);
        var extract = (delegate* unmanaged<ulong*, ulong*, T*, ulong*, IntPtr, int>)_library.Export("GrB_Matrix_extractTuples_" + suffix);

        int n = workload.N;
        IntPtr a = Dense(type, build, workload.A, n);
        IntPtr b = Dense(type, build, workload.B, n);
        IntPtr c = NewMatrix(type, n);
        var rows = new ulong[(long)n * n];
        var columns = new ulong[(long)n * n];
        var values = new T[(long)n * n];
        return () =>
        {
            Check(_mxm(c, IntPtr.Zero, IntPtr.Zero, semiring, a, b, IntPtr.Zero), "GrB_mxm");
            ulong count = (ulong)values.Length;
            fixed (ulong* i = rows, j = columns)
            fixed (T* x = values)
            {
                Check(extract(i, j, x, &count, c), "GrB_Matrix_extractTuples");
            }

            // Entries GraphBLAS leaves out are the semiring's Zero.
            Array.Fill(output, TSemiring.Zero);
            for (ulong e = 0; e < count; e++)
            {
                output[(long)rows[e] * n + (long)columns[e]] = values[e];
            }
        };
    }

    private IntPtr Dense<T>(IntPtr type, delegate* unmanaged<IntPtr, ulong*, ulong*, T*, ulong, IntPtr, int> build, T[] values, int n)
        where T : unmanaged
    {
        IntPtr matrix = NewMatrix(type, n);
        var rows = new ulong[values.Length];
        var columns = new ulong[values.Length];
        for (int e = 0; e < values.Length; e++)
        {
            rows[e] = (ulong)(e / n);
            columns[e] = (ulong)(e % n);
        }

        fixed (ulong* i = rows, j = columns)
        fixed (T* x = values)
        {
            Check(build(matrix, i, j, x, (ulong)values.Length, IntPtr.Zero), "GrB_Matrix_build");
        }

        return matrix;
    }

    private IntPtr NewMatrix(IntPtr type, int n)
    {
        IntPtr matrix;
        Check(_matrixNew(&matrix, type, (ulong)n, (ulong)n), "GrB_Matrix_new");
        return matrix;
    }

    private static void Check(int info, string call)
    {
        if (info != 0)
        {
            throw new InvalidOperationException($"{call} returned GrB_Info {info}.");
        }
    }
}
