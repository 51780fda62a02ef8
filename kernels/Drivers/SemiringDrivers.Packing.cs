using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TensorGen.Kernels;

public static partial class SemiringDrivers
{
    /// <summary>The two operands of a product as pinned pointers, with their leading dimensions and transposes.</summary>
    internal readonly unsafe struct Operands<T>(T* a, nint lda, bool transA, T* b, nint ldb, bool transB)
        where T : unmanaged
    {
        public readonly T* A = a;
        public readonly T* B = b;
        public readonly nint Lda = lda;
        public readonly nint Ldb = ldb;
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
        nint lda = op.Lda;
        for (int ir = 0; ir < mb; ir += mr)
        {
            int rows = Math.Min(mr, mb - ir);
            T* panel = packed + (nint)ir * kb;
            if (op.TransA)
            {
                // Stored transposed: each depth step is a contiguous run of rows.
                for (int p = 0; p < kb; p++)
                {
                    new ReadOnlySpan<T>(op.A + (pc + p) * lda + ic + ir, rows).CopyTo(new Span<T>(panel + (nint)p * mr, rows));
                }
            }
            else
            {
                for (int r = 0; r < rows; r++)
                {
                    T* source = op.A + (ic + ir + r) * lda + pc;
                    for (int p = 0; p < kb; p++)
                    {
                        panel[(nint)p * mr + r] = source[p];
                    }
                }
            }

            if (rows < mr)
            {
                for (int p = 0; p < kb; p++)
                {
                    new Span<T>(panel + (nint)p * mr + rows, mr - rows).Fill(TOp.Zero);
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
        nint ldb = op.Ldb;
        for (int jr = 0; jr < nb; jr += nr)
        {
            int cols = Math.Min(nr, nb - jr);
            T* panel = packed + (nint)jr * kb;
            if (!op.TransB)
            {
                for (int p = 0; p < kb; p++)
                {
                    new ReadOnlySpan<T>(op.B + (pc + p) * ldb + jc + jr, cols).CopyTo(new Span<T>(panel + (nint)p * nr, cols));
                }
            }
            else
            {
                for (int col = 0; col < cols; col++)
                {
                    T* source = op.B + (jc + jr + col) * ldb + pc;
                    for (int p = 0; p < kb; p++)
                    {
                        panel[(nint)p * nr + col] = source[p];
                    }
                }
            }

            if (cols < nr)
            {
                for (int p = 0; p < kb; p++)
                {
                    new Span<T>(panel + (nint)p * nr + cols, nr - cols).Fill(TOp.Zero);
                }
            }
        }
    }

    /// <summary>
    /// Per-thread pinned, 64-byte aligned packing buffers, grown on demand and reused: one for the B block (owned by
    /// the thread that runs the loop nest; a threaded product takes two blocks' worth, which all its threads pack) and
    /// one for A and the edge scratch tile (one per worker).
    /// </summary>
    private static unsafe class PackBuffer<T>
        where T : unmanaged
    {
        [ThreadStatic]
        private static Buffer? t_b;

        [ThreadStatic]
        private static Buffer? t_a;

        public static T* ForB(int length) => (t_b ??= new Buffer()).Rent(length);

        public static T* ForA(int length, int scratchLength, out T* scratch)
        {
            int padded = GemmBlocking.RoundUp(length, 64 / sizeof(T));
            T* start = (t_a ??= new Buffer()).Rent(padded + scratchLength);
            scratch = start + padded;
            return start;
        }

        private sealed class Buffer
        {
            private T[] _storage = [];
            private T* _aligned;
            private int _capacity;

            public T* Rent(int length)
            {
                if (length > _capacity)
                {
                    int align = 64 / sizeof(T);
                    _storage = GC.AllocateUninitializedArray<T>(length + align, pinned: true);
                    T* start = (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_storage));
                    _aligned = (T*)(((nuint)start + 63) & ~(nuint)63);
                    _capacity = length;
                }

                return _aligned;
            }
        }
    }
}
