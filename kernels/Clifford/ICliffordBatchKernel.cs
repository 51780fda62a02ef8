using System.ComponentModel;

namespace TensorGen.Clifford;

/// <summary>
/// One generated batched Clifford operation, as <see cref="CliffordBatch"/> drives it: straight-line blocks that
/// read packed operands (component k of lane l at <c>k · lanes + l</c>) and write the packed result. Implemented
/// by generated code; not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ICliffordBatchKernel
{
    /// <summary>Components of the left operand (the versor of a sandwich).</summary>
    static abstract int LeftBlades { get; }

    /// <summary>Components of the right operand.</summary>
    static abstract int RightBlades { get; }

    /// <summary>Components of the result.</summary>
    static abstract int ResultBlades { get; }

    /// <summary>Components of an intermediate the block keeps in <c>scratch</c> (0 when it needs none).</summary>
    static abstract int ScratchBlades { get; }

    /// <summary>Four multivectors at once in 128-bit vectors.</summary>
    static abstract void Block128(ref float left, ref float right, ref float result, ref float scratch);

    /// <summary>Eight multivectors at once in 256-bit vectors.</summary>
    static abstract void Block256(ref float left, ref float right, ref float result, ref float scratch);

    /// <summary>Sixteen multivectors at once in 512-bit vectors.</summary>
    static abstract void Block512(ref float left, ref float right, ref float result, ref float scratch);

    /// <summary>One multivector: the scalar path and the tail of the vector paths.</summary>
    static abstract void Lane(ref float left, ref float right, ref float result);
}
