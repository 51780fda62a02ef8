using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TensorGen.Kernels;

namespace TensorGen.Bench.Report;

/// <summary>One fused semiring step <c>acc ⊕ (a ⊗ b)</c> at each vector width, as the ceiling loops run it.</summary>
internal interface IVectorStep<T>
    where T : unmanaged
{
    static abstract Vector128<T> Step(Vector128<T> acc, Vector128<T> a, Vector128<T> b);

    static abstract Vector256<T> Step(Vector256<T> acc, Vector256<T> a, Vector256<T> b);

    static abstract Vector512<T> Step(Vector512<T> acc, Vector512<T> a, Vector512<T> b);
}

/// <summary>Plus-times f32: one fused multiply-add.</summary>
internal readonly struct FmaSingleStep : IVectorStep<float>
{
    public static Vector128<float> Step(Vector128<float> acc, Vector128<float> a, Vector128<float> b) => Vector128.FusedMultiplyAdd(a, b, acc);

    public static Vector256<float> Step(Vector256<float> acc, Vector256<float> a, Vector256<float> b) => Vector256.FusedMultiplyAdd(a, b, acc);

    public static Vector512<float> Step(Vector512<float> acc, Vector512<float> a, Vector512<float> b) => Vector512.FusedMultiplyAdd(a, b, acc);
}

/// <summary>Max-plus: <c>MaxNative(acc, a + b)</c>.</summary>
internal readonly struct AddMaxStep<T> : IVectorStep<T>
    where T : unmanaged
{
    public static Vector128<T> Step(Vector128<T> acc, Vector128<T> a, Vector128<T> b) => Vector128.MaxNative(acc, a + b);

    public static Vector256<T> Step(Vector256<T> acc, Vector256<T> a, Vector256<T> b) => Vector256.MaxNative(acc, a + b);

    public static Vector512<T> Step(Vector512<T> acc, Vector512<T> a, Vector512<T> b) => Vector512.MaxNative(acc, a + b);
}

/// <summary>Min-plus: <c>MinNative(acc, a + b)</c>.</summary>
internal readonly struct AddMinStep<T> : IVectorStep<T>
    where T : unmanaged
{
    public static Vector128<T> Step(Vector128<T> acc, Vector128<T> a, Vector128<T> b) => Vector128.MinNative(acc, a + b);

    public static Vector256<T> Step(Vector256<T> acc, Vector256<T> a, Vector256<T> b) => Vector256.MinNative(acc, a + b);

    public static Vector512<T> Step(Vector512<T> acc, Vector512<T> a, Vector512<T> b) => Vector512.MinNative(acc, a + b);
}

/// <summary>Max-min (bottleneck): <c>MaxNative(acc, MinNative(a, b))</c>.</summary>
internal readonly struct MinMaxStep<T> : IVectorStep<T>
    where T : unmanaged
{
    public static Vector128<T> Step(Vector128<T> acc, Vector128<T> a, Vector128<T> b) => Vector128.MaxNative(acc, Vector128.MinNative(a, b));

    public static Vector256<T> Step(Vector256<T> acc, Vector256<T> a, Vector256<T> b) => Vector256.MaxNative(acc, Vector256.MinNative(a, b));

    public static Vector512<T> Step(Vector512<T> acc, Vector512<T> a, Vector512<T> b) => Vector512.MaxNative(acc, Vector512.MinNative(a, b));
}

/// <summary>Bit-packed or-and: <c>acc | (a &amp; b)</c> on u64 lanes of 64 entries each.</summary>
internal readonly struct AndOrBitsStep : IVectorStep<ulong>
{
    public static Vector128<ulong> Step(Vector128<ulong> acc, Vector128<ulong> a, Vector128<ulong> b) => acc | (a & b);

    public static Vector256<ulong> Step(Vector256<ulong> acc, Vector256<ulong> a, Vector256<ulong> b) => acc | (a & b);

    public static Vector512<ulong> Step(Vector512<ulong> acc, Vector512<ulong> a, Vector512<ulong> b) => acc | (a & b);
}

