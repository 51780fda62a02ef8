using System;
using System.Runtime.CompilerServices;

namespace TensorGen.Numerics;

/// <summary>
/// IEEE half to float in a few integer instructions: the exponent and fraction moved into a float's place and
/// scaled by 2¹¹² (exact for every finite half, subnormals included); infinities and NaNs take
/// <see cref="Half"/>'s own conversion. The block kernels decode one scale per 32 values with it: the runtime's
/// conversion is a call into ahead-of-time compiled code that costs as much as the block's arithmetic.
/// </summary>
internal static class HalfBits
{
    private const float TwoTo112 = 5.192296858534828e33f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToSingle(Half value)
    {
        ushort bits = BitConverter.HalfToUInt16Bits(value);
        if ((bits & 0x7C00) == 0x7C00)
        {
            return (float)value;
        }

        float magnitude = BitConverter.UInt32BitsToSingle((uint)(bits & 0x7FFF) << 13) * TwoTo112;
        return (bits & 0x8000) != 0 ? -magnitude : magnitude;
    }
}
