using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TensorGen.Numerics;

/// <summary>
/// Branch-free posit decode in 128-bit registers. There is no portable vector leading-zero count, so the
/// regime's run length comes from the exponent of an int-to-float conversion; the exponent and fraction
/// bits are then split with exact float arithmetic. Every posit of ≤ 16 bits and es ≤ 2 is a float.
/// </summary>
internal static class PositVectorDecode128
{
    /// <summary>Decodes n-bit posits (zero-extended into 32-bit lanes) with exponent size es.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Decode(Vector128<uint> bits, int n, int es)
    {
        Vector128<int> p = bits.AsInt32();
        int body = n - 1;
        Vector128<int> mask = Vector128.Create((1 << n) - 1);
        Vector128<int> signBit = Vector128.Create(1 << body);
        Vector128<int> negative = Vector128.Equals(p & signBit, signBit);
        Vector128<int> a = Vector128.ConditionalSelect(negative, -p & mask, p);          // magnitude pattern
        Vector128<int> topBit = Vector128.Create(1 << (body - 1));
        Vector128<int> ones = Vector128.Equals(a & topBit, topBit);                       // regime of ones
        Vector128<int> x = Vector128.ConditionalSelect(ones, ~a & Vector128.Create((1 << body) - 1), a);
        // e = floor(log2 x): the position of the regime's terminating bit; x == 0 only for ±maxpos.
        Vector128<int> e = (Vector128.ConvertToSingle(x).AsInt32() >>> 23) - Vector128.Create(127);
        Vector128<int> k = Vector128.ConditionalSelect(ones, Vector128.Create(body - 2) - e, e - Vector128.Create(body - 1));
        // The e bits below the terminator hold exponent then fraction: t = rest / 2^e in [0, 1).
        Vector128<float> powE = ((Vector128.Create(127) + e) << 23).AsSingle();       // 2^e
        Vector128<int> restMask = Vector128.ConvertToInt32(powE) - Vector128.Create(1);
        Vector128<float> t = Vector128.ConvertToSingle(a & restMask) * ((Vector128.Create(127) - e) << 23).AsSingle(); // × 2^-e, exact
        Vector128<float> scaled = t * Vector128.Create((float)(1 << es));               // exponent.fraction
        Vector128<int> exponent = Vector128.ConvertToInt32(scaled);                     // truncation = floor (t ≥ 0)
        Vector128<float> fraction = scaled - Vector128.ConvertToSingle(exponent);
        Vector128<int> scale = (k << es) + exponent;
        Vector128<float> power = ((scale + Vector128.Create(127)) << 23).AsSingle();
        Vector128<float> magnitude = power + power * fraction;
        Vector128<float> maxpos = Vector128.Create((float)System.Math.Pow(2, (n - 2) << es));
        magnitude = Vector128.ConditionalSelect(Vector128.Equals(x, Vector128<int>.Zero).AsSingle(), maxpos, magnitude);
        Vector128<float> value = magnitude | (negative & Vector128.Create(int.MinValue)).AsSingle();
        value = Vector128.ConditionalSelect(Vector128.Equals(p, Vector128<int>.Zero).AsSingle(), Vector128<float>.Zero, value);
        return Vector128.ConditionalSelect(Vector128.Equals(p, signBit).AsSingle(), Vector128.Create(float.NaN), value);
    }
}
