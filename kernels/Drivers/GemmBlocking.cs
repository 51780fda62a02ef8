using System;
using System.Collections.Concurrent;
using System.ComponentModel;
using System.Threading;
using TensorGen.Machine;

namespace TensorGen.Kernels;

/// <summary>
/// Cache blocking of the BLIS loop nest: <see cref="Kc"/> is the depth of the packed panels (sized for L1),
/// <see cref="Mc"/> the rows of A packed at once (L2), <see cref="Nc"/> the columns of B packed at once (L3).
/// </summary>
/// <param name="Kc">Depth of a packed panel.</param>
/// <param name="Mc">Rows of A per packed block, a multiple of the tile rows.</param>
/// <param name="Nc">Columns of B per packed block, a multiple of the tile columns.</param>
public readonly record struct GemmBlocking(int Kc, int Mc, int Nc)
{
    private static readonly AsyncLocal<GemmBlocking?> s_override = new();
    private static readonly ConcurrentDictionary<(VectorPath Path, MicroTile Tile, int ElementSize), BlockingChoice> s_chosen = new();

    /// <summary>The blocking for a tile on the path kernels take now (<see cref="KernelDispatch.Current"/>); see <see cref="For"/>.</summary>
    public static GemmBlocking Default(MicroTile tile, int elementSize) => For(KernelDispatch.Current, tile, elementSize);

    /// <summary>
    /// The blocking the GEMM driver uses for a micro-kernel tile on <paramref name="path"/>: an active
    /// <see cref="Override"/>, else <see cref="Choose"/>'s answer (profile, else model, else fixed defaults), computed
    /// once per (path, tile, element size) and remembered.
    /// </summary>
    public static GemmBlocking For(VectorPath path, MicroTile tile, int elementSize)
    {
        if (s_override.Value is GemmBlocking forced)
        {
            return RoundedTo(forced, tile);
        }

        return Choose(path, tile, elementSize).Blocking;
    }

    /// <summary>
    /// The blocking for a micro-kernel baked from a tuning profile (<see cref="BakedGemm"/>): an active
    /// <see cref="Override"/> (rounded up to the tile, as in <see cref="For"/>), else <paramref name="baked"/> as it is.
    /// </summary>
    public static GemmBlocking Baked(GemmBlocking baked, MicroTile tile) =>
        s_override.Value is GemmBlocking forced ? RoundedTo(forced, tile) : baked;

    /// <summary>
    /// The process's choice with its sources: (1) the <see cref="ProfileStore.Default"/> profile's entry for this CPU,
    /// path, tile and element size when the profile is present and valid; else (2) the <see cref="BlockingModel"/>
    /// from <see cref="CpuInfo.Current"/>; else (3) <see cref="Fixed"/>. Never throws for a valid tile.
    /// </summary>
    public static BlockingChoice Choose(VectorPath path, MicroTile tile, int elementSize) =>
        s_chosen.GetOrAdd((path, tile, elementSize), static key =>
        {
            CpuInfo? cpu = null;
            TuningProfile? profile = null;
            try
            {
                cpu = CpuInfo.Current;
                profile = ProfileStore.Default.Active;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Detection must never stop a kernel: fall through to the model (if the CPU was read) or the defaults.
            }

            return Resolve(key.Path, key.Tile, key.ElementSize, cpu, profile);
        });

    /// <summary>The choice for explicit inputs, in the order <see cref="Choose"/> uses: profile entry, model, fixed defaults.</summary>
    public static BlockingChoice Resolve(VectorPath path, MicroTile tile, int elementSize, CpuInfo? cpu, TuningProfile? profile)
    {
        if (profile?.Find(path, tile, elementSize) is TunedBlocking tuned && tuned.Problem() is null)
        {
            string basis = $"tuned {profile.CreatedUtc:yyyy-MM-dd} by {profile.Tool}";
            return new BlockingChoice(tuned.Blocking, InfoSource.Profile, InfoSource.Profile, InfoSource.Profile, basis, basis, basis);
        }

        if (cpu is not null)
        {
            return BlockingModel.Compute(cpu, tile, elementSize);
        }

        const string none = "no CPU description";
        return new BlockingChoice(Fixed(tile, elementSize), InfoSource.Default, InfoSource.Default, InfoSource.Default, none, none, none);
    }

    /// <summary>
    /// Fixed defaults for a tile, scaled by element size: a kc x nr panel of B and an mr x kc panel of A stay
    /// well inside a 32 KiB L1, mc x kc inside a 512 KiB L2. Used where the model has no usable cache to work from.
    /// </summary>
    public static GemmBlocking Fixed(MicroTile tile, int elementSize)
    {
        int kc = Math.Clamp(1024 / Math.Max(1, elementSize), 128, 512);
        int mc = RoundUp(Math.Max(tile.Rows, 96 * 4 / Math.Max(1, elementSize)), Math.Max(1, tile.Rows));
        int nc = RoundUp(Math.Max(tile.Columns, 2048), Math.Max(1, tile.Columns));
        return new GemmBlocking(kc, mc, nc);
    }

    /// <summary>
    /// Forces <paramref name="blocking"/> on every GEMM in the current asynchronous flow until the scope is disposed
    /// (mc and nc rounded up to the tile). For the tuner, which times candidate blockings; results of exact
    /// semirings do not depend on blocking.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A block size is not positive.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static IDisposable Override(GemmBlocking blocking)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blocking.Kc, nameof(blocking));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blocking.Mc, nameof(blocking));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blocking.Nc, nameof(blocking));
        var scope = new Scope(s_override.Value);
        s_override.Value = blocking;
        return scope;
    }

    internal static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private static GemmBlocking RoundedTo(GemmBlocking blocking, MicroTile tile) =>
        new(blocking.Kc, RoundUp(blocking.Mc, Math.Max(1, tile.Rows)), RoundUp(blocking.Nc, Math.Max(1, tile.Columns)));

    private sealed class Scope(GemmBlocking? previous) : IDisposable
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
