using System;
using System.Numerics;

namespace TensorGen.Semirings;

/// <summary>
/// A boolean matrix packed 64 entries per <see cref="ulong"/>, row-major: bit <c>j % 64</c> of word <c>j / 64</c>
/// of a row is entry <c>j</c>. Rows are padded with zero bits to a multiple of 512 bits, so kernels move whole
/// vectors; the padding is always zero. Use it with <see cref="OrAnd.MatMul(BitMatrix, BitMatrix, BitMatrix)"/>.
/// </summary>
public sealed class BitMatrix
{
    private const int WordAlignment = 8;
    private readonly ulong[] _words;

    /// <summary>An all-false <paramref name="rows"/> x <paramref name="columns"/> matrix.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or the matrix would not fit in one array.</exception>
    public BitMatrix(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        Rows = rows;
        Columns = columns;
        WordsPerRow = (columns + 64 * WordAlignment - 1) / (64 * WordAlignment) * WordAlignment;
        long words = (long)rows * WordsPerRow;
        if (words > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"A {rows} x {columns} bit matrix needs {words} words, more than one array holds.");
        }

        _words = new ulong[words];
    }

    /// <summary>The number of rows.</summary>
    public int Rows { get; }

    /// <summary>The number of columns.</summary>
    public int Columns { get; }

    /// <summary>Words per row, including the zero padding (a multiple of 8).</summary>
    public int WordsPerRow { get; }

    /// <summary>Entry (<paramref name="row"/>, <paramref name="column"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the matrix.</exception>
    public bool this[int row, int column]
    {
        get
        {
            CheckIndex(row, column);
            return (_words[(long)row * WordsPerRow + (column >> 6)] >> (column & 63) & 1) != 0;
        }

        set
        {
            CheckIndex(row, column);
            ref ulong word = ref _words[(long)row * WordsPerRow + (column >> 6)];
            ulong bit = 1UL << (column & 63);
            word = value ? word | bit : word & ~bit;
        }
    }

    /// <summary>The words of one row, padding included.</summary>
    public Span<ulong> Row(int row)
    {
        if ((uint)row >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"The matrix has {Rows} rows.");
        }

        return _words.AsSpan(row * WordsPerRow, WordsPerRow);
    }

    /// <summary>The number of true entries.</summary>
    public long Count()
    {
        long count = 0;
        foreach (ulong word in _words)
        {
            count += BitOperations.PopCount(word);
        }

        return count;
    }

    /// <summary>Packs a row-major <paramref name="rows"/> x <paramref name="columns"/> matrix of bools.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> does not hold exactly rows x columns entries.</exception>
    public static BitMatrix Pack(ReadOnlySpan<bool> values, int rows, int columns)
    {
        var matrix = new BitMatrix(rows, columns);
        if (values.Length != (long)rows * columns)
        {
            throw new ArgumentException($"'values' holds {values.Length} entries; a {rows} x {columns} matrix has {(long)rows * columns}.", nameof(values));
        }

        for (int i = 0; i < rows; i++)
        {
            Span<ulong> row = matrix.Row(i);
            ReadOnlySpan<bool> source = values.Slice(i * columns, columns);
            for (int j = 0; j < columns; j++)
            {
                if (source[j]) row[j >> 6] |= 1UL << (j & 63);
            }
        }

        return matrix;
    }

    /// <summary>Writes the matrix into a row-major span of rows x columns bools.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> does not hold exactly rows x columns entries.</exception>
    public void Unpack(Span<bool> destination)
    {
        if (destination.Length != (long)Rows * Columns)
        {
            throw new ArgumentException($"'destination' holds {destination.Length} entries; this {Rows} x {Columns} matrix has {(long)Rows * Columns}.", nameof(destination));
        }

        for (int i = 0; i < Rows; i++)
        {
            ReadOnlySpan<ulong> row = Row(i);
            Span<bool> target = destination.Slice(i * Columns, Columns);
            for (int j = 0; j < Columns; j++)
            {
                target[j] = (row[j >> 6] >> (j & 63) & 1) != 0;
            }
        }
    }

    private void CheckIndex(int row, int column)
    {
        if ((uint)row >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"The matrix has {Rows} rows.");
        }

        if ((uint)column >= (uint)Columns)
        {
            throw new ArgumentOutOfRangeException(nameof(column), column, $"The matrix has {Columns} columns.");
        }
    }
}
