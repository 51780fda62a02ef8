using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TensorGen.Numerics;

/// <summary>
/// Posit decoding by table gather on x86: every pattern's float value, built once from the exact codec into
/// aligned native memory that lives as long as the process (1 KiB for posit8, L1-resident; 256 KiB for each
/// 16-bit posit), read eight lanes at a time by <c>vgatherdps</c>. The 16-bit tables serve only 512-bit vectors now:
/// on AVX2 the bit-building decode (<see cref="PositVectorDecode256.Decode16Avx2"/>) ran 0.90–1.48x their gather on
/// Zen 3 in the L2-resident dot product (ahead in six of seven report runs); NEON keeps the arithmetic decode (no gather there).
/// The posit8 dot product reads its table with scalar loads instead (see <c>PrecisionKernels.Posit8TableDot</c>).
/// </summary>
internal static unsafe class PositTables
{
    public static readonly float* Posit8 = Build(256, 8, 0);
    public static readonly float* Posit16 = Build(65536, 16, 1);
    public static readonly float* Posit16Es2 = Build(65536, 16, 2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Gather(float* table, Vector256<uint> bits) => Avx2.GatherVector256(table, bits.AsInt32(), 4);

    /// <summary>Sixteen lanes as two 256-bit gathers (.NET exposes no 512-bit gather).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Gather(float* table, Vector512<uint> bits) =>
        Vector512.Create(Gather(table, bits.GetLower()), Gather(table, bits.GetUpper()));

    private static float* Build(int count, int n, int es)
    {
        var table = (float*)NativeMemory.AlignedAlloc((nuint)(count * sizeof(float)), 64);
        for (int bits = 0; bits < count; bits++)
        {
            table[bits] = PositCodec.Decode((uint)bits, n, es);
        }

        return table;
    }
}
