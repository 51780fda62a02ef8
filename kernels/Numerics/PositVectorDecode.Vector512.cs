using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TensorGen.Numerics;

/// <summary>
/// Branch-free posit decode in 512-bit registers. There is no portable vector leading-zero count, so the
/// regime's run length comes from the exponent of an int-to-float conversion; the exponent and fraction
/// bits are then split with exact float arithmetic. Every posit of ≤ 16 bits and es ≤ 2 is a float.
/// </summary>
internal static class PositVectorDecode512
{
    /// <summary>Decodes n-bit posits (zero-extended into 32-bit lanes) with exponent size es.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Decode(Vector512<uint> bits, int n, int es)
    {
        Vector512<int> p = bits.AsInt32();
        int body = n - 1;
        Vector512<int> mask = Vector512.Create((1 << n) - 1);
        Vector512<int> signBit = Vector512.Create(1 << body);
        Vector512<int> negative = Vector512.Equals(p & signBit, signBit);
        Vector512<int> a = Vector512.ConditionalSelect(negative, -p & mask, p);          // magnitude pattern
        Vector512<int> topBit = Vector512.Create(1 << (body - 1));
        Vector512<int> ones = Vector512.Equals(a & topBit, topBit);                       // regime of ones
        Vector512<int> x = Vector512.ConditionalSelect(ones, ~a & Vector512.Create((1 << body) - 1), a);
        // e = floor(log2 x): the position of the regime's terminating bit; x == 0 only for ±maxpos.
        Vector512<int> e = (Vector512.ConvertToSingle(x).AsInt32() >>> 23) - Vector512.Create(127);
        Vector512<int> k = Vector512.ConditionalSelect(ones, Vector512.Create(body - 2) - e, e - Vector512.Create(body - 1));
        // The e bits below the terminator hold exponent then fraction: t = rest / 2^e in [0, 1).
        Vector512<float> powE = ((Vector512.Create(127) + e) << 23).AsSingle();       // 2^e
        Vector512<int> restMask = Vector512.ConvertToInt32(powE) - Vector512.Create(1);
        Vector512<float> t = Vector512.ConvertToSingle(a & restMask) * ((Vector512.Create(127) - e) << 23).AsSingle(); // × 2^-e, exact
        Vector512<float> scaled = t * Vector512.Create((float)(1 << es));               // exponent.fraction
        Vector512<int> exponent = Vector512.ConvertToInt32(scaled);                     // truncation = floor (t ≥ 0)
        Vector512<float> fraction = scaled - Vector512.ConvertToSingle(exponent);
        Vector512<int> scale = (k << es) + exponent;
        Vector512<float> power = ((scale + Vector512.Create(127)) << 23).AsSingle();
        Vector512<float> magnitude = power + power * fraction;
        Vector512<float> maxpos = Vector512.Create((float)System.Math.Pow(2, (n - 2) << es));
        magnitude = Vector512.ConditionalSelect(Vector512.Equals(x, Vector512<int>.Zero).AsSingle(), maxpos, magnitude);
        Vector512<float> value = magnitude | (negative & Vector512.Create(int.MinValue)).AsSingle();
        value = Vector512.ConditionalSelect(Vector512.Equals(p, Vector512<int>.Zero).AsSingle(), Vector512<float>.Zero, value);
        return Vector512.ConditionalSelect(Vector512.Equals(p, signBit).AsSingle(), Vector512.Create(float.NaN), value);
    }
}
