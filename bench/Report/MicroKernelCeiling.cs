using System;
using TensorGen.Kernels;

namespace TensorGen.Bench.Report;

/// <summary>
/// A semiring's own generated micro-kernels (both tiles of the path the kernels take), called again and again on
/// packed panels and a C tile that stay in L1, storing into C and accumulating into it: the work of a GEMM without its packing and its memory traffic, so
/// no GEMM of that semiring can be faster. The ceiling where a step's latency, not its throughput, bounds the
/// twelve-accumulator loop (log-sum-exp).
/// </summary>
internal sealed class MicroKernelCeiling<TOps, T>(string name, Func<int, T> operand) : CeilingLoop(name)
    where TOps : ISemiringOps<T>
    where T : unmanaged
{
    private const int Kc = 256;

    public override double Measure(TimingPolicy policy)
    {
        VectorPath path = KernelDispatch.Accelerated;
        double best = 0;
        foreach (TileVariant variant in (TileVariant[])[TileVariant.Primary, TileVariant.Alternate])
        foreach (bool accumulate in (bool[])[false, true])
        {
            MicroTile tile = TOps.Tile(path, variant);
            T[] a = Fill(tile.Rows * Kc, 0), b = Fill(Kc * tile.Columns, 7), c = Fill(tile.Rows * tile.Columns, 3);
            double opsPerCall = 2.0 * tile.Rows * tile.Columns * Kc;
            double rate = Timing.BestRate(repeats =>
            {
                for (long r = 0; r < repeats; r++)
                {
                    Call(path, variant, a, b, c, tile.Columns, accumulate);
                }

                return repeats * opsPerCall;
            }, policy.MinRunSeconds, policy.Runs);
            best = Math.Max(best, rate);
        }

        return best / 1e9;
    }

    private T[] Fill(int length, int offset)
    {
        var values = new T[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = operand(i + offset);
        }

        return values;
    }

    private static void Call(VectorPath path, TileVariant variant, T[] a, T[] b, T[] c, int ldc, bool accumulate)
    {
        bool alternate = variant == TileVariant.Alternate;
        switch (path)
        {
            case VectorPath.Vector512 when alternate: TOps.MicroKernel512Alternate(Kc, ref a[0], ref b[0], ref c[0], ldc, accumulate); break;
            case VectorPath.Vector512: TOps.MicroKernel512(Kc, ref a[0], ref b[0], ref c[0], ldc, accumulate); break;
            case VectorPath.Vector256 when alternate: TOps.MicroKernel256Alternate(Kc, ref a[0], ref b[0], ref c[0], ldc, accumulate); break;
            case VectorPath.Vector256: TOps.MicroKernel256(Kc, ref a[0], ref b[0], ref c[0], ldc, accumulate); break;
            case VectorPath.Vector128 when alternate: TOps.MicroKernel128Alternate(Kc, ref a[0], ref b[0], ref c[0], ldc, accumulate); break;
            case VectorPath.Vector128: TOps.MicroKernel128(Kc, ref a[0], ref b[0], ref c[0], ldc, accumulate); break;
            default: TOps.MicroKernelScalar(Kc, ref a[0], ref b[0], ref c[0], ldc, accumulate); break;
        }
    }
}

/// <summary>The faster of several ceilings for one step, each measured in the same run.</summary>
internal sealed class BestCeiling(string name, params CeilingLoop[] loops) : CeilingLoop(name)
{
    public override double Measure(TimingPolicy policy)
    {
        double best = 0;
        foreach (CeilingLoop loop in loops)
        {
            best = Math.Max(best, loop.Measure(policy));
        }

        return best;
    }
}
