using System;
using System.Runtime.CompilerServices;

namespace TensorGen.Numerics;

/// <summary>
/// IEEE half to float in a few integer instructions, with no call: the exponent and fraction moved into a float's
/// place and scaled by 2¹¹² (exact for every finite half, subnormals included); infinities keep their sign and
/// NaNs come out quiet with their payload, as <see cref="Half"/>'s own conversion gives them. The block kernels
/// decode one scale per 32 values with it: the runtime's conversion is a call into precompiled code, and a call
/// inside a vector loop makes the JIT spill every accumulator around it.
/// </summary>
internal static class HalfBits
{
    private const float TwoTo112 = 5.192296858534828e33f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToSingle(Half value)
    {
        uint bits = BitConverter.HalfToUInt16Bits(value);
        uint sign = (bits & 0x8000u) << 16;
        uint magnitudeBits = bits & 0x7FFFu;
        if (magnitudeBits >= 0x7C00u)
        {
            uint fraction = (magnitudeBits & 0x3FFu) << 13;
            uint special = 0x7F800000u | fraction | (fraction != 0 ? 0x00400000u : 0u);
            return BitConverter.UInt32BitsToSingle(sign | special);
        }

        float magnitude = BitConverter.UInt32BitsToSingle(magnitudeBits << 13) * TwoTo112;
        return BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(magnitude) | sign);
    }
}
