using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TensorGen.Bench.Report;

/// <summary>
/// This machine's compute ceiling for one semiring step: 12 independent vector accumulators (a 6 x 2 register
/// tile, the shape of a GEMM micro-kernel) updated by <c>acc ⊕ (a ⊗ b)</c>, with operands loaded and broadcast
/// from a small L1-resident panel so the JIT cannot hoist <c>a ⊗ b</c> out of the loop. Measured at the vector
/// width the kernels take (<see cref="KernelDispatch.Accelerated"/>; 128-bit when nothing is accelerated).
/// </summary>
internal abstract class CeilingLoop(string name)
{
    /// <summary>What the loop runs, e.g. <c>12 x add+max f32</c>.</summary>
    public string Name { get; } = name;

    /// <summary>G ops/s (two per step per lane).</summary>
    public abstract double Measure(TimingPolicy policy);
}

/// <remarks><paramref name="entriesPerLane"/> counts semiring entries per vector lane: 1, or 64 for bit-packed u64 lanes.</remarks>
internal sealed unsafe class CeilingLoop<TStep, T>(string name, Func<int, T> operand, int entriesPerLane = 1) : CeilingLoop(name)
    where TStep : struct, IVectorStep<T>
    where T : unmanaged
{
    private const int Rows = 6;
    private const int Depth = 64;

    public override double Measure(TimingPolicy policy)
    {
        int width = KernelDispatch.Accelerated switch
        {
            VectorPath.Vector512 => Vector512<T>.Count,
            VectorPath.Vector256 => Vector256<T>.Count,
            _ => Vector128<T>.Count,
        };
        var a = new T[Depth * Rows];
        var b = new T[Depth * 2 * width];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = operand(i);
        }

        for (int i = 0; i < b.Length; i++)
        {
            b[i] = operand(i + 7);
        }

        T* sink = stackalloc T[Vector512<T>.Count];
        double opsPerRepeat = 2.0 * Depth * Rows * 2 * width * entriesPerLane;
        fixed (T* pa = a)
        fixed (T* pb = b)
        {
            T* ap = pa;
            T* bp = pb;
            Func<long, double> run = KernelDispatch.Accelerated switch
            {
                VectorPath.Vector512 => repeats => { Loop512(ap, bp, repeats).Store(sink); return repeats * opsPerRepeat; },
                VectorPath.Vector256 => repeats => { Loop256(ap, bp, repeats).Store(sink); return repeats * opsPerRepeat; },
                _ => repeats => { Loop128(ap, bp, repeats).Store(sink); return repeats * opsPerRepeat; },
            };
            return Timing.BestRate(run, policy.MinRunSeconds, policy.Runs) / 1e9;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static Vector256<T> Loop256(T* a, T* b, long repeats)
    {
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        int w = Vector256<T>.Count;
        for (long r = 0; r < repeats; r++)
        {
            T* pa = a;
            T* pb = b;
            for (int p = 0; p < Depth; p++)
            {
                Vector256<T> b0 = Vector256.Load(pb);
                Vector256<T> b1 = Vector256.Load(pb + w);
                Vector256<T> ai = Vector256.Create(pa[0]);
                c00 = TStep.Step(c00, ai, b0);
                c01 = TStep.Step(c01, ai, b1);
                ai = Vector256.Create(pa[1]);
                c10 = TStep.Step(c10, ai, b0);
                c11 = TStep.Step(c11, ai, b1);
                ai = Vector256.Create(pa[2]);
                c20 = TStep.Step(c20, ai, b0);
                c21 = TStep.Step(c21, ai, b1);
                ai = Vector256.Create(pa[3]);
                c30 = TStep.Step(c30, ai, b0);
                c31 = TStep.Step(c31, ai, b1);
                ai = Vector256.Create(pa[4]);
                c40 = TStep.Step(c40, ai, b0);
                c41 = TStep.Step(c41, ai, b1);
                ai = Vector256.Create(pa[5]);
                c50 = TStep.Step(c50, ai, b0);
                c51 = TStep.Step(c51, ai, b1);
                pa += Rows;
                pb += 2 * w;
            }
        }

        return c00 ^ c01 ^ c10 ^ c11 ^ c20 ^ c21 ^ c30 ^ c31 ^ c40 ^ c41 ^ c50 ^ c51;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static Vector512<T> Loop512(T* a, T* b, long repeats)
    {
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        int w = Vector512<T>.Count;
        for (long r = 0; r < repeats; r++)
        {
            T* pa = a;
            T* pb = b;
            for (int p = 0; p < Depth; p++)
            {
                Vector512<T> b0 = Vector512.Load(pb);
                Vector512<T> b1 = Vector512.Load(pb + w);
                Vector512<T> ai = Vector512.Create(pa[0]);
                c00 = TStep.Step(c00, ai, b0);
                c01 = TStep.Step(c01, ai, b1);
                ai = Vector512.Create(pa[1]);
                c10 = TStep.Step(c10, ai, b0);
                c11 = TStep.Step(c11, ai, b1);
                ai = Vector512.Create(pa[2]);
                c20 = TStep.Step(c20, ai, b0);
                c21 = TStep.Step(c21, ai, b1);
                ai = Vector512.Create(pa[3]);
                c30 = TStep.Step(c30, ai, b0);
                c31 = TStep.Step(c31, ai, b1);
                ai = Vector512.Create(pa[4]);
                c40 = TStep.Step(c40, ai, b0);
                c41 = TStep.Step(c41, ai, b1);
                ai = Vector512.Create(pa[5]);
                c50 = TStep.Step(c50, ai, b0);
                c51 = TStep.Step(c51, ai, b1);
                pa += Rows;
                pb += 2 * w;
            }
        }

        return c00 ^ c01 ^ c10 ^ c11 ^ c20 ^ c21 ^ c30 ^ c31 ^ c40 ^ c41 ^ c50 ^ c51;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static Vector128<T> Loop128(T* a, T* b, long repeats)
    {
        Vector128<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector128<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        int w = Vector128<T>.Count;
        for (long r = 0; r < repeats; r++)
        {
            T* pa = a;
            T* pb = b;
            for (int p = 0; p < Depth; p++)
            {
                Vector128<T> b0 = Vector128.Load(pb);
                Vector128<T> b1 = Vector128.Load(pb + w);
                Vector128<T> ai = Vector128.Create(pa[0]);
                c00 = TStep.Step(c00, ai, b0);
                c01 = TStep.Step(c01, ai, b1);
                ai = Vector128.Create(pa[1]);
                c10 = TStep.Step(c10, ai, b0);
                c11 = TStep.Step(c11, ai, b1);
                ai = Vector128.Create(pa[2]);
                c20 = TStep.Step(c20, ai, b0);
                c21 = TStep.Step(c21, ai, b1);
                ai = Vector128.Create(pa[3]);
                c30 = TStep.Step(c30, ai, b0);
                c31 = TStep.Step(c31, ai, b1);
                ai = Vector128.Create(pa[4]);
                c40 = TStep.Step(c40, ai, b0);
                c41 = TStep.Step(c41, ai, b1);
                ai = Vector128.Create(pa[5]);
                c50 = TStep.Step(c50, ai, b0);
                c51 = TStep.Step(c51, ai, b1);
                pa += Rows;
                pb += 2 * w;
            }
        }

        return c00 ^ c01 ^ c10 ^ c11 ^ c20 ^ c21 ^ c30 ^ c31 ^ c40 ^ c41 ^ c50 ^ c51;
    }
}
