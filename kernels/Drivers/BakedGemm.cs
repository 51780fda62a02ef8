using System.ComponentModel;

namespace TensorGen.Kernels;

/// <summary>
/// The GEMM variant a tuning profile baked into a build: the generator, given a profile as an <c>AdditionalFiles</c>
/// item, emits only this path's micro-kernel (plus the scalar reference kernel) and these block sizes, and
/// <see cref="ISemiringOps{T}.Baked"/> returns them. The driver then runs <see cref="Path"/> with
/// <see cref="Blocking"/> when the current path (<see cref="KernelDispatch.Current"/>) is at least as wide, and
/// the scalar kernel otherwise. Element-wise, MatVec and Dot kernels are not baked: they still choose their
/// vector width at run time.
/// </summary>
/// <param name="Path">The vector path of the one vector micro-kernel in the build (or <see cref="VectorPath.Scalar"/>).</param>
/// <param name="Tile">That micro-kernel's register tile.</param>
/// <param name="Blocking">The tuned kc, mc and nc for it; mc and nc are multiples of the tile.</param>
/// <param name="Variant">Which of the path's two tiles <see cref="Tile"/> is.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct BakedGemm(VectorPath Path, MicroTile Tile, GemmBlocking Blocking, TileVariant Variant = TileVariant.Primary);
