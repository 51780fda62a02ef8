using System;
using System.ComponentModel;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TensorGen.Kernels;

/// <summary>
/// Turns rank-2 <see cref="ReadOnlyTensorSpan{T}"/> views into the (span, leading dimension, transpose)
/// triples the drivers take, so generated <c>TensorSpan</c> overloads stay one line each.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TensorArguments
{
    /// <summary>
    /// <c>c = a ⊗ b</c> (or <c>c ⊕= a ⊗ b</c>) on tensor spans. <paramref name="a"/> and <paramref name="b"/> may be
    /// row-major or column-major views; <paramref name="c"/> must be row-major.
    /// </summary>
    public static void MatMul<TOp, T, TLane>(in ReadOnlyTensorSpan<T> a, in ReadOnlyTensorSpan<T> b, in TensorSpan<T> c, bool accumulate)
        where TOp : struct, ISemiringOps<TLane>
        where T : unmanaged
        where TLane : unmanaged
    {
        if (Unsafe.SizeOf<T>() != Unsafe.SizeOf<TLane>())
        {
            throw new InvalidOperationException($"Lane type {typeof(TLane).Name} does not match element type {typeof(T).Name}.");
        }

        Operand<T> left = Operand<T>.Of(a, nameof(a));
        Operand<T> right = Operand<T>.Of(b, nameof(b));
        Operand<T> output = Operand<T>.Of(c, nameof(c));
        if (output.Transpose != Transpose.None)
        {
            throw new ArgumentException("'c' must be a row-major view (unit stride along its last dimension).", nameof(c));
        }

        if (right.Rows != left.Columns)
        {
            throw new ArgumentException($"'b' has {right.Rows} rows but 'a' has {left.Columns} columns.", nameof(b));
        }

        if (output.Rows != left.Rows || output.Columns != right.Columns)
        {
            throw new ArgumentException($"'c' is {output.Rows} x {output.Columns}; the product is {left.Rows} x {right.Columns}.", nameof(c));
        }

        Span<TLane> cLanes = MemoryMarshal.CreateSpan(ref Unsafe.As<T, TLane>(ref MemoryMarshal.GetReference(output.MutableSpan)), output.Span.Length);
        SemiringDrivers.MatMul<TOp, TLane>(
            MemoryMarshal.Cast<T, TLane>(left.Span), left.LeadingDimension, left.Transpose,
            MemoryMarshal.Cast<T, TLane>(right.Span), right.LeadingDimension, right.Transpose,
            cLanes, output.LeadingDimension, left.Rows, right.Columns, left.Columns, accumulate);
    }

    /// <summary>A rank-2 view as the memory it covers, its leading dimension and whether it is stored transposed.</summary>
    private readonly ref struct Operand<T>
    {
        public readonly ReadOnlySpan<T> Span;
        public readonly Span<T> MutableSpan;
        public readonly int Rows, Columns, LeadingDimension;
        public readonly Transpose Transpose;

        private Operand(ReadOnlySpan<T> span, Span<T> mutableSpan, int rows, int columns, int leadingDimension, Transpose transpose)
        {
            Span = span;
            MutableSpan = mutableSpan;
            Rows = rows;
            Columns = columns;
            LeadingDimension = leadingDimension;
            Transpose = transpose;
        }

        public static Operand<T> Of(in ReadOnlyTensorSpan<T> tensor, string name)
        {
            (int rows, int columns, int ld, Transpose transpose, int length) = Layout(tensor.Rank, tensor.Lengths, tensor.Strides, name);
            ReadOnlySpan<T> span = length == 0 ? default : MemoryMarshal.CreateReadOnlySpan(in tensor.GetPinnableReference(), length);
            return new Operand<T>(span, default, rows, columns, ld, transpose);
        }

        public static Operand<T> Of(in TensorSpan<T> tensor, string name)
        {
            (int rows, int columns, int ld, Transpose transpose, int length) = Layout(tensor.Rank, tensor.Lengths, tensor.Strides, name);
            Span<T> span = length == 0 ? default : MemoryMarshal.CreateSpan(ref tensor.GetPinnableReference(), length);
            return new Operand<T>(span, span, rows, columns, ld, transpose);
        }

        private static (int Rows, int Columns, int Ld, Transpose Transpose, int Length) Layout(
            int rank, ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides, string name)
        {
            if (rank != 2)
            {
                throw new ArgumentException($"'{name}' must be a rank-2 tensor span; it has rank {rank}.", name);
            }

            if (lengths[0] > int.MaxValue || lengths[1] > int.MaxValue)
            {
                throw new ArgumentException($"'{name}' is too large for these kernels.", name);
            }

            int rows = (int)lengths[0], columns = (int)lengths[1];
            if (rows == 0 || columns == 0)
            {
                return (rows, columns, Math.Max(1, columns), Transpose.None, 0);
            }

            long rowStride = rows == 1 ? columns : strides[0];
            long columnStride = columns == 1 ? 1 : strides[1];
            long length = (rows - 1) * strides[0] + (columns - 1) * strides[1] + 1;
            if (columnStride == 1 && rowStride >= columns && rowStride <= int.MaxValue)
            {
                return (rows, columns, (int)rowStride, Transpose.None, (int)length);
            }

            long transposedStride = columns == 1 ? rows : strides[1];
            if ((rows == 1 || strides[0] == 1) && transposedStride >= rows && transposedStride <= int.MaxValue)
            {
                return (rows, columns, (int)transposedStride, Transpose.Transposed, (int)length);
            }

            throw new ArgumentException(
                $"'{name}' has strides ({strides[0]}, {strides[1]}); one dimension must have unit stride and the other a stride of at least its extent.", name);
        }
    }
}
