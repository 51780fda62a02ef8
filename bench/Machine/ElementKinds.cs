using System;
using System.Collections.Generic;
using TensorGen.Kernels;
using TensorGen.Semirings;

namespace TensorGen.Bench.Machine;

/// <summary>One element type the semiring kernels support, with a built-in semiring whose generated tiles stand for it.</summary>
internal sealed record ElementKind(string Name, int Size, string Representative, Func<VectorPath, TileVariant, MicroTile> Tile)
{
    /// <summary>
    /// The tile the GEMM driver takes on <paramref name="path"/> here (<see cref="GemmTiles.Choose"/>) and which variant it is,
    /// for a semiring whose step is a fused multiply-add (<see cref="ISemiringOps{T}.IsFusedMultiplyAdd"/>) or not.
    /// </summary>
    public (MicroTile Tile, TileVariant Variant) Chosen(VectorPath path, bool fusedMultiplyAdd = false)
    {
        TileVariant variant = GemmTiles.Choose(path, Tile(path, TileVariant.Primary), Tile(path, TileVariant.Alternate), Size, fusedMultiplyAdd);
        return (Tile(path, variant), variant);
    }

    /// <summary>Every element type: tiles depend only on the lane type, so one semiring per type shows them all.</summary>
    public static IReadOnlyList<ElementKind> All { get; } =
    [
        new("f32", 4, nameof(PlusTimesSingle), PlusTimesSingle.Operators.Tile),
        new("f64", 8, nameof(PlusTimesDouble), PlusTimesDouble.Operators.Tile),
        new("i32", 4, nameof(PlusTimesInt32), PlusTimesInt32.Operators.Tile),
        new("i64", 8, nameof(PlusTimesInt64), PlusTimesInt64.Operators.Tile),
        new("bool", 1, nameof(OrAnd), OrAnd.Operators.Tile),
    ];
}
