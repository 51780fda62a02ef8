using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TensorGen.Numerics;

/// <summary>
/// A Q4_0 weight matrix (rows × cols, as a GGUF tensor: each row cols/32 <see cref="BlockQ4_0"/> blocks) stored in
/// the order the packed GEMV micro-kernel reads it, built once with <see cref="Pack"/> and multiplied with
/// <see cref="Precision.PrecisionKernels.MatVec(PackedQ4_0, ReadOnlySpan{float}, Span{float})"/>.
/// <para>
/// Rows are taken <see cref="RowInterleave"/> at a time (a row group; the last one padded with zero blocks). For one
/// group and one block index b the layout holds four 64-byte chunks, chunk c holding, for row r of the group, the
/// four bytes 4c…4c+3 of that row's nibbles: their low nibbles are the codes of elements 4c…4c+3, their high nibbles
/// those of elements 16+4c…16+4c+3. One vector load thus gives one 4-element group of every row of the group, each
/// in its own 32-bit lane, ready for a 4-way byte dot product (<c>vpdpbusd</c>, <c>pmaddubsw</c>, <c>sdot</c>) against a
/// broadcast group of activation codes. Blocks go in pairs, so that a group reads as one sequential stream of whole
/// 64-byte lines: the two blocks' chunks (2 × 256 bytes), then their 16 half scales each (2 × 32 bytes); an odd last
/// block leaves its partner's bytes zero. The packing is lossless: <see cref="Unpack"/> returns the
/// original blocks byte for byte.
/// </para>
/// </summary>
public sealed class PackedQ4_0
{
    /// <summary>Rows per row group: the lanes of one 512-bit vector of 32-bit sums.</summary>
    public const int RowInterleave = 16;

    internal const int ChunkBytes = 4 * RowInterleave;
    internal const int NibbleBytesPerBlock = 4 * ChunkBytes;
    internal const int ScaleBytesPerBlock = RowInterleave * sizeof(ushort);
    internal const int PairBytes = 2 * (NibbleBytesPerBlock + ScaleBytesPerBlock);
    private const int LineBytes = 64;

    private readonly byte[] _buffer;
    private readonly int _start;

