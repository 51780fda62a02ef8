using System;
using System.Collections.Concurrent;
using System.ComponentModel;
using System.Runtime.Intrinsics.Arm;
using System.Threading;
using TensorGen.Machine;

namespace TensorGen.Kernels;

/// <summary>
/// Which of a vector path's two generated micro-kernels the GEMM driver runs. Each semiring gets, per vector width,
/// a primary tile and an alternate one (see <see cref="ISemiringOps{T}.Tile(VectorPath, TileVariant)"/>): on 128-bit
/// vectors 4 x 2 vectors (SSE has 16 registers) and 8 x 3 (NEON has 32); on 256-bit vectors 6 x 2 and 4 x 3 (both 12
/// accumulators of AVX2's 16 registers, one reusing each A broadcast more, the other each B load); on 512-bit vectors
/// 8 x 2 and 14 x 2 (AVX-512's 32 registers).
/// </summary>
public enum TileVariant
{
    /// <summary>The first tile of the path: 4 x 2, 6 x 2 or 8 x 2 vectors for 128, 256 and 512 bits.</summary>
    Primary = 0,

    /// <summary>The second tile of the path: 8 x 3, 4 x 3 or 14 x 2 vectors for 128, 256 and 512 bits.</summary>
    Alternate = 1,
}

/// <summary>
/// Chooses the micro-kernel tile the GEMM driver runs on a path: an active <see cref="Override"/>; else the tile this
/// CPU's tuning profile (<see cref="ProfileStore.Default"/>) has an entry for (<c>bench tune</c> writes the faster one);
/// else the default: the 8 x 3-vector tile on ARM's 32 NEON registers; on 256-bit vectors the 4 x 3 tile (4x24 for
/// f32) for plus-times over floating point (<see cref="ISemiringOps{T}.IsFusedMultiplyAdd"/>) and the 6 x 2 tile for
/// every other semiring; the primary tile everywhere else.
/// </summary>
/// <remarks>
/// From runs on the 2-core Zen 3 VM (AVX2), n = 1024, each tile with its own model blocking (kc 256 for 4x24, 170 for
/// 6x16, whose k = 1024 then takes 6 passes over C instead of 4): plus-times f32, one FMA per step and so the most
/// exposed to C's traffic, ran 4x24 ahead in every interleaved pair (55–66 against 52–57 G ops/s; the full report
/// before C prefetching: 66.2 against 48.8). Max-plus and min-plus f32 were level within the report's order bias;
/// the guarded min-plus i32 ran 15–20% faster on 6x16 in the report, and min-plus f64 5–15% faster on 6x8 than on
/// 4x12 (kc 128): every other semiring keeps the primary tile.
/// </remarks>
public static class GemmTiles
{
    private static readonly AsyncLocal<TileVariant?> s_override = new();
    private static readonly ConcurrentDictionary<(VectorPath Path, MicroTile Primary, MicroTile Alternate, int ElementSize, bool FusedMultiplyAdd), TileVariant> s_chosen = new();

    /// <summary>
    /// The tile variant for <paramref name="path"/>, given the semiring's two tiles there and its element size, computed
    /// once per (path, tiles, element size, kind of step) and remembered. Never throws: a profile that cannot be read
    /// leaves the default. <paramref name="fusedMultiplyAdd"/> is the semiring's <see cref="ISemiringOps{T}.IsFusedMultiplyAdd"/>.
    /// </summary>
    public static TileVariant Choose(VectorPath path, MicroTile primary, MicroTile alternate, int elementSize, bool fusedMultiplyAdd = false)
    {
        if (s_override.Value is TileVariant forced)
        {
            return forced;
        }

        return s_chosen.GetOrAdd((path, primary, alternate, elementSize, fusedMultiplyAdd), static key =>
        {
            TuningProfile? profile = null;
            try
            {
                profile = ProfileStore.Default.Active;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Detection must never stop a kernel: keep the default.
            }

            return Resolve(key.Path, key.Primary, key.Alternate, key.ElementSize, profile, AdvSimd.Arm64.IsSupported, key.FusedMultiplyAdd);
        });
    }

    /// <summary>
    /// The choice for explicit inputs, in the order <see cref="Choose"/> uses: a profile entry for exactly one of the two
    /// tiles picks it; otherwise the alternate on 128-bit vectors when the CPU has 32 vector registers
    /// (<paramref name="thirtyTwoRegisters"/>, ARM64), the alternate on 256-bit vectors for a fused multiply-add step
    /// (<paramref name="fusedMultiplyAdd"/>), else the primary.
    /// </summary>
    public static TileVariant Resolve(VectorPath path, MicroTile primary, MicroTile alternate, int elementSize, TuningProfile? profile,
                                      bool thirtyTwoRegisters, bool fusedMultiplyAdd = false)
    {
        if (path == VectorPath.Scalar || primary == alternate)
        {
            return TileVariant.Primary;
        }

        if (profile is not null)
        {
            bool hasPrimary = profile.Find(path, primary, elementSize) is not null;
            bool hasAlternate = profile.Find(path, alternate, elementSize) is not null;
            if (hasAlternate && !hasPrimary)
            {
                return TileVariant.Alternate;
            }

            if (hasPrimary)
            {
                return TileVariant.Primary;
            }
        }

        return path switch
        {
            VectorPath.Vector128 when thirtyTwoRegisters => TileVariant.Alternate,
            VectorPath.Vector256 when fusedMultiplyAdd => TileVariant.Alternate,
            _ => TileVariant.Primary,
        };
    }

    /// <summary>
    /// Forces <paramref name="variant"/> on every GEMM (and the closures built on it) in the current asynchronous flow
    /// until the scope is disposed. For the tuner, which times both tiles, and for tests, which check both; results of
    /// exact semirings do not depend on the tile. A baked build (<see cref="ISemiringOps{T}.Baked"/>) ignores it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="variant"/> is not a defined value.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static IDisposable Override(TileVariant variant)
    {
        if (variant is not (TileVariant.Primary or TileVariant.Alternate))
        {
            throw new ArgumentOutOfRangeException(nameof(variant), variant, "expected TileVariant.Primary or TileVariant.Alternate");
        }

        var scope = new Scope(s_override.Value);
        s_override.Value = variant;
        return scope;
    }

    private sealed class Scope(TileVariant? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            s_override.Value = previous;
        }
    }
}
