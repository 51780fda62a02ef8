using System;
using System.Numerics;

namespace TensorGen.Numerics;

/// <summary>
/// The scalar posit codec for n ≤ 16 bits and exponent size es ≤ 2: decode to the exact float (every posit of
/// these sizes is a float), encode with round to nearest, ties to even on the bit string, never rounding a
/// nonzero value to zero or a finite value to NaR (values beyond maxpos give maxpos, below minpos give minpos,
/// as the 2022 posit standard says). NaN and ±infinity encode to NaR; NaR decodes to NaN.
/// </summary>
internal static class PositCodec
{
    public static float Decode(uint bits, int n, int es)
    {
        uint mask = (1u << n) - 1;
        bits &= mask;
        uint nar = 1u << (n - 1);
        if (bits == 0) return 0f;
        if (bits == nar) return float.NaN;

        bool negative = (bits & nar) != 0;
        uint a = negative ? (0u - bits) & mask : bits; // two's complement magnitude
        int body = n - 1;                               // bits after the sign
        bool ones = ((a >> (body - 1)) & 1) != 0;
        int run = 0;
        for (int i = body - 1; i >= 0 && (((a >> i) & 1) != 0) == ones; i--) run++;

        int k = ones ? run - 1 : -run;
        int remaining = Math.Max(0, body - run - 1);    // bits after the regime and its terminator
        uint rest = remaining == 0 ? 0 : a & ((1u << remaining) - 1);
        int exponentBits = Math.Min(es, remaining);
        uint exponent = exponentBits == 0 ? 0 : (rest >> (remaining - exponentBits)) << (es - exponentBits);
        int fractionBits = remaining - exponentBits;
        uint fraction = fractionBits == 0 ? 0 : rest & ((1u << fractionBits) - 1);

        int scale = (k << es) + (int)exponent;
        uint floatBits = ((uint)(scale + 127) << 23) | (fraction << (23 - fractionBits));
        if (negative) floatBits |= 0x8000_0000;
        return BitConverter.UInt32BitsToSingle(floatBits);
    }

    public static uint EncodeSingle(float value, int n, int es)
    {
        if (!float.IsFinite(value)) return 1u << (n - 1);
        if (value == 0f) return 0;
        uint bits = BitConverter.SingleToUInt32Bits(value);
        int biased = (int)((bits >> 23) & 0xFF);
        ulong significand = bits & 0x7F_FFFF;
        int scale;
        if (biased == 0)
        {
            int shift = BitOperations.LeadingZeroCount((uint)significand) - 8; // normalise a subnormal
            significand <<= shift;
            significand &= 0x7F_FFFF;
            scale = -126 - shift;
        }
        else
        {
            scale = biased - 127;
        }

        // Fraction as a 62-bit left-aligned field below the hidden bit.
        return Finish(value < 0, scale, significand << (62 - 23), sticky: false, n, es);
    }

    public static uint EncodeDouble(double value, int n, int es)
    {
        if (!double.IsFinite(value)) return 1u << (n - 1);
        if (value == 0d) return 0;
        ulong bits = BitConverter.DoubleToUInt64Bits(value);
        int biased = (int)((bits >> 52) & 0x7FF);
        ulong significand = bits & 0xF_FFFF_FFFF_FFFFUL;
        int scale;
        if (biased == 0)
        {
            int shift = BitOperations.LeadingZeroCount(significand) - 11;
            significand = (significand << shift) & 0xF_FFFF_FFFF_FFFFUL;
            scale = -1022 - shift;
        }
        else
        {
            scale = biased - 1023;
        }

        return Finish(value < 0, scale, significand << (62 - 52), sticky: false, n, es);
    }

    /// <summary>Builds the rounded pattern of ±2^scale·(1 + fraction/2^62).</summary>
    private static uint Finish(bool negative, int scale, ulong fraction62, bool sticky, int n, int es)
    {
        uint mask = (1u << n) - 1;
        int maxScale = (n - 2) << es;
        uint magnitude;
        if (scale >= maxScale)
        {
            magnitude = mask >> 1;                        // maxpos
        }
        else if (scale < -maxScale)
        {
            magnitude = 1;                                // minpos
        }
        else
        {
            int k = scale >> es;                          // floor division
            uint exponent = (uint)(scale - (k << es));
            int body = n - 1;
            // The unbounded bit string after the sign, left-aligned in a 64-bit field: regime, exponent, fraction.
            int regimeLength = k >= 0 ? k + 2 : -k + 1;   // run plus terminator; fits in body since |scale| < maxScale
            ulong regime = k >= 0 ? ((1UL << (k + 1)) - 1) << 1 : 1UL;
            int used = regimeLength + es;                  // ≤ 17
            ulong head = (regime << es) | exponent;       // `used` bits
            // The fraction follows the head; bits that fall off the 64-bit field fold into `lost`.
            ulong field = (head << (64 - used)) | (fraction62 >> (used - 2));
            bool lost = (fraction62 & ((1UL << (used - 2)) - 1)) != 0 || sticky;

            magnitude = (uint)(field >> (64 - body));
            ulong below = field << body;                   // bits after the kept ones
            bool guard = (below >> 63) != 0;
            bool rest = (below << 1) != 0 || lost;
            if (guard && (rest || (magnitude & 1) != 0)) magnitude++;
            if (magnitude == 0) magnitude = 1;
        }

        return negative ? (0u - magnitude) & mask : magnitude;
    }
}
