using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TensorGen.Kernels;

public static partial class SemiringDrivers
{
    /// <summary>The two operands of a product, with their leading dimensions and transposes.</summary>
    private readonly ref struct Operands<T>(ReadOnlySpan<T> a, int lda, bool transA, ReadOnlySpan<T> b, int ldb, bool transB)
    {
        public readonly ReadOnlySpan<T> A = a;
        public readonly ReadOnlySpan<T> B = b;
        public readonly int Lda = lda;
        public readonly int Ldb = ldb;
        public readonly bool TransA = transA;
        public readonly bool TransB = transB;
    }

    /// <summary>
    /// Packs rows [ic, ic + mb) and depth [pc, pc + kb) of op(A) into panels of <paramref name="mr"/> rows,
    /// each stored depth-major (mr values per depth step); rows past the edge are padded with Zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackA<TOp, T>(in Operands<T> op, T* packed, int ic, int mb, int pc, int kb, int mr)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
    {
        ref T a = ref MemoryMarshal.GetReference(op.A);
        nint lda = op.Lda;
        for (int ir = 0; ir < mb; ir += mr)
        {
            int rows = Math.Min(mr, mb - ir);
            T* panel = packed + (nint)ir * kb;
            for (int p = 0; p < kb; p++)
            {
                T* column = panel + (nint)p * mr;
                for (int r = 0; r < rows; r++)
                {
                    nint row = ic + ir + r, depth = pc + p;
                    column[r] = op.TransA ? Unsafe.Add(ref a, depth * lda + row) : Unsafe.Add(ref a, row * lda + depth);
                }

                for (int r = rows; r < mr; r++)
                {
                    column[r] = TOp.Zero;
                }
            }
        }
    }

    /// <summary>
    /// Packs depth [pc, pc + kb) and columns [jc, jc + nb) of op(B) into panels of <paramref name="nr"/> columns,
    /// each stored depth-major (nr values per depth step); columns past the edge are padded with Zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackB<TOp, T>(in Operands<T> op, T* packed, int pc, int kb, int jc, int nb, int nr)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
    {
        ref T b = ref MemoryMarshal.GetReference(op.B);
        nint ldb = op.Ldb;
        for (int jr = 0; jr < nb; jr += nr)
        {
            int cols = Math.Min(nr, nb - jr);
            T* panel = packed + (nint)jr * kb;
            for (int p = 0; p < kb; p++)
            {
                T* row = panel + (nint)p * nr;
                nint depth = pc + p;
                if (!op.TransB)
                {
                    MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref b, depth * ldb + jc + jr), cols).CopyTo(new Span<T>(row, cols));
                }
                else
                {
                    for (int col = 0; col < cols; col++)
                    {
                        Unsafe.Write(row + col, Unsafe.Add(ref b, (nint)(jc + jr + col) * ldb + depth));
                    }
                }

                for (int col = cols; col < nr; col++)
                {
                    row[col] = TOp.Zero;
                }
            }
        }
    }

    /// <summary>Per-thread pinned, 64-byte aligned packing buffers, grown on demand and reused.</summary>
    private sealed unsafe class PackBuffers<T>
        where T : unmanaged
    {
        [ThreadStatic]
        private static PackBuffers<T>? t_cached;

        private T[] _storage = [];
        private int _aLength, _bLength, _scratchLength;

        public T* A { get; private set; }
        public T* B { get; private set; }
        public T* Scratch { get; private set; }

        public static PackBuffers<T> Rent(int aLength, int bLength, int scratchLength)
        {
            PackBuffers<T> buffers = t_cached ??= new PackBuffers<T>();
            if (aLength > buffers._aLength || bLength > buffers._bLength || scratchLength > buffers._scratchLength)
            {
                buffers.Grow(Math.Max(aLength, buffers._aLength), Math.Max(bLength, buffers._bLength), Math.Max(scratchLength, buffers._scratchLength));
            }

            return buffers;
        }

        private void Grow(int aLength, int bLength, int scratchLength)
        {
            int align = 64 / sizeof(T);
            int aPadded = GemmBlocking.RoundUp(aLength, align), bPadded = GemmBlocking.RoundUp(bLength, align);
            _storage = GC.AllocateUninitializedArray<T>(aPadded + bPadded + scratchLength + align, pinned: true);
            T* start = (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_storage));
            T* aligned = (T*)(((nuint)start + 63) & ~(nuint)63);
            A = aligned;
            B = aligned + aPadded;
            Scratch = aligned + aPadded + bPadded;
            (_aLength, _bLength, _scratchLength) = (aLength, bLength, scratchLength);
        }
    }
}
