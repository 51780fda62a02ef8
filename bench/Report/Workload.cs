using System;

namespace TensorGen.Bench.Report;

/// <summary>The operation a case times.</summary>
internal enum KernelOp
{
    /// <summary>C = A ⊗ B, all n x n.</summary>
    Gemm,

    /// <summary>y = A ⊗ x, A n x n.</summary>
    Gemv,

    /// <summary>⊕ of x[i] ⊗ y[i] over n elements.</summary>
    Dot,

    /// <summary>In-place Kleene star of an n x n matrix.</summary>
    Closure,
}

/// <summary>How a result is compared with the naive loop's before it is timed.</summary>
internal enum Exactness
{
    /// <summary>Bit-identical: max, min, boolean and integer semirings, and sums of one rounded term.</summary>
    BitExact,

    /// <summary>Floating sums: |c - ref| &lt;= 2 k u |ref| (inputs are non-negative, so |A||B| = ref).</summary>
    SumBound,

    /// <summary>Log-sum-exp: |c - ref| &lt;= 4 k u max(1, |ref|), vector exp and log being a few ulps off.</summary>
    LogSumBound,
}

/// <summary>One semiring as the report names it: <c>max-plus</c>, <c>f32</c>, how its results compare and its ceiling loop.</summary>
internal sealed record SemiringKind(string Name, string Type, Exactness Exactness, CeilingLoop Ceiling);

/// <summary>The inputs of one case, made once from a fixed seed; <see cref="A"/> is the matrix (or x), <see cref="B"/> the second operand.</summary>
internal sealed class Workload<T>(SemiringKind semiring, KernelOp op, int n, T[] a, T[] b)
{
    public SemiringKind Semiring { get; } = semiring;

    public KernelOp Op { get; } = op;

    public int N { get; } = n;

    public T[] A { get; } = a;

    public T[] B { get; } = b;

    /// <summary>Elements of the result: n x n for products and closures, n for GEMV, 1 for a dot product.</summary>
    public int OutputLength => Op switch
    {
        KernelOp.Gemm or KernelOp.Closure => N * N,
        KernelOp.Gemv => N,
        _ => 1,
    };

    /// <summary>The inner dimension, which bounds the rounding error of a sum.</summary>
    public int Depth => N;

    public static Workload<T> Create(SemiringKind semiring, KernelOp op, int n, Func<Random, T> sample, int seed)
    {
        var random = new Random(seed);
        (int aLength, int bLength) = op switch
        {
            KernelOp.Gemm => (n * n, n * n),
            KernelOp.Gemv => (n * n, n),
            KernelOp.Dot => (n, n),
            _ => (n * n, 0),
        };
        var a = new T[aLength];
        var b = new T[bLength];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = sample(random);
        }

        for (int i = 0; i < b.Length; i++)
        {
            b[i] = sample(random);
        }

        return new Workload<T>(semiring, op, n, a, b);
    }
}
