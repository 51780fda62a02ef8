using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TensorGen.Bench.Report;

/// <summary>The outcome of comparing a kernel's result with the naive loop's.</summary>
/// <param name="Agrees">Whether every element is within the case's exactness class.</param>
/// <param name="Detail">The first disagreeing element when it does not agree.</param>
internal readonly record struct Verdict(bool Agrees, string? Detail)
{
    public static Verdict Pass { get; } = new(true, null);
}

/// <summary>Element-wise comparison in the exactness class of the case (see <see cref="Exactness"/>).</summary>
internal static class Verification
{
    public static Verdict Compare<T>(ReadOnlySpan<T> ours, ReadOnlySpan<T> reference, Exactness exactness, int depth)
        where T : unmanaged
    {
        if (exactness == Exactness.BitExact || (typeof(T) != typeof(float) && typeof(T) != typeof(double)))
        {
            ReadOnlySpan<byte> x = MemoryMarshal.AsBytes(ours);
            ReadOnlySpan<byte> y = MemoryMarshal.AsBytes(reference);
            if (x.SequenceEqual(y))
            {
                return Verdict.Pass;
            }

            for (int i = 0; i < ours.Length; i++)
            {
                if (!MemoryMarshal.AsBytes(ours.Slice(i, 1)).SequenceEqual(MemoryMarshal.AsBytes(reference.Slice(i, 1))))
                {
                    return new Verdict(false, $"element {i}: {ours[i]} vs naive {reference[i]} (bit-exact expected)");
                }
            }
        }

        double unit = typeof(T) == typeof(float) ? Math.Pow(2, -24) : Math.Pow(2, -53);
        for (int i = 0; i < ours.Length; i++)
        {
            double got = ToDouble(ours[i]);
            double want = ToDouble(reference[i]);
            if (got == want || (double.IsNaN(got) && double.IsNaN(want)))
            {
                continue;
            }

            double bound = exactness == Exactness.SumBound
                ? 2.0 * depth * unit * Math.Abs(want)
                : 4.0 * depth * unit * Math.Max(1.0, Math.Abs(want));
            if (!(Math.Abs(got - want) <= bound))
            {
                return new Verdict(false, $"element {i}: {got:R} vs naive {want:R}, |diff| {Math.Abs(got - want):G3} > bound {bound:G3}");
            }
        }

        return Verdict.Pass;
    }

    private static double ToDouble<T>(T value)
        where T : unmanaged
        => typeof(T) == typeof(float) ? Unsafe.As<T, float>(ref value) : Unsafe.As<T, double>(ref value);
}
