using System;

namespace TensorGen.Bench.Report.Peers;

/// <summary>
/// Another implementation of a case's work, timed beside ours in the same run: the naive loop now;
/// OpenBLAS <c>cblas_sgemm</c> and SuiteSparse:GraphBLAS <c>GrB_mxm</c> are meant to plug in here.
/// </summary>
internal interface IPeer
{
    /// <summary>The name the report prints and writes as <c>peer</c>.</summary>
    string Name { get; }

    /// <summary>
    /// An action that does <paramref name="workload"/>'s work and leaves the result in <paramref name="output"/>
    /// (for a closure: copies the input there and closes it in place), or null when this peer has no such
    /// operation for this semiring and type. Preparation (allocation, handles, packing a library needs)
    /// happens here, outside the timed action.
    /// </summary>
    Action? Prepare<TSemiring, T>(Workload<T> workload, T[] output)
        where TSemiring : struct, ISemiringKernels<TSemiring, T>
        where T : unmanaged;
}
