using System;
using System.Collections.Generic;
using System.Linq;
using TensorGen.Bench.Report.Peers;
using TensorGen.Kernels;
using TensorGen.Machine;

namespace TensorGen.Bench.Report;

/// <summary>A peer's figure for one case.</summary>
internal sealed record PeerResult(string Name, double GigaOps, Verdict Verdict);

/// <summary>Everything measured for one case, before the ceiling is attached.</summary>
internal sealed record CaseResult(KernelCase Case, double GigaOps, double MedianGigaOps, Verdict Verdict, IReadOnlyList<PeerResult> Peers,
                                  BlockingReport? Blocking = null);

/// <summary>
/// The cache blocking a GEMM case ran with and where it came from (<c>Profile</c>, <c>Model</c> or <c>Default</c>);
/// when it came from a tuning profile, <see cref="ModelGigaOps"/> is the same case timed with the analytic model's
/// blocking in the same run, so the report shows tuned against model (<see cref="TunedOverModel"/>). <see cref="Tile"/>
/// is the micro-kernel tile it ran (rows x columns of C); <see cref="OtherTileGigaOps"/> the same case timed on the
/// path's other tile in the same run (<see cref="OtherTile"/>), null on the scalar path, which has one.
/// </summary>
internal sealed record BlockingReport(string Source, int Kc, int Mc, int Nc, int ModelKc, int ModelMc, int ModelNc, double? ModelGigaOps, double? TunedOverModel,
                                      string Tile, string? OtherTile = null, double? OtherTileGigaOps = null);

/// <summary>One row of the report: an operation, a semiring and a size.</summary>
internal abstract class KernelCase(SemiringKind semiring, KernelOp op, int n, int threads)
{
    public SemiringKind Semiring { get; } = semiring;

    public KernelOp Op { get; } = op;

    public int N { get; } = n;

    /// <summary>Threads our kernel and the native peers run on (the naive reference runs on one).</summary>
    public int Threads { get; } = threads;

    public string Id => $"semiring.{Semiring.Name}.{Semiring.Type}.{OpName}.n{N}.t{Threads}";

    public string OpName => Op.ToString().ToLowerInvariant();

    /// <summary>Operations per call, two per ⊗⊕ step.</summary>
    public double Ops => Op switch
    {
        KernelOp.Gemm or KernelOp.Closure => 2.0 * N * N * N,
        KernelOp.Gemv => 2.0 * N * N,
        _ => 2.0 * N,
    };

    /// <summary>Bytes the operation must read at least once, for the memory side of the roofline.</summary>
    public abstract long OperandBytes { get; }

    /// <summary>Whether the case is bound by memory traffic rather than compute (one use per element read).</summary>
    public bool IsStreaming => Op is KernelOp.Gemv or KernelOp.Dot;

    public abstract CaseResult Run(IPeer reference, IReadOnlyList<IPeer> others, TimingPolicy policy);
}