    private unsafe PackedQ4_0(int rows, int cols)
    {
        Rows = rows;
        Cols = cols;
        BlocksPerRow = cols / BlockQ4_0.BlockSize;
        Groups = (rows + RowInterleave - 1) / RowInterleave;
        GroupStride = (BlocksPerRow + 1L) / 2 * PairBytes;
        long total = GroupStride * Groups + LineBytes;
        if (total > Array.MaxLength)
        {
            throw new ArgumentException(
                $"A {rows} x {cols} Q4_0 matrix packs to {total} bytes, more than one array holds ({Array.MaxLength}); split it by rows.", nameof(rows));
        }

        // A pinned array never moves, so the 64-byte aligned start computed here stays valid.
        _buffer = GC.AllocateArray<byte>((int)total, pinned: true);
        _start = (int)((LineBytes - (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_buffer)) % LineBytes) % LineBytes);
    }

    /// <summary>The matrix's rows.</summary>
    public int Rows { get; }

    /// <summary>The matrix's columns (a multiple of 32).</summary>
    public int Cols { get; }

    /// <summary>Q4_0 blocks per row (<see cref="Cols"/> / 32).</summary>
    public int BlocksPerRow { get; }

    /// <summary>Row groups of <see cref="RowInterleave"/> rows, the last one padded.</summary>
    public int Groups { get; }

    /// <summary>The bytes a product streams: one group stride per row group (codes, scales and padding).</summary>
    public long PackedBytes => GroupStride * Groups;

    internal long GroupStride { get; }

    /// <summary>
    /// The instructions the product runs on <paramref name="path"/> on this CPU (the widest of the path's kernels
    /// whose instructions the CPU has), e.g. "avx-vnni vpdpbusd, 2 x 8 rows"; for reports and test names.
    /// </summary>
    public static string Kernel(VectorPath path) => Precision.PackedQ4Gemv.Describe(path);

    /// <summary>Group g's first byte (64-byte aligned).</summary>
    internal unsafe byte* Group(int g) =>
        (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_buffer)) + _start + g * GroupStride;

    /// <summary>Block b's four nibble chunks in a group (256-byte aligned from the group's start).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe byte* Chunks(byte* group, int b) => group + (long)(b >> 1) * PairBytes + (b & 1) * NibbleBytesPerBlock;

    /// <summary>Block b's 16 half scales in a group, one per row (32-byte aligned).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe ushort* Scales(byte* group, int b) =>
        (ushort*)(group + (long)(b >> 1) * PairBytes + 2 * NibbleBytesPerBlock + (b & 1) * ScaleBytesPerBlock);

    /// <summary>
    /// Packs <paramref name="rows"/> × <paramref name="cols"/> Q4_0 weights, row-major as a GGUF tensor stores them.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="cols"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="cols"/> is not a multiple of 32, <paramref name="weights"/>
    /// does not hold rows·cols/32 blocks, or the packed matrix would not fit in one array.</exception>
    public static unsafe PackedQ4_0 Pack(ReadOnlySpan<BlockQ4_0> weights, int rows, int cols)
    {
        CheckShape(weights.Length, rows, cols, nameof(weights));
        var packed = new PackedQ4_0(rows, cols);
        int blocks = packed.BlocksPerRow;
        for (int g = 0; g < packed.Groups; g++)
        {
            byte* group = packed.Group(g);
            int groupRows = Math.Min(RowInterleave, rows - g * RowInterleave);
            for (int r = 0; r < groupRows; r++)
            {
                ReadOnlySpan<BlockQ4_0> row = weights.Slice((g * RowInterleave + r) * blocks, blocks);
                for (int b = 0; b < blocks; b++)
                {
                    BlockQ4_0 block = row[b];
                    Scales(group, b)[r] = BitConverter.HalfToUInt16Bits(block.D);
                    ReadOnlySpan<uint> words = MemoryMarshal.Cast<byte, uint>((ReadOnlySpan<byte>)block.Qs);
                    uint* chunks = (uint*)Chunks(group, b);
                    for (int c = 0; c < 4; c++)
                    {
                        chunks[c * RowInterleave + r] = words[c];
                    }
                }
            }
        }

        return packed;
    }

    /// <summary>Writes the original blocks back, row-major, byte for byte as they were packed.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> does not hold Rows·Cols/32 blocks.</exception>
    public unsafe void Unpack(Span<BlockQ4_0> destination)
    {
        BlockChecks.BlockCount(destination.Length, (long)Rows * BlocksPerRow, nameof(destination));
        int blocks = BlocksPerRow;
        for (int g = 0; g < Groups; g++)
        {
            byte* group = Group(g);
            int groupRows = Math.Min(RowInterleave, Rows - g * RowInterleave);
            for (int r = 0; r < groupRows; r++)
            {
                Span<BlockQ4_0> row = destination.Slice((g * RowInterleave + r) * blocks, blocks);
                for (int b = 0; b < blocks; b++)
                {
                    ref BlockQ4_0 block = ref row[b];
                    block.D = BitConverter.UInt16BitsToHalf(Scales(group, b)[r]);
                    Span<uint> words = MemoryMarshal.Cast<byte, uint>((Span<byte>)block.Qs);
                    uint* chunks = (uint*)Chunks(group, b);
                    for (int c = 0; c < 4; c++)
                    {
                        words[c] = chunks[c * RowInterleave + r];
                    }
                }
            }
        }
    }

    internal static void CheckShape(int length, int rows, int cols, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        if (cols % BlockQ4_0.BlockSize != 0)
        {
            throw new ArgumentException($"'{nameof(cols)}' is {cols}, not a whole number of 32-value Q4_0 blocks.", nameof(cols));
        }

        long expected = (long)rows * (cols / BlockQ4_0.BlockSize);
        if (length != expected)
        {
            throw new ArgumentException($"'{name}' holds {length} blocks; a {rows} x {cols} Q4_0 matrix needs {expected}.", name);
        }
    }
}
