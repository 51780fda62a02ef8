using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TensorGen.Numerics;

namespace TensorGen.Precision;

public static partial class PrecisionKernels
{
    /// <summary>
    /// The posit8 dot product on x86 (256-bit path): each posit indexes the 1 KiB float table
    /// (<see cref="PositTables.Posit8"/>) with a plain scalar load, eight loads filling one vector, instead of a
    /// <c>vgatherdps</c>: on Zen 3 the eight independent loads and inserts ran 1.6–1.8x faster than the microcoded
    /// gather (A/B in one process, 32,768 elements). The posits are read eight bytes at a time and split in general
    /// registers. Two accumulators; the tail goes through the same table. For 16-bit posits the plain loads ran at the
    /// gather's speed (0.93–1.02x, 256 KiB table); building the float bits in registers
    /// (<see cref="PositVectorDecode256.Decode16Avx2"/>) was ahead of both in six of seven report runs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe float Posit8TableDot(ref byte a, ref float x, int n)
    {
        float* table = PositTables.Posit8;
        Vector256<float> acc0 = Vector256<float>.Zero, acc1 = Vector256<float>.Zero;
        int i = 0;
        for (; i <= n - 16; i += 16)
        {
            ulong w0 = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref a, i));
            ulong w1 = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref a, i + 8));
            Vector256<float> low = Vector256.Create(table[(byte)w0], table[(byte)(w0 >> 8)], table[(byte)(w0 >> 16)], table[(byte)(w0 >> 24)],
                                                    table[(byte)(w0 >> 32)], table[(byte)(w0 >> 40)], table[(byte)(w0 >> 48)], table[w0 >> 56]);
            Vector256<float> high = Vector256.Create(table[(byte)w1], table[(byte)(w1 >> 8)], table[(byte)(w1 >> 16)], table[(byte)(w1 >> 24)],
                                                     table[(byte)(w1 >> 32)], table[(byte)(w1 >> 40)], table[(byte)(w1 >> 48)], table[w1 >> 56]);
            acc0 = Fma.MultiplyAdd(low, Vector256.LoadUnsafe(ref x, (nuint)i), acc0);
            acc1 = Fma.MultiplyAdd(high, Vector256.LoadUnsafe(ref x, (nuint)i + 8), acc1);
        }

        float sum = Vector256.Sum(acc0 + acc1);
        for (; i < n; i++)
        {
            sum += table[Unsafe.Add(ref a, i)] * Unsafe.Add(ref x, i);
        }

        return sum;
    }
}
