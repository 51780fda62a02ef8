using System;

namespace TensorGen.Numerics;

/// <summary>
/// Symmetric int8 quantization: q = clamp(round(x / scale), −127, 127) with scale = amax / 127 (round half to
/// even), per tensor or per row; value = q·scale. A zero tensor or row gets scale 0 and codes 0.
/// NaN or infinite inputs are rejected with an <see cref="ArgumentException"/> naming the source.
/// </summary>
public static class Int8Quantization
{
    /// <summary>Quantizes the whole tensor with one scale, which it returns.</summary>
    /// <exception cref="ArgumentException">Lengths differ, or a value is NaN or infinite.</exception>
    public static float QuantizePerTensor(ReadOnlySpan<float> source, Span<sbyte> destination)
    {
        BlockChecks.Length(destination.Length, source.Length, nameof(destination));
        BlockChecks.Finite(source, nameof(source));
        float scale = ScaleOf(source);
        Encode(source, destination, scale);
        return scale;
    }

    /// <summary>Quantizes each row of a rows × cols row-major matrix with its own scale, written to <paramref name="scales"/>.</summary>
    /// <exception cref="ArgumentException">A length does not match rows × cols (or rows), or a value is NaN or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="cols"/> is negative.</exception>
    public static void QuantizePerRow(ReadOnlySpan<float> source, Span<sbyte> destination, Span<float> scales, int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        BlockChecks.Length(source.Length, (long)rows * cols, nameof(source));
        BlockChecks.Length(destination.Length, (long)rows * cols, nameof(destination));
        BlockChecks.Length(scales.Length, rows, nameof(scales));
        BlockChecks.Finite(source, nameof(source));
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = source.Slice(r * cols, cols);
            scales[r] = ScaleOf(row);
            Encode(row, destination.Slice(r * cols, cols), scales[r]);
        }
    }

    /// <summary>Decodes codes with one scale: value = q·scale.</summary>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    public static void Dequantize(ReadOnlySpan<sbyte> source, float scale, Span<float> destination)
    {
        BlockChecks.Length(destination.Length, source.Length, nameof(destination));
        for (int i = 0; i < source.Length; i++) destination[i] = source[i] * scale;
    }

    private static float ScaleOf(ReadOnlySpan<float> values)
    {
        float amax = 0f;
        foreach (float v in values) amax = MathF.Max(amax, MathF.Abs(v));
        return amax / 127f;
    }

    private static void Encode(ReadOnlySpan<float> source, Span<sbyte> destination, float scale)
    {
        float inverse = scale != 0f ? 1f / scale : 0f;
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = (sbyte)Math.Clamp(MathF.Round(source[i] * inverse), -127f, 127f);
        }
    }
}
