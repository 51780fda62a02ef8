namespace EquivariantLayer;

/// <summary>
/// The layer, with fixed pseudo-random weights (a trained model would load them): every array is sample-major in
/// e3nn's layout, so edges and atoms are batches for the generated kernels.
/// </summary>
public static class Layer
{
    // The generator states each product's dimensions: 4 sender scalars, 9 harmonics, 4 + 12 + 20 message values, 4 invariants.
    private const int Scalars = Kernels.MessageInput1Dim;
    private const int HarmonicsDim = Kernels.MessageInput2Dim;
    private const int MessageDim = Kernels.MessageOutputDim;
    private const int Invariants = Kernels.ReadoutOutputDim;

    private static readonly float[] s_messageWeights = Weights(Kernels.MessageWeightCount, seed: 1);
    private static readonly float[] s_readoutWeights = Weights(Kernels.ReadoutWeightCount, seed: 2);

    /// <summary>The directed edges (sender, receiver) closer than <paramref name="cutoff"/>.</summary>
    public static List<(int From, int To)> Edges(float[] positions, float cutoff)
    {
        var edges = new List<(int, int)>();
        int atoms = positions.Length / 3;
        for (int i = 0; i < atoms; i++)
        for (int j = 0; j < atoms; j++)
        {
            if (i != j && Distance(positions, i, j) < cutoff) edges.Add((i, j));
        }

        return edges;
    }

    /// <summary>How many directed edges the cutoff keeps.</summary>
    public static int EdgeCount(float[] positions, float cutoff) => Edges(positions, cutoff).Count;

    /// <summary>Four invariant scalars per atom.</summary>
    public static float[] Run(string[] elements, float[] positions, float cutoff)
    {
        int atoms = elements.Length;
        List<(int From, int To)> edges = Edges(positions, cutoff);
        int count = edges.Count;

        // Edge vectors (receiver − sender), their harmonics, and a smooth radial factor that vanishes at the cutoff.
        float[] x = new float[count], y = new float[count], z = new float[count], radial = new float[count];
        for (int e = 0; e < count; e++)
        {
            (int from, int to) = edges[e];
            x[e] = positions[to * 3] - positions[from * 3];
            y[e] = positions[to * 3 + 1] - positions[from * 3 + 1];
            z[e] = positions[to * 3 + 2] - positions[from * 3 + 2];
            float r = MathF.Sqrt(x[e] * x[e] + y[e] * y[e] + z[e] * z[e]);
            radial[e] = 0.5f * (MathF.Cos(MathF.PI * r / cutoff) + 1);
        }

        float[] harmonics = new float[count * HarmonicsDim];
        Kernels.EdgeHarmonics(x, y, z, harmonics);

        // Sender features: a fixed embedding of the element (4 scalars), gathered per edge.
        float[] senders = new float[count * Scalars];
        for (int e = 0; e < count; e++) Embed(elements[edges[e].From]).CopyTo(senders.AsSpan(e * Scalars));

        float[] messages = new float[count * MessageDim];
        Kernels.Message(senders, harmonics, s_messageWeights, messages, count);

        // Scale each message by its radial factor (a scalar: equivariance is kept) and sum at the receiver.
        float[] aggregated = new float[atoms * MessageDim];
        for (int e = 0; e < count; e++)
        {
            Span<float> target = aggregated.AsSpan(edges[e].To * MessageDim, MessageDim);
            ReadOnlySpan<float> message = messages.AsSpan(e * MessageDim, MessageDim);
            for (int k = 0; k < MessageDim; k++) target[k] += radial[e] * message[k];
        }

        float[] invariants = new float[atoms * Invariants];
        Kernels.Readout(aggregated, aggregated, s_readoutWeights, invariants, atoms);
        return invariants;
    }

    private static float[] Embed(string element) => element switch
    {
        "H" => [1.0f, 0.1f, -0.2f, 0.3f],
        "C" => [0.2f, 1.0f, 0.4f, -0.1f],
        "N" => [-0.3f, 0.2f, 1.0f, 0.2f],
        "O" => [0.1f, -0.4f, 0.3f, 1.0f],
        _ => [0.5f, 0.5f, 0.5f, 0.5f],
    };

    private static float[] Weights(int count, int seed)
    {
        var rng = new Random(seed);
        var weights = new float[count];
        for (int i = 0; i < count; i++) weights[i] = (float)(rng.NextDouble() * 2 - 1);
        return weights;
    }

    private static float Distance(float[] p, int i, int j)
    {
        float dx = p[i * 3] - p[j * 3], dy = p[i * 3 + 1] - p[j * 3 + 1], dz = p[i * 3 + 2] - p[j * 3 + 2];
        return MathF.Sqrt(dx * dx + dy * dy + dz * dz);
    }
}
