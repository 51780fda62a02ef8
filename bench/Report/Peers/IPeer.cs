using System;

namespace TensorGen.Bench.Report.Peers;

/// <summary>
/// Another implementation of a case's work, timed beside ours in the same run and on the same number of threads:
/// the naive loop, our own built-in kernels, OpenBLAS <c>cblas_sgemm</c> and SuiteSparse:GraphBLAS <c>GrB_mxm</c>.
/// </summary>
internal interface IPeer
{
    /// <summary>The name the report prints and writes as <c>peer</c>.</summary>
    string Name { get; }

    /// <summary>What this peer runs, for the report's peer line: library version, kernel, forced settings; or null.</summary>
    string? Kernel => null;

    /// <summary>
    /// An action that does <paramref name="workload"/>'s work on <paramref name="threads"/> threads (a peer that cannot
    /// choose runs on its own count and says so in <see cref="Kernel"/>) and leaves the result in <paramref name="output"/>
    /// (for a closure: copies the input there and closes it in place), or null when this peer has no such
    /// operation for this semiring and type. Preparation (allocation, handles, packing a library needs)
    /// happens here, outside the timed action.
    /// </summary>
    Action? Prepare<TSemiring, T>(Workload<T> workload, T[] output, int threads)
        where TSemiring : struct, ISemiringKernels<TSemiring, T>
        where T : unmanaged;
}
