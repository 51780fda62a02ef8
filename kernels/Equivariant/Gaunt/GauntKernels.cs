using System;
using System.Buffers;

namespace TensorGen.Equivariant;

/// <summary>
/// The three matrices of one Gaunt product in one precision: analysis of each input onto the grid
/// (<c>[(L + 1)², points]</c>, row-major) and the projection back (<c>[points, (Lout + 1)²]</c>) with the quadrature
/// weight and 1/∫Y² folded in; plus how many samples one block of scratch holds.
/// </summary>
internal sealed class Tables<T>
{
    private Tables(T[] analysis1, T[] analysis2, T[] projection, int dim1, int dim2, int dimOut, int points, int blockRows)
    {
        Analysis1 = analysis1;
        Analysis2 = analysis2;
        Projection = projection;
        Dim1 = dim1;
        Dim2 = dim2;
        DimOut = dimOut;
        Points = points;
        BlockRows = blockRows;
    }

    public T[] Analysis1 { get; }

    public T[] Analysis2 { get; }

    public T[] Projection { get; }

    public int Dim1 { get; }

    public int Dim2 { get; }

    public int DimOut { get; }

    public int Points { get; }

    /// <summary>Samples per block: about 64k grid values per scratch matrix, between 16 and 1024 samples.</summary>
    public int BlockRows { get; }

    /// <summary>
    /// Y_k(g) = s_l · Y^component_k(g) for the inputs; P[g, k] = w_g · Y_k(g) / ∫ Y_k² dΩ = w_g · Y^component_k(g) /
    /// (4π s_l) for the output. Computed in double and rounded once to <typeparamref name="T"/>.
    /// </summary>
    public static Tables<T> Create(GauntGrid grid, GauntTensorProduct product, Func<double, T> round)
    {
        int points = grid.Points;
        T[] Analysis(int lmax)
        {
            var a = new T[(lmax + 1) * (lmax + 1) * points];
            for (int l = 0; l <= lmax; l++)
            {
                double scale = product.Scale(l);
                for (int k = l * l; k < (l + 1) * (l + 1); k++)
                for (int g = 0; g < points; g++)
                    a[k * points + g] = round(scale * grid.Harmonics[k * points + g]);
            }

            return a;
        }

        int dimOut = product.DimOut;
        var projection = new T[points * dimOut];
        for (int l = 0; l <= product.LMaxOut; l++)
        {
            double scale = 1.0 / (4 * Math.PI * product.Scale(l));
            for (int k = l * l; k < (l + 1) * (l + 1); k++)
            for (int g = 0; g < points; g++)
                projection[g * dimOut + k] = round(scale * grid.Weights[g] * grid.Harmonics[k * points + g]);
        }

        int blockRows = Math.Clamp(65536 / points, 16, 1024);
        return new Tables<T>(Analysis(product.LMax1), Analysis(product.LMax2), projection, product.Dim1, product.Dim2, dimOut, points, blockRows);
    }
}

/// <summary>The block loops of the Gaunt product: per block of samples, three GEMMs and a pointwise product.</summary>
internal static class GauntKernels
{
    /// <summary>out = ((X1 · A1) ∘ (X2 · A2)) · P, block by block; arguments already checked.</summary>
    public static void Forward<TSemiring, T>(Tables<T> tables, ReadOnlySpan<T> x1, ReadOnlySpan<T> x2, Span<T> output, int batch)
        where TSemiring : struct, ISemiringKernels<TSemiring, T>
    {
        if (batch == 0) return;
        int points = tables.Points, d1 = tables.Dim1, d2 = tables.Dim2, dOut = tables.DimOut;
        int block = Math.Min(tables.BlockRows, batch);
        T[] scratch = ArrayPool<T>.Shared.Rent(2 * block * points);
        try
        {
            for (int start = 0; start < batch; start += block)
            {
                int rows = Math.Min(block, batch - start);
                Span<T> f1 = scratch.AsSpan(0, rows * points), f2 = scratch.AsSpan(rows * points, rows * points);
                TSemiring.MatMul(x1.Slice(start * d1, rows * d1), tables.Analysis1, f1, rows, points, d1);
                TSemiring.MatMul(x2.Slice(start * d2, rows * d2), tables.Analysis2, f2, rows, points, d2);
                TSemiring.Multiply(f1, f2, f1);
                TSemiring.MatMul(f1, tables.Projection, output.Slice(start * dOut, rows * dOut), rows, dOut, points);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// H = gradOut · Pᵀ, then gradX1 = (H ∘ (X2 · A2)) · A1ᵀ and gradX2 = (H ∘ (X1 · A1)) · A2ᵀ, block by block;
    /// arguments already checked.
    /// </summary>
    public static void Backward<TSemiring, T>(Tables<T> tables, ReadOnlySpan<T> x1, ReadOnlySpan<T> x2, ReadOnlySpan<T> gradOutput,
                                              Span<T> gradX1, Span<T> gradX2, int batch)
        where TSemiring : struct, ISemiringKernels<TSemiring, T>
    {
        if (batch == 0) return;
        int points = tables.Points, d1 = tables.Dim1, d2 = tables.Dim2, dOut = tables.DimOut;
        int block = Math.Min(tables.BlockRows, batch);
        T[] scratch = ArrayPool<T>.Shared.Rent(3 * block * points);
        try
        {
            for (int start = 0; start < batch; start += block)
            {
                int rows = Math.Min(block, batch - start);
                int size = rows * points;
                Span<T> f1 = scratch.AsSpan(0, size), f2 = scratch.AsSpan(size, size), h = scratch.AsSpan(2 * size, size);
                TSemiring.MatMul(x1.Slice(start * d1, rows * d1), tables.Analysis1, f1, rows, points, d1);
                TSemiring.MatMul(x2.Slice(start * d2, rows * d2), tables.Analysis2, f2, rows, points, d2);
                TSemiring.MatMul(gradOutput.Slice(start * dOut, rows * dOut), dOut, Transpose.None, tables.Projection, dOut, Transpose.Transposed,
                                 h, points, rows, points, dOut, accumulate: false);
                TSemiring.Multiply(h, f2, f2);
                TSemiring.Multiply(h, f1, f1);
                TSemiring.MatMul(f2, points, Transpose.None, tables.Analysis1, points, Transpose.Transposed,
                                 gradX1.Slice(start * d1, rows * d1), d1, rows, d1, points, accumulate: false);
                TSemiring.MatMul(f1, points, Transpose.None, tables.Analysis2, points, Transpose.Transposed,
                                 gradX2.Slice(start * d2, rows * d2), d2, rows, d2, points, accumulate: false);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scratch);
        }
    }
}
