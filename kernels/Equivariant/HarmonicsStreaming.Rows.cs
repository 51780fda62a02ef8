using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TensorGen.Equivariant;

/// <summary>
/// Non-temporal output for the generated component-major kernels, whose output is one row per harmonic
/// (<c>output[c * count + n]</c>): 49 separate streams for l ≤ 6, too many for the write-combining buffers if each
/// row took a 32-byte store at a time. The generated loop computes a window of vectors into a staging area of one
/// row per harmonic (<c>staging[c * stride + j]</c> holds harmonic c of vector <c>first + j</c>), and
/// <see cref="StreamRows{T}"/> writes each row's whole 64-byte destination lines in turn, every store of a line
/// back to back. A row's lines fall at its own offset (rows start <c>count</c> values apart), so the staging area
/// keeps one line of vectors (<c>E</c> = 64 bytes of values) ahead of the window: row c's lines start at its phase
/// <c>s_c</c> (the values from <c>first</c> to its next line boundary) and reach into the next window by the same
/// amount, which each call carries over by moving its last E vectors to the front.
/// The phases are taken from the destination's address at each call (a garbage collection may move it); the
/// vectors of each row written so far follow from the phase the last call used, which the caller keeps.
/// </summary>
public static partial class HarmonicsStreaming
{
    /// <summary>Whether a component-major output starting at <paramref name="destination"/> streams: large enough, and whole values from a line boundary.</summary>
    public static unsafe bool AppliesToRows<T>(ref T destination, long elements) =>
        Applies<T>(elements) && (nuint)Unsafe.AsPointer(ref destination) % (nuint)Unsafe.SizeOf<T>() == 0;

    /// <summary>The values of one 64-byte line (16 f32, 8 f64): the vectors each call carries over from one window to the next.</summary>
    public static int LineValues<T>() => 64 / Unsafe.SizeOf<T>();

    /// <summary>
    /// Starts a stream: writes each row's values ahead of its first whole line (staging positions
    /// 0 … s_c − 1, vectors 0 … s_c − 1) with ordinary stores and returns the phase state for <see cref="StreamRows{T}"/>.
    /// </summary>
    public static unsafe nuint BeginRows<T>(ref T staging, nint stride, int rows, ref T output, nint count)
    {
        fixed (byte* origin = &Unsafe.As<T, byte>(ref output))
        {
            nuint state = (nuint)origin % 64;
            for (int c = 0; c < rows; c++)
            {
                int phase = Phase<T>(state, c, count);
                Copy(ref Unsafe.Add(ref staging, c * stride), ref Unsafe.Add(ref output, c * count), phase);
            }

            return state;
        }
    }

    /// <summary>
    /// Writes the window's lines: staging positions 0 … E + <paramref name="lines"/> · E − 1 hold vectors
    /// <paramref name="first"/> onwards; each row gets <paramref name="lines"/> whole lines by non-temporal stores
    /// from its phase on (after any values a moved destination left between the last call's phase and this one's),
    /// then the last E positions move to the front for the next call. <paramref name="state"/> is
    /// <see cref="BeginRows{T}"/>'s, updated here.
    /// </summary>
    public static unsafe void StreamRows<T>(ref T staging, nint stride, int rows, int lines, ref T output, nint count, nint first, ref nuint state)
    {
        int line = LineValues<T>();
        fixed (byte* origin = &Unsafe.As<T, byte>(ref output))
        {
            nuint now = (nuint)origin % 64;
            for (int c = 0; c < rows; c++)
            {
                ref T row = ref Unsafe.Add(ref staging, c * stride);
                ref T destination = ref Unsafe.Add(ref output, c * count + first);
                int previous = Phase<T>(state, c, count), phase = Phase<T>(now, c, count);
                if (phase > previous) Copy(ref Unsafe.Add(ref row, previous), ref Unsafe.Add(ref destination, previous), phase - previous);
                byte* to = (byte*)Unsafe.AsPointer(ref Unsafe.Add(ref destination, phase));
                ref byte from = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref row, phase));
                for (int k = 0; k < lines; k++) StoreLine(ref Unsafe.Add(ref from, k * 64), to + k * 64);
                MoveLine(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref row, lines * line)), ref Unsafe.As<T, byte>(ref row));
            }

            state = now;
        }
    }

    /// <summary>
    /// Ends a stream: staging positions 0 … E − 1 hold vectors <paramref name="first"/> onwards, of which each row's
    /// values from the last call's phase on are still unwritten; writes them with ordinary stores. Call
    /// <see cref="Fence"/> after.
    /// </summary>
    public static void EndRows<T>(ref T staging, nint stride, int rows, ref T output, nint count, nint first, nuint state)
    {
        int line = LineValues<T>();
        for (int c = 0; c < rows; c++)
        {
            int phase = Phase<T>(state, c, count);
            Copy(ref Unsafe.Add(ref staging, c * stride + phase), ref Unsafe.Add(ref output, c * count + first + phase), line - phase);
        }
    }

    /// <summary>Row c's values from the start of a line-aligned window to its destination's next 64-byte boundary, for row 0 at byte <paramref name="state"/> of its line.</summary>
    private static int Phase<T>(nuint state, int c, nint count) =>
        (int)((64 - (state + (nuint)c * (nuint)count * (nuint)Unsafe.SizeOf<T>()) % 64) % 64) / Unsafe.SizeOf<T>();

    /// <summary>Copies 64 bytes within the staging area (the carried-over vectors of a row).</summary>
    private static void MoveLine(ref byte from, ref byte to)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256.LoadUnsafe(ref from).StoreUnsafe(ref to);
            Vector256.LoadUnsafe(ref from, 32).StoreUnsafe(ref to, 32);
        }
        else
        {
            for (nuint part = 0; part < 64; part += 16) Vector128.LoadUnsafe(ref from, part).StoreUnsafe(ref to, part);
        }
    }

    private static void Copy<T>(ref T from, ref T to, int values)
    {
        for (int i = 0; i < values; i++) Unsafe.Add(ref to, i) = Unsafe.Add(ref from, i);
    }
}
