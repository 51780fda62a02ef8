using System;
using System.Runtime.CompilerServices;

namespace TensorGen.Bench.Report.Peers;

/// <summary>
/// Plain C# loops over the declaration's own scalar <c>Add</c> and <c>Multiply</c>, written as a user would:
/// row-major, i-k-j for the product, the triple loop for Floyd–Warshall. Compiled fully optimized from the
/// first call so that one long call is already a steady-state sample.
/// </summary>
internal static class NaiveKernels
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MatMul<TSemiring, T>(T[] a, T[] b, T[] c, int m, int n, int k)
        where TSemiring : struct, ISemiring<TSemiring, T>
    {
        for (int i = 0; i < m; i++)
        {
            Span<T> row = c.AsSpan(i * n, n);
            row.Fill(TSemiring.Zero);
            for (int p = 0; p < k; p++)
            {
                T aip = a[i * k + p];
                ReadOnlySpan<T> bRow = b.AsSpan(p * n, n);
                for (int j = 0; j < row.Length; j++)
                {
                    row[j] = TSemiring.Add(row[j], TSemiring.Multiply(aip, bRow[j]));
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MatVec<TSemiring, T>(T[] a, T[] x, T[] y, int m, int n)
        where TSemiring : struct, ISemiring<TSemiring, T>
    {
        for (int i = 0; i < m; i++)
        {
            T sum = TSemiring.Zero;
            for (int j = 0; j < n; j++)
            {
                sum = TSemiring.Add(sum, TSemiring.Multiply(a[i * n + j], x[j]));
            }

            y[i] = sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Dot<TSemiring, T>(T[] x, T[] y)
        where TSemiring : struct, ISemiring<TSemiring, T>
    {
        T sum = TSemiring.Zero;
        for (int i = 0; i < x.Length; i++)
        {
            sum = TSemiring.Add(sum, TSemiring.Multiply(x[i], y[i]));
        }

        return sum;
    }

    /// <summary>The Kleene star in place: I ⊕ A on the diagonal, then the k-i-j triple loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FloydWarshall<TSemiring, T>(T[] a, int n)
        where TSemiring : struct, ISemiring<TSemiring, T>
    {
        for (int i = 0; i < n; i++)
        {
            a[i * n + i] = TSemiring.Add(TSemiring.One, a[i * n + i]);
        }

        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < n; i++)
            {
                T aik = a[i * n + k];
                for (int j = 0; j < n; j++)
                {
                    a[i * n + j] = TSemiring.Add(a[i * n + j], TSemiring.Multiply(aik, a[k * n + j]));
                }
            }
        }
    }
}
