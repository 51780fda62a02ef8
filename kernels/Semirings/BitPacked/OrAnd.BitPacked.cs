using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;

namespace TensorGen.Semirings;

public readonly partial struct OrAnd
{
    /// <summary>
    /// <paramref name="c"/> = <paramref name="a"/> ⊗ <paramref name="b"/> over (∨, ∧) on bit-packed matrices: each row of
    /// C is the OR of the rows of B selected by the set bits of that row of A, 256 or 512 entries per vector op
    /// (64 on the scalar path). Rows are split across <see cref="KernelThreads.Current"/> threads.
    /// </summary>
    /// <exception cref="ArgumentNullException">A matrix is null.</exception>
    /// <exception cref="ArgumentException">The shapes do not agree, or <paramref name="c"/> is <paramref name="a"/> or <paramref name="b"/>.</exception>
    public static void MatMul(BitMatrix a, BitMatrix b, BitMatrix c)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        if (b.Rows != a.Columns)
        {
            throw new ArgumentException($"'b' has {b.Rows} rows but 'a' has {a.Columns} columns.", nameof(b));
        }

        if (c.Rows != a.Rows || c.Columns != b.Columns)
        {
            throw new ArgumentException($"'c' is {c.Rows} x {c.Columns}; the product is {a.Rows} x {b.Columns}.", nameof(c));
        }

        if (ReferenceEquals(c, a) || ReferenceEquals(c, b))
        {
            throw new ArgumentException("'c' must be a different matrix from 'a' and 'b'.", nameof(c));
        }

        VectorPath path = KernelDispatch.Current;
        int threads = KernelThreads.Current;
        long work = (long)a.Rows * a.Columns * b.WordsPerRow;
        if (threads > 1 && a.Rows > 1 && work >= 1L << 22)
        {
            Parallel.For(0, a.Rows, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => ProductRow(a, b, c, i, path));
        }
        else
        {
            for (int i = 0; i < a.Rows; i++)
            {
                ProductRow(a, b, c, i, path);
            }
        }
    }

    /// <summary>Row i of C: clear it, then OR in row p of B for every set bit p of row i of A.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ProductRow(BitMatrix a, BitMatrix b, BitMatrix c, int i, VectorPath path)
    {
        Span<ulong> target = c.Row(i);
        target.Clear();
        ReadOnlySpan<ulong> selector = a.Row(i);
        ref ulong output = ref MemoryMarshal.GetReference(target);
        nuint words = (nuint)target.Length;
        for (int w = 0; w < selector.Length; w++)
        {
            ulong bits = selector[w];
            while (bits != 0)
            {
                int p = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                OrInto(ref output, ref MemoryMarshal.GetReference(b.Row(p)), words, path);
            }
        }
    }

    /// <summary><c>target |= source</c> over <paramref name="words"/> words (a multiple of 8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OrInto(ref ulong target, ref ulong source, nuint words, VectorPath path)
    {
        nuint w = 0;
        switch (path)
        {
            case VectorPath.Vector512:
                for (; w < words; w += 8)
                {
                    (Vector512.LoadUnsafe(ref target, w) | Vector512.LoadUnsafe(ref source, w)).StoreUnsafe(ref target, w);
                }

                break;
            case VectorPath.Vector256:
                for (; w < words; w += 4)
                {
                    (Vector256.LoadUnsafe(ref target, w) | Vector256.LoadUnsafe(ref source, w)).StoreUnsafe(ref target, w);
                }

                break;
            case VectorPath.Vector128:
                for (; w < words; w += 2)
                {
                    (Vector128.LoadUnsafe(ref target, w) | Vector128.LoadUnsafe(ref source, w)).StoreUnsafe(ref target, w);
                }

                break;
            default:
                for (; w < words; w++)
                {
                    Unsafe.Add(ref target, w) |= Unsafe.Add(ref source, w);
                }

                break;
        }
    }
}
