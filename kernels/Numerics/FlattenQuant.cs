using System;
using System.Collections.Generic;

namespace TensorGen.Numerics;

/// <summary>
/// Per-tensor 4-bit quantization of activations after flattening their outlier channels, after FlattenQuant
/// (Zhang et al., 2024): in a linear layer y = X·Wᵀ, an input channel c whose largest magnitude m_c exceeds the
/// threshold τ is replaced by n_c = ⌈m_c / τ⌉ copies holding x/n_c each, and the weight column c is repeated n_c
/// times, so the product is unchanged while the tensor's maximum — hence the one per-tensor scale — drops to at
/// most τ (or to the largest ordinary channel). The flattened tensor is then quantized symmetrically to 4 bits:
/// q = clamp(round(x/s), −7, 7), s = max|x| / 7, round half to even.
/// </summary>
public static class FlattenQuant
{
    /// <summary>The largest 4-bit code magnitude used (symmetric: −7…7).</summary>
    public const int MaxCode = 7;

    /// <summary>
    /// Plans the flattening of a rows × channels row-major activation tensor: how many copies each channel becomes.
    /// </summary>
    /// <param name="x">The activations (rows × channels, row-major), finite.</param>
    /// <param name="rows">Rows (tokens, samples).</param>
    /// <param name="channels">Channels (the layer's input features).</param>
    /// <param name="threshold">τ &gt; 0: channels whose max |x| exceeds it are split.</param>
    /// <param name="maxChannels">The most flattened channels allowed (at least <paramref name="channels"/>); the split
    /// counts are capped, largest channels first kept, so the tensor never grows past it.</param>
    /// <exception cref="ArgumentException">A length does not match, a value is NaN or infinite, τ is not a positive
    /// finite number, or <paramref name="maxChannels"/> is below <paramref name="channels"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="channels"/> is negative.</exception>
    public static FlattenPlan Plan(ReadOnlySpan<float> x, int rows, int channels, float threshold, int maxChannels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(channels);
        BlockChecks.Length(x.Length, (long)rows * channels, nameof(x));
        BlockChecks.Finite(x, nameof(x));
        if (!float.IsFinite(threshold) || threshold <= 0f)
        {
            throw new ArgumentException($"'{nameof(threshold)}' is {threshold}; it must be a positive finite number.", nameof(threshold));
        }

        if (maxChannels < channels)
        {
            throw new ArgumentException($"'{nameof(maxChannels)}' is {maxChannels}, fewer than the {channels} channels.", nameof(maxChannels));
        }

        var maxima = new float[channels];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < channels; c++)
            {
                maxima[c] = MathF.Max(maxima[c], MathF.Abs(x[r * channels + c]));
            }
        }

        var copies = new int[channels];
        long total = 0;
        for (int c = 0; c < channels; c++)
        {
            copies[c] = maxima[c] > threshold ? (int)Math.Min(int.MaxValue / 2, Math.Ceiling(maxima[c] / (double)threshold)) : 1;
            total += copies[c];
        }

        // Over budget: take a copy away from the channel whose maximum after the removal would be smallest, one at a time.
        if (total > maxChannels)
        {
            var queue = new PriorityQueue<int, float>();
            for (int c = 0; c < channels; c++)
            {
                if (copies[c] > 1) queue.Enqueue(c, maxima[c] / (copies[c] - 1));
            }

            while (total > maxChannels && queue.TryDequeue(out int c, out _))
            {
                copies[c]--;
                total--;
                if (copies[c] > 1) queue.Enqueue(c, maxima[c] / (copies[c] - 1));
            }
        }

        return new FlattenPlan(channels, copies);
    }

    /// <summary>Applies a plan to activations: each channel c becomes plan.Copies(c) channels of x/copies.</summary>
    /// <exception cref="ArgumentException">A length does not match the plan.</exception>
    public static void FlattenActivations(FlattenPlan plan, ReadOnlySpan<float> x, int rows, Span<float> flattened)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        BlockChecks.Length(x.Length, (long)rows * plan.Channels, nameof(x));
        BlockChecks.Length(flattened.Length, (long)rows * plan.FlattenedChannels, nameof(flattened));
        for (int r = 0; r < rows; r++)
        {
            int target = r * plan.FlattenedChannels;
            for (int c = 0; c < plan.Channels; c++)
            {
                int n = plan.Copies(c);
                float share = x[r * plan.Channels + c] / n;
                flattened.Slice(target, n).Fill(share);
                target += n;
            }
        }
    }

    /// <summary>Repeats the weight columns to match flattened activations: W (outputs × channels) → outputs × flattened.</summary>
    /// <exception cref="ArgumentException">A length does not match the plan.</exception>
    public static void RepeatWeights(FlattenPlan plan, ReadOnlySpan<float> w, int outputs, Span<float> repeated)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentOutOfRangeException.ThrowIfNegative(outputs);
        BlockChecks.Length(w.Length, (long)outputs * plan.Channels, nameof(w));
        BlockChecks.Length(repeated.Length, (long)outputs * plan.FlattenedChannels, nameof(repeated));
        for (int o = 0; o < outputs; o++)
        {
            int target = o * plan.FlattenedChannels;
            for (int c = 0; c < plan.Channels; c++)
            {
                int n = plan.Copies(c);
                repeated.Slice(target, n).Fill(w[o * plan.Channels + c]);
                target += n;
            }
        }
    }

    /// <summary>
    /// Per-tensor symmetric 4-bit quantization (codes −7…7 stored one per signed byte, ready for the int8 GEMM):
    /// returns the scale s = max|x| / 7 (0 for an all-zero tensor, whose codes are all 0).
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, or a value is NaN or infinite.</exception>
    public static float QuantizeInt4(ReadOnlySpan<float> source, Span<sbyte> codes)
    {
        BlockChecks.Length(codes.Length, source.Length, nameof(codes));
        BlockChecks.Finite(source, nameof(source));
        float amax = 0f;
        foreach (float v in source) amax = MathF.Max(amax, MathF.Abs(v));
        float scale = amax / MaxCode;
        float inverse = scale != 0f ? 1f / scale : 0f;
        for (int i = 0; i < source.Length; i++)
        {
            codes[i] = (sbyte)Math.Clamp(MathF.Round(source[i] * inverse, MidpointRounding.ToEven), -MaxCode, MaxCode);
        }

        return scale;
    }
}

/// <summary>How <see cref="FlattenQuant"/> splits each channel: <see cref="Copies"/> of channel c, in channel order.</summary>
public sealed class FlattenPlan
{
    private readonly int[] _copies;

    internal FlattenPlan(int channels, int[] copies)
    {
        Channels = channels;
        _copies = copies;
        long total = 0;
        foreach (int n in copies) total += n;
        FlattenedChannels = checked((int)total);
    }

    /// <summary>Channels before flattening.</summary>
    public int Channels { get; }

    /// <summary>Channels after flattening (Σ copies).</summary>
    public int FlattenedChannels { get; }

    /// <summary>How many channels channel <paramref name="channel"/> becomes (1 when it is not split).</summary>
    public int Copies(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, Channels);
        return _copies[channel];
    }

    /// <summary>The channels that were split.</summary>
    public int SplitChannels
    {
        get
        {
            int count = 0;
            foreach (int n in _copies) if (n > 1) count++;
            return count;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Channels} channels → {FlattenedChannels} ({SplitChannels} split)";
}
