using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TensorGen.Numerics;

/// <summary>
/// A GGUF/ggml Q4_0 block of 32 values in 18 bytes: the scale <c>d</c> as an IEEE half, then 16 bytes where
/// byte <c>j</c> holds element <c>j</c> in its low nibble and element <c>j + 16</c> in its high nibble;
/// element value = (nibble − 8)·d. The layout is byte-identical to what llama.cpp writes.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct BlockQ4_0 : IEquatable<BlockQ4_0>
{
    /// <summary>Values per block.</summary>
    public const int BlockSize = 32;

    /// <summary>Bytes per block.</summary>
    public const int ByteSize = 18;

    /// <summary>The scale.</summary>
    public Half D;

    /// <summary>The 16 bytes of packed nibbles.</summary>
    public Nibbles Qs;

    /// <summary>The 16 bytes of a block's packed 4-bit codes.</summary>
    [InlineArray(16)]
    public struct Nibbles
    {
        private byte _element0;
    }

    /// <summary>The 4-bit code (0…15) of element <paramref name="index"/> (0…31).</summary>
    public readonly int Code(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, BlockSize);
        byte b = Qs[index & 15];
        return index < 16 ? b & 0xF : b >> 4;
    }

    /// <summary>The blocks' bytes exactly as a GGUF tensor stores them.</summary>
    public static ReadOnlySpan<byte> AsBytes(ReadOnlySpan<BlockQ4_0> blocks) => MemoryMarshal.AsBytes(blocks);

    /// <summary>Reinterprets GGUF bytes as blocks; the length must be a whole number of 18-byte blocks.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not a whole number of blocks.</exception>
    public static ReadOnlySpan<BlockQ4_0> FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % ByteSize != 0)
        {
            throw new ArgumentException($"'{nameof(bytes)}' holds {bytes.Length} bytes, not a whole number of {ByteSize}-byte Q4_0 blocks.", nameof(bytes));
        }

        return MemoryMarshal.Cast<byte, BlockQ4_0>(bytes);
    }

    /// <summary>
    /// Quantizes <paramref name="source"/> (a multiple of 32 values) exactly as ggml's
    /// <c>quantize_row_q4_0_ref</c>: per block, max = the value of largest magnitude (first one on ties),
    /// d = max / −8, id = 1/d (0 when d = 0), code = min(15, trunc(x·id + 8.5)), d stored as a half (RNE).
    /// </summary>
    /// <exception cref="ArgumentException">The source length is not a multiple of 32, the destination does not
    /// hold one block per 32 values, or a value is NaN or infinite (ggml's result is undefined there).</exception>
    public static void Quantize(ReadOnlySpan<float> source, Span<BlockQ4_0> destination)
    {
        int blocks = BlockChecks.WholeBlocks(source.Length, nameof(source));
        BlockChecks.BlockCount(destination.Length, blocks, nameof(destination));
        BlockChecks.Finite(source, nameof(source));
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<float> x = source.Slice(b * BlockSize, BlockSize);
            float amax = 0f, max = 0f;
            for (int j = 0; j < BlockSize; j++)
            {
                float v = x[j];
                if (amax < MathF.Abs(v))
                {
                    amax = MathF.Abs(v);
                    max = v;
                }
            }

            float d = max / -8f;
            float id = d != 0f ? 1f / d : 0f;
            ref BlockQ4_0 block = ref destination[b];
            block.D = (Half)d;
            for (int j = 0; j < 16; j++)
            {
                int low = Math.Min(15, (int)(sbyte)(x[j] * id + 8.5f));
                int high = Math.Min(15, (int)(sbyte)(x[j + 16] * id + 8.5f));
                block.Qs[j] = (byte)(low | (high << 4));
            }
        }
    }

    /// <summary>Decodes blocks to floats: element = (code − 8)·(float)d, as ggml's <c>dequantize_row_q4_0</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> does not hold 32 values per block.</exception>
    public static void Dequantize(ReadOnlySpan<BlockQ4_0> source, Span<float> destination)
    {
        BlockChecks.Length(destination.Length, (long)source.Length * BlockSize, nameof(destination));
        for (int b = 0; b < source.Length; b++)
        {
            float d = HalfBits.ToSingle(source[b].D);
            for (int j = 0; j < 16; j++)
            {
                byte q = source[b].Qs[j];
                destination[b * BlockSize + j] = ((q & 0xF) - 8) * d;
                destination[b * BlockSize + j + 16] = ((q >> 4) - 8) * d;
            }
        }
    }

    /// <summary>Bytewise equality.</summary>
    public readonly bool Equals(BlockQ4_0 other) =>
        MemoryMarshal.AsBytes(new ReadOnlySpan<BlockQ4_0>(in this)).SequenceEqual(MemoryMarshal.AsBytes(new ReadOnlySpan<BlockQ4_0>(in other)));

    /// <inheritdoc/>
    public override readonly bool Equals(object? obj) => obj is BlockQ4_0 other && Equals(other);

    /// <inheritdoc/>
    public override readonly int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(MemoryMarshal.AsBytes(new ReadOnlySpan<BlockQ4_0>(in this)));
        return hash.ToHashCode();
    }

    /// <summary>The scale and the 32 decoded values.</summary>
    public override readonly string ToString()
    {
        Span<float> values = stackalloc float[BlockSize];
        Dequantize(new ReadOnlySpan<BlockQ4_0>(in this), values);
        return $"Q4_0(d={(float)D:R}: {string.Join(", ", values.ToArray())})";
    }
}