/// <summary>A case over a concrete semiring <typeparamref name="TSemiring"/>, whose generated kernels are "ours".</summary>
/// <remarks>
/// <paramref name="ours"/> replaces the generated kernel as what is timed (e.g. the bit-packed or-and product): it returns
/// the timed action and an untimed one that leaves the result in the output for the check.
/// </remarks>
internal sealed class KernelCase<TSemiring, T>(SemiringKind semiring, KernelOp op, int n, Func<Random, T> sample,
                                               int threads = 1, Func<Workload<T>, T[], (Action Run, Action? Finish)>? ours = null)
    : KernelCase(semiring, op, n, threads)
    where TSemiring : struct, ISemiringKernels<TSemiring, T>
    where T : unmanaged
{
    public override long OperandBytes => Op switch
    {
        KernelOp.Gemv => ((long)N * N + N) * System.Runtime.CompilerServices.Unsafe.SizeOf<T>(),
        _ => 2L * N * System.Runtime.CompilerServices.Unsafe.SizeOf<T>(),
    };

    public override CaseResult Run(IPeer reference, IReadOnlyList<IPeer> others, TimingPolicy policy)
    {
        Workload<T> workload = Workload<T>.Create(Semiring, Op, N, sample, seed: StableSeed(Id));

        var expected = new T[workload.OutputLength];
        Action naive = reference.Prepare<TSemiring, T>(workload, expected, 1)
            ?? throw new InvalidOperationException($"The reference peer '{reference.Name}' cannot run {Id}.");
        double naiveFirst = Timing.TimeOnce(naive);

        var actual = new T[workload.OutputLength];
        (Action kernel, Action? finish) = ours?.Invoke(workload, actual) ?? (Ours(workload, actual), null);
        int threadCount = Threads;
        Action timed = () =>
        {
            using IDisposable scope = KernelThreads.Override(threadCount);
            kernel();
        };
        double oursFirst = Timing.TimeOnce(timed);
        finish?.Invoke();
        Verdict verdict = Verification.Compare<T>(actual, expected, Semiring.Exactness, workload.Depth);

        Measurement oursTime = Timing.Measure(timed, oursFirst, policy);
        var peers = new List<PeerResult>
        {
            new(reference.Name, Ops / Timing.Measure(naive, naiveFirst, policy).BestSeconds / 1e9, Verdict.Pass),
        };

        foreach (IPeer peer in others)
        {
            var output = new T[workload.OutputLength];
            if (peer.Prepare<TSemiring, T>(workload, output, Threads) is not Action run)
            {
                continue;
            }

            double first = Timing.TimeOnce(run);
            Verdict peerVerdict = Verification.Compare<T>(output, expected, Semiring.Exactness, workload.Depth);
            peers.Add(new PeerResult(peer.Name, Ops / Timing.Measure(run, first, policy).BestSeconds / 1e9, peerVerdict));
        }

        double gigaOps = Ops / oursTime.BestSeconds / 1e9;
        BlockingReport? blocking = Op == KernelOp.Gemm && ours is null ? MeasureBlocking(timed, gigaOps, policy) : null;
        return new CaseResult(this, gigaOps, Ops / oursTime.MedianSeconds / 1e9, verdict, peers, blocking);
    }

    /// <summary>The blocking the generated GEMM used; when tuned, the model's blocking timed beside it.</summary>
    /// <remarks>
    /// Each variant is timed from its own first call: <see cref="Timing.Measure"/> keeps the first call's time as a
    /// candidate for the best, so passing the default variant's first call made the other tile's figure that call's
    /// whenever it was the fastest (the report once showed max-plus n = 1024 at 36.5958… G ops/s on both tiles).
    /// </remarks>
    private BlockingReport? MeasureBlocking(Action timed, double gigaOps, TimingPolicy policy)
    {
        if (Machine.ElementKind.All.FirstOrDefault(k => k.Name == Semiring.Type) is not Machine.ElementKind kind)
        {
            return null;
        }

        VectorPath path = KernelDispatch.Current;
        // The built-in plus-times over floating point is the one step the generator marks IsFusedMultiplyAdd.
        bool fusedMultiplyAdd = Semiring.Name == "plus-times" && Semiring.Type is "f32" or "f64";
        (MicroTile tile, TileVariant variant) = kind.Chosen(path, fusedMultiplyAdd);
        BlockingChoice used = GemmBlocking.Choose(path, tile, kind.Size);
        GemmBlocking model = BlockingModel.Compute(CpuInfo.Current, tile, kind.Size).Blocking;
        double? modelGigaOps = null;
        if (used.KcSource == InfoSource.Profile && used.Blocking == model)
        {
            modelGigaOps = gigaOps; // the tuner kept the model's answer: the same run, nothing to time twice
        }
        else if (used.KcSource == InfoSource.Profile)
        {
            using (GemmBlocking.Override(model))
            {
                modelGigaOps = Ops / Timing.Measure(timed, Timing.TimeOnce(timed), policy).BestSeconds / 1e9;
            }
        }

        string? otherTile = null;
        double? otherGigaOps = null;
        if (path != VectorPath.Scalar)
        {
            TileVariant other = variant == TileVariant.Primary ? TileVariant.Alternate : TileVariant.Primary;
            MicroTile otherShape = kind.Tile(path, other);
            otherTile = $"{otherShape.Rows}x{otherShape.Columns}";
            using (GemmTiles.Override(other))
            {
                otherGigaOps = Ops / Timing.Measure(timed, Timing.TimeOnce(timed), policy).BestSeconds / 1e9;
            }
        }

        return new BlockingReport(used.KcSource.ToString(), used.Blocking.Kc, used.Blocking.Mc, used.Blocking.Nc,
                                  model.Kc, model.Mc, model.Nc, modelGigaOps, gigaOps / modelGigaOps,
                                  $"{tile.Rows}x{tile.Columns}", otherTile, otherGigaOps);
    }

    /// <summary>A seed from the case id that, unlike <see cref="string.GetHashCode()"/>, is the same in every process.</summary>
    private static int StableSeed(string id)
    {
        int seed = 17;
        foreach (char c in id)
        {
            seed = unchecked(seed * 31 + c);
        }

        return seed;
    }

    /// <summary>The generated kernel for this operation, writing into <paramref name="output"/>.</summary>
    private static Action Ours(Workload<T> w, T[] output)
    {
        T[] a = w.A;
        T[] b = w.B;
        int n = w.N;
        return w.Op switch
        {
            KernelOp.Gemm => () => TSemiring.MatMul(a, b, output, n, n, n),
            KernelOp.Gemv => () => TSemiring.MatVec(a, b, output, n, n),
            KernelOp.Dot => () => output[0] = TSemiring.Dot(a, b),
            _ => () =>
            {
                a.CopyTo(output, 0);
                TSemiring.Closure(output, n);
            },
        };
    }
}
