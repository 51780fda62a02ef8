using System.Collections.Generic;

namespace TensorGen.Bench.Report;

/// <summary>One row of <c>report.json</c>. Throughputs are G ops/s, two ops per ⊗⊕ step.</summary>
/// <param name="Id">Stable id, e.g. <c>semiring.max-plus.f32.gemm.n1024.t1</c>.</param>
/// <param name="Ours">The generated kernel's best run.</param>
/// <param name="OursMedian">The median of its runs.</param>
/// <param name="Peer">The strongest peer measured in this run, or null.</param>
/// <param name="PeerValue">That peer's best run.</param>
/// <param name="Ratio"><see cref="Ours"/> / <see cref="PeerValue"/>.</param>
/// <param name="Ceiling">This machine's ceiling for the case, measured in this run.</param>
/// <param name="CeilingKind"><c>compute</c> (in-register loop) or <c>bandwidth</c> (streaming read of the operands).</param>
/// <param name="CeilingLoop">What the ceiling loop ran.</param>
/// <param name="FractionOfCeiling"><see cref="Ours"/> / <see cref="Ceiling"/>.</param>
/// <param name="Verified">Whether our result agreed with the naive loop's before timing.</param>
/// <param name="Mismatch">The first disagreement when not verified.</param>
/// <param name="Peers">Every peer that ran, by name.</param>
/// <param name="Blocking">For generated GEMM cases: the kc/mc/nc used, their source, and the model's blocking timed beside a tuned one.</param>
/// <param name="Vector256Ours">With <c>--paths</c> on a 512-bit machine: the same case on the 256-bit path (<see cref="PathComparison"/>).</param>
internal sealed record ReportRow(
    string Id,
    string Semiring,
    string Type,
    string Op,
    int N,
    int Threads,
    string VectorPath,
    double Ours,
    double OursMedian,
    string? Peer,
    double? PeerValue,
    double? Ratio,
    double Ceiling,
    string CeilingKind,
    string CeilingLoop,
    double FractionOfCeiling,
    bool Verified,
    string? Mismatch,
    IReadOnlyDictionary<string, double> Peers,
    BlockingReport? Blocking = null,
    double? Vector256Ours = null);
