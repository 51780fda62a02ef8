using System;

namespace TensorGen.Permutation;

/// <summary>
/// The hand-written pieces that generated <see cref="PermutationEquivariantAttribute"/> layers call: argument checks,
/// the channel mix on reduced tensors, and vectorized row primitives (sum, add, broadcast add) on every
/// <see cref="VectorPath"/>. Generated code reads <see cref="KernelDispatch.Current"/> once and passes the path down.
/// </summary>
public static partial class PermutationKernels
{
    /// <summary>
    /// Checks a layer's arguments once, before anything is written: <paramref name="n"/> ≥ 0, <paramref name="input"/>
    /// holds <c>inChannels · n^k</c>, <paramref name="weights"/> <c>outChannels · inChannels · basisCount</c> and
    /// <paramref name="output"/> <c>outChannels · n^l</c> elements, and the output shares no memory with an input.
    /// The names are the declaration's parameter names, used in the exceptions.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative, or the tensors would not fit in a span.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length, or the output overlaps an input.</exception>
    public static void Validate(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> output, int n,
                                int inputOrder, int outputOrder, int inChannels, int outChannels, int basisCount,
                                string inputName, string weightsName, string outputName, string nName)
    {
        if (n < 0)
        {
            throw new ArgumentOutOfRangeException(nName, n, $"'{nName}' must be non-negative.");
        }

        long inputLength = inChannels * Power(n, inputOrder, nName);
        long outputLength = outChannels * Power(n, outputOrder, nName);
        long weightsLength = (long)outChannels * inChannels * basisCount;
        if (weights.Length != weightsLength)
        {
            throw new ArgumentException(
                $"'{weightsName}' holds {weights.Length} weights; this layer needs {outChannels} x {inChannels} x {basisCount} = {weightsLength}: " +
                $"one per set partition of its {inputOrder + outputOrder} points (Bell({inputOrder + outputOrder}) = {basisCount}) for every " +
                "(output channel, input channel) pair, laid out [outChannels][inChannels][partition].",
                weightsName);
        }

        if (input.Length != inputLength)
        {
            throw new ArgumentException(
                $"'{inputName}' holds {input.Length} elements; {inChannels} input channel(s) of order {inputOrder} with {nName} = {n} need {inputLength}, laid out [inChannels][n^{inputOrder}].",
                inputName);
        }

        if (output.Length != outputLength)
        {
            throw new ArgumentException(
                $"'{outputName}' holds {output.Length} elements; {outChannels} output channel(s) of order {outputOrder} with {nName} = {n} need {outputLength}, laid out [outChannels][n^{outputOrder}].",
                outputName);
        }

        if (output.Overlaps(input) || output.Overlaps(weights))
        {
            string other = output.Overlaps(input) ? inputName : weightsName;
            throw new ArgumentException($"'{outputName}' overlaps '{other}'; the output must not share memory with an input.", outputName);
        }
    }

    /// <summary>n^order, or an exception naming n when a tensor of that size could not be a span.</summary>
    private static long Power(int n, int order, string nName)
    {
        long result = 1;
        for (int i = 0; i < order; i++)
        {
            result *= n;
            if (result > Array.MaxLength)
            {
                throw new ArgumentOutOfRangeException(nName, n, $"'{nName}' = {n} makes an order-{order} tensor larger than an array can hold.");
            }
        }

        return result;
    }
}
