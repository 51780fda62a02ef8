using System;

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
    /// <summary>
    /// Fixed defaults for a tile, scaled by element size: a kc x nr panel of B and an mr x kc panel of A stay
    /// well inside a 32 KiB L1, mc x kc inside a 512 KiB L2. The per-machine model and tuner refine these.
    /// </summary>
    public static GemmBlocking Default(MicroTile tile, int elementSize)
    {
        int kc = Math.Clamp(1024 / Math.Max(1, elementSize), 128, 512);
        int mc = RoundUp(Math.Max(tile.Rows, 96 * 4 / Math.Max(1, elementSize)), tile.Rows);
        int nc = RoundUp(Math.Max(tile.Columns, 2048), tile.Columns);
        return new GemmBlocking(kc, mc, nc);
    }

    internal static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
