using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TensorGen.Kernels;

public static partial class SemiringDrivers
{
    /// <summary>Element-wise ⊕ of two spans into <paramref name="destination"/>.</summary>
    public static void Add<TOp, T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
        => Elementwise<TOp, T, AddOp<TOp, T>>(x, y, destination);

    /// <summary>Element-wise ⊗ of two spans into <paramref name="destination"/>.</summary>
    public static void Multiply<TOp, T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
        => Elementwise<TOp, T, MultiplyOp<TOp, T>>(x, y, destination);

    private interface IBinaryOp<T>
        where T : unmanaged
    {
        static abstract T Invoke(T x, T y);
        static abstract Vector128<T> Invoke(Vector128<T> x, Vector128<T> y);
        static abstract Vector256<T> Invoke(Vector256<T> x, Vector256<T> y);
        static abstract Vector512<T> Invoke(Vector512<T> x, Vector512<T> y);
    }

    private readonly struct AddOp<TOp, T> : IBinaryOp<T>
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
    {
        public static T Invoke(T x, T y) => TOp.Add(x, y);
        public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => TOp.Add(x, y);
        public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => TOp.Add(x, y);
        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => TOp.Add(x, y);
    }

    private readonly struct MultiplyOp<TOp, T> : IBinaryOp<T>
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
    {
        public static T Invoke(T x, T y) => TOp.Multiply(x, y);
        public static Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => TOp.Multiply(x, y);
        public static Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => TOp.Multiply(x, y);
        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => TOp.Multiply(x, y);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Elementwise<TOp, T, TBinary>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
        where TBinary : struct, IBinaryOp<T>
    {
        Validate.Length(y.Length, x.Length, nameof(y));
        Validate.Length(destination.Length, x.Length, nameof(destination));
        Validate.SameOrDisjoint(x, destination, nameof(x), nameof(destination));
        Validate.SameOrDisjoint(y, destination, nameof(y), nameof(destination));

        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        nuint length = (nuint)x.Length;
        nuint i = 0;
        switch (KernelDispatch.Current)
        {
            case VectorPath.Vector512:
                for (; i + (nuint)Vector512<T>.Count <= length; i += (nuint)Vector512<T>.Count)
                {
                    TBinary.Invoke(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
                }

                break;
            case VectorPath.Vector256:
                for (; i + (nuint)Vector256<T>.Count <= length; i += (nuint)Vector256<T>.Count)
                {
                    TBinary.Invoke(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
                }

                break;
            case VectorPath.Vector128:
                for (; i + (nuint)Vector128<T>.Count <= length; i += (nuint)Vector128<T>.Count)
                {
                    TBinary.Invoke(Vector128.LoadUnsafe(ref xr, i), Vector128.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
                }

                break;
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref dr, i) = TBinary.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
        }
    }
}