/// <summary>Or-and on byte lanes (0 or 1), as the boolean kernels store them: <c>acc | (a &amp; b)</c>.</summary>
internal readonly struct AndOrStep : IVectorStep<byte>
{
    public static Vector128<byte> Step(Vector128<byte> acc, Vector128<byte> a, Vector128<byte> b) => acc | (a & b);

    public static Vector256<byte> Step(Vector256<byte> acc, Vector256<byte> a, Vector256<byte> b) => acc | (a & b);

    public static Vector512<byte> Step(Vector512<byte> acc, Vector512<byte> a, Vector512<byte> b) => acc | (a & b);
}

/// <summary>Log-sum-exp f32: <c>LogAddExp(acc, a + b)</c> with the same vector helper the generated kernels call.</summary>
internal readonly struct LogAddExpSingleStep : IVectorStep<float>
{
    public static Vector128<float> Step(Vector128<float> acc, Vector128<float> a, Vector128<float> b) => VectorMath.LogAddExp(acc, a + b);

    public static Vector256<float> Step(Vector256<float> acc, Vector256<float> a, Vector256<float> b) => VectorMath.LogAddExp(acc, a + b);

    public static Vector512<float> Step(Vector512<float> acc, Vector512<float> a, Vector512<float> b) => VectorMath.LogAddExp(acc, a + b);
}

/// <summary>
/// The int8 GEMM's x86 step on int32 lanes that each hold an int16 pair, as its micro-kernels run it:
/// <c>acc + pmaddwd(a, b)</c>, fused into one <c>vpdpwssd</c> at 256 bits where the CPU has AVX-VNNI. Each lane
/// does two multiply-adds, so the loop counts four ops per lane. Without <c>pmaddwd</c> (the
/// <c>DOTNET_EnableHWIntrinsic=0</c> leg) the pairs are sign-split and multiplied in int32 lanes.
/// </summary>
internal readonly struct MaddPairStep : IVectorStep<int>
{
    /// <summary>What the loop runs on this CPU at <paramref name="path"/>.</summary>
    public static string Describe(VectorPath path) => path switch
    {
        VectorPath.Vector512 when Avx512BW.IsSupported => "12 x pmaddwd+paddd i16 pairs (512-bit)",
        VectorPath.Vector256 when AvxVnni.IsSupported => "12 x vpdpwssd i16 pairs",
        VectorPath.Vector256 when Avx2.IsSupported => "12 x pmaddwd+paddd i16 pairs",
        VectorPath.Vector128 when Sse2.IsSupported => "12 x pmaddwd+paddd i16 pairs (128-bit)",
        _ => "12 x i16-pair multiply-add in i32 lanes",
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Step(Vector128<int> acc, Vector128<int> a, Vector128<int> b) =>
        Sse2.IsSupported
            ? acc + Sse2.MultiplyAddAdjacent(a.AsInt16(), b.AsInt16())
            : acc + ((a << 16) >> 16) * ((b << 16) >> 16) + (a >> 16) * (b >> 16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Step(Vector256<int> acc, Vector256<int> a, Vector256<int> b)
    {
        if (AvxVnni.IsSupported)
        {
            return AvxVnni.MultiplyWideningAndAdd(acc, a.AsInt16(), b.AsInt16());
        }

        return Avx2.IsSupported
            ? acc + Avx2.MultiplyAddAdjacent(a.AsInt16(), b.AsInt16())
            : acc + ((a << 16) >> 16) * ((b << 16) >> 16) + (a >> 16) * (b >> 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Step(Vector512<int> acc, Vector512<int> a, Vector512<int> b) =>
        Avx512BW.IsSupported
            ? acc + Avx512BW.MultiplyAddAdjacent(a.AsInt16(), b.AsInt16())
            : acc + ((a << 16) >> 16) * ((b << 16) >> 16) + (a >> 16) * (b >> 16);
}