/// <summary>
/// A GGUF/ggml Q8_0 block of 32 values in 34 bytes: the scale <c>d</c> as an IEEE half, then 32 signed bytes;
/// element value = q·d. The layout is byte-identical to what llama.cpp writes.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct BlockQ8_0 : IEquatable<BlockQ8_0>
{
    /// <summary>Values per block.</summary>
    public const int BlockSize = 32;

    /// <summary>Bytes per block.</summary>
    public const int ByteSize = 34;

    /// <summary>The scale.</summary>
    public Half D;

    /// <summary>The 32 signed codes.</summary>
    public Codes Qs;

    /// <summary>The 32 signed codes of a block.</summary>
    [InlineArray(32)]
    public struct Codes
    {
        private sbyte _element0;
    }

    /// <summary>The blocks' bytes exactly as a GGUF tensor stores them.</summary>
    public static ReadOnlySpan<byte> AsBytes(ReadOnlySpan<BlockQ8_0> blocks) => MemoryMarshal.AsBytes(blocks);

    /// <summary>Reinterprets GGUF bytes as blocks; the length must be a whole number of 34-byte blocks.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not a whole number of blocks.</exception>
    public static ReadOnlySpan<BlockQ8_0> FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % ByteSize != 0)
        {
            throw new ArgumentException($"'{nameof(bytes)}' holds {bytes.Length} bytes, not a whole number of {ByteSize}-byte Q8_0 blocks.", nameof(bytes));
        }

        return MemoryMarshal.Cast<byte, BlockQ8_0>(bytes);
    }

    /// <summary>
    /// Quantizes <paramref name="source"/> (a multiple of 32 values) exactly as ggml's <c>quantize_row_q8_0_ref</c>:
    /// per block d = amax / 127, id = 1/d (0 when d = 0), code = roundf(x·id) (half away from zero), d stored as a half.
    /// </summary>
    /// <exception cref="ArgumentException">The source length is not a multiple of 32, the destination does not
    /// hold one block per 32 values, or a value is NaN or infinite.</exception>
    public static void Quantize(ReadOnlySpan<float> source, Span<BlockQ8_0> destination)
    {
        int blocks = BlockChecks.WholeBlocks(source.Length, nameof(source));
        BlockChecks.BlockCount(destination.Length, blocks, nameof(destination));
        BlockChecks.Finite(source, nameof(source));
        for (int b = 0; b < blocks; b++)
        {
            QuantizeBlock(source.Slice(b * BlockSize, BlockSize), ref destination[b]);
        }
    }

    internal static void QuantizeBlock(ReadOnlySpan<float> x, ref BlockQ8_0 block)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            QuantizeBlock256(x, ref block);
            return;
        }

        float amax = 0f;
        for (int j = 0; j < BlockSize; j++) amax = MathF.Max(amax, MathF.Abs(x[j]));
        float d = amax / 127f;
        float id = d != 0f ? 1f / d : 0f;
        block.D = (Half)d;
        for (int j = 0; j < BlockSize; j++)
        {
            block.Qs[j] = (sbyte)MathF.Round(x[j] * id, MidpointRounding.AwayFromZero);
        }
    }

    /// <summary>
    /// <see cref="QuantizeBlock"/> on 256-bit vectors, byte for byte the same: the maximum is exact in any order,
    /// x·id is the same single rounding, and half away from zero is trunc(v) plus sign(v) where |v − trunc(v)| ≥ ½
    /// (v − trunc(v) is exact).
    /// </summary>
    private static void QuantizeBlock256(ReadOnlySpan<float> x, ref BlockQ8_0 block)
    {
        ref float x0 = ref MemoryMarshal.GetReference(x);
        Vector256<float> v0 = Vector256.LoadUnsafe(ref x0), v1 = Vector256.LoadUnsafe(ref x0, 8);
        Vector256<float> v2 = Vector256.LoadUnsafe(ref x0, 16), v3 = Vector256.LoadUnsafe(ref x0, 24);
        Vector256<float> most = Vector256.Max(Vector256.Max(Vector256.Abs(v0), Vector256.Abs(v1)), Vector256.Max(Vector256.Abs(v2), Vector256.Abs(v3)));
        Vector128<float> half = Vector128.Max(most.GetLower(), most.GetUpper());
        float amax = MathF.Max(MathF.Max(half.GetElement(0), half.GetElement(1)), MathF.Max(half.GetElement(2), half.GetElement(3)));
        float d = amax / 127f;
        float id = d != 0f ? 1f / d : 0f;
        block.D = (Half)d;
        Vector256<float> scale = Vector256.Create(id);
        Vector256<short> low = Vector256.Narrow(RoundAway(v0 * scale), RoundAway(v1 * scale));
        Vector256<short> high = Vector256.Narrow(RoundAway(v2 * scale), RoundAway(v3 * scale));
        Vector256.Narrow(low, high).AsSByte().StoreUnsafe(ref Unsafe.As<Codes, sbyte>(ref block.Qs));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> RoundAway(Vector256<float> v)
    {
        Vector256<float> whole = Vector256.Truncate(v);
        Vector256<float> step = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(Vector256.Abs(v - whole), Vector256.Create(0.5f)),
                                                            Vector256.CopySign(Vector256<float>.One, v), Vector256<float>.Zero);
        return Vector256.ConvertToInt32(whole + step);
    }

    /// <summary>Decodes blocks to floats: element = q·(float)d.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> does not hold 32 values per block.</exception>
    public static void Dequantize(ReadOnlySpan<BlockQ8_0> source, Span<float> destination)
    {
        BlockChecks.Length(destination.Length, (long)source.Length * BlockSize, nameof(destination));
        for (int b = 0; b < source.Length; b++)
        {
            float d = HalfBits.ToSingle(source[b].D);
            for (int j = 0; j < BlockSize; j++) destination[b * BlockSize + j] = source[b].Qs[j] * d;
        }
    }

    /// <summary>Bytewise equality.</summary>
    public readonly bool Equals(BlockQ8_0 other) =>
        MemoryMarshal.AsBytes(new ReadOnlySpan<BlockQ8_0>(in this)).SequenceEqual(MemoryMarshal.AsBytes(new ReadOnlySpan<BlockQ8_0>(in other)));

    /// <inheritdoc/>
    public override readonly bool Equals(object? obj) => obj is BlockQ8_0 other && Equals(other);

    /// <inheritdoc/>
    public override readonly int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(MemoryMarshal.AsBytes(new ReadOnlySpan<BlockQ8_0>(in this)));
        return hash.ToHashCode();
    }

    /// <summary>The scale and the 32 decoded values.</summary>
    public override readonly string ToString()
    {
        Span<float> values = stackalloc float[BlockSize];
        Dequantize(new ReadOnlySpan<BlockQ8_0>(in this), values);
        return $"Q8_0(d={(float)D:R}: {string.Join(", ", values.ToArray())})";
    }
}

/// <summary>Argument checks of the block formats and quantizers.</summary>
internal static class BlockChecks
{
    public static int WholeBlocks(int length, string name)
    {
        if (length % 32 != 0)
        {
            throw new ArgumentException($"'{name}' holds {length} values, not a whole number of 32-value blocks.", name);
        }

        return length / 32;
    }

    public static void BlockCount(int length, long expected, string name)
    {
        if (length != expected)
        {
            throw new ArgumentException($"'{name}' holds {length} blocks; expected {expected}.", name);
        }
    }

    public static void Length(int length, long expected, string name)
    {
        if (length != expected)
        {
            throw new ArgumentException($"'{name}' holds {length} elements; expected {expected}.", name);
        }
    }

    public static void Finite(ReadOnlySpan<float> values, string name)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"'{name}'[{i}] is {values[i]}; quantizers accept finite values only.", name);
            }
        }
    }
}
