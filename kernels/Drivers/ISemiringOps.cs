using System.ComponentModel;
using System.Runtime.Intrinsics;

namespace TensorGen.Kernels;

/// <summary>
/// The operator struct the semiring generator emits for each declaration (TensorPrimitives style): scalar
/// and vector forms of ⊕, ⊗ and the fused step <c>acc ⊕ (x ⊗ y)</c>, plus the generated register-tiled
/// micro-kernels. Hand-written drivers in <see cref="SemiringDrivers"/> own loops, packing and tails.
/// </summary>
/// <typeparam name="T">The lane type: the element type, or <see cref="byte"/> (0 or 1) for <see cref="bool"/> semirings.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ISemiringOps<T>
    where T : unmanaged
{
    /// <summary>The identity of ⊕.</summary>
    static abstract T Zero { get; }

    /// <summary>The identity of ⊗.</summary>
    static abstract T One { get; }

    /// <summary>Whether ⊕ is idempotent.</summary>
    static abstract bool IsAddIdempotent { get; }

    /// <summary>Scalar ⊕: the declaration's own member.</summary>
    static abstract T Add(T x, T y);

    /// <summary>Scalar ⊗: the declaration's own member.</summary>
    static abstract T Multiply(T x, T y);

    /// <summary>Lane-wise ⊕ on 128-bit vectors.</summary>
    static abstract Vector128<T> Add(Vector128<T> x, Vector128<T> y);

    /// <summary>Lane-wise ⊗ on 128-bit vectors.</summary>
    static abstract Vector128<T> Multiply(Vector128<T> x, Vector128<T> y);

    /// <summary>Lane-wise <c>acc ⊕ (x ⊗ y)</c> on 128-bit vectors.</summary>
    static abstract Vector128<T> MultiplyAdd(Vector128<T> acc, Vector128<T> x, Vector128<T> y);

    /// <summary>Lane-wise ⊕ on 256-bit vectors.</summary>
    static abstract Vector256<T> Add(Vector256<T> x, Vector256<T> y);

    /// <summary>Lane-wise ⊗ on 256-bit vectors.</summary>
    static abstract Vector256<T> Multiply(Vector256<T> x, Vector256<T> y);

    /// <summary>Lane-wise <c>acc ⊕ (x ⊗ y)</c> on 256-bit vectors.</summary>
    static abstract Vector256<T> MultiplyAdd(Vector256<T> acc, Vector256<T> x, Vector256<T> y);

    /// <summary>Lane-wise ⊕ on 512-bit vectors.</summary>
    static abstract Vector512<T> Add(Vector512<T> x, Vector512<T> y);

    /// <summary>Lane-wise ⊗ on 512-bit vectors.</summary>
    static abstract Vector512<T> Multiply(Vector512<T> x, Vector512<T> y);

    /// <summary>Lane-wise <c>acc ⊕ (x ⊗ y)</c> on 512-bit vectors.</summary>
    static abstract Vector512<T> MultiplyAdd(Vector512<T> acc, Vector512<T> x, Vector512<T> y);

    /// <summary>The register tile of the primary micro-kernel for <paramref name="path"/>.</summary>
    static abstract MicroTile Tile(VectorPath path);

    /// <summary>
    /// The register tile of the <paramref name="variant"/> micro-kernel for <paramref name="path"/> (the scalar path has one
    /// tile, returned for both variants). <see cref="GemmTiles"/> chooses which the driver runs.
    /// </summary>
    static abstract MicroTile Tile(VectorPath path, TileVariant variant);

    /// <summary>
    /// The scalar micro-kernel: a full tile of C (<see cref="Tile(VectorPath)"/> rows and columns) from packed
    /// panels of A (kc x mr, column by column) and B (kc x nr, row by row). When
    /// <paramref name="accumulate"/> is false the tile is overwritten, else combined with ⊕.
    /// </summary>
    static abstract void MicroKernelScalar(int kc, ref T a, ref T b, ref T c, nint ldc, bool accumulate);

    /// <summary>The 128-bit micro-kernel; see <see cref="MicroKernelScalar"/>.</summary>
    static abstract void MicroKernel128(int kc, ref T a, ref T b, ref T c, nint ldc, bool accumulate);

    /// <summary>The 256-bit micro-kernel; see <see cref="MicroKernelScalar"/>.</summary>
    static abstract void MicroKernel256(int kc, ref T a, ref T b, ref T c, nint ldc, bool accumulate);

    /// <summary>The 512-bit micro-kernel; see <see cref="MicroKernelScalar"/>.</summary>
    static abstract void MicroKernel512(int kc, ref T a, ref T b, ref T c, nint ldc, bool accumulate);

    /// <summary>The 128-bit micro-kernel on the alternate tile (<see cref="TileVariant.Alternate"/>); see <see cref="MicroKernelScalar"/>.</summary>
    static abstract void MicroKernel128Alternate(int kc, ref T a, ref T b, ref T c, nint ldc, bool accumulate);

    /// <summary>The 256-bit micro-kernel on the alternate tile (<see cref="TileVariant.Alternate"/>); see <see cref="MicroKernelScalar"/>.</summary>
    static abstract void MicroKernel256Alternate(int kc, ref T a, ref T b, ref T c, nint ldc, bool accumulate);

    /// <summary>The 512-bit micro-kernel on the alternate tile (<see cref="TileVariant.Alternate"/>); see <see cref="MicroKernelScalar"/>.</summary>
    static abstract void MicroKernel512Alternate(int kc, ref T a, ref T b, ref T c, nint ldc, bool accumulate);

    /// <summary>
    /// The GEMM variant baked into this build from a tuning profile, or null (the default) when the driver
    /// chooses the path and blocking at run time. A baked operator struct carries only the baked path's
    /// micro-kernel and the scalar one; its other <c>MicroKernel…</c> members forward to the scalar kernel.
    /// </summary>
    static virtual BakedGemm? Baked => null;

    /// <summary>
    /// Whether the micro-kernel step <c>acc ⊕ (x ⊗ y)</c> is one fused multiply-add (plus-times over floating point):
    /// one instruction per accumulator, so the kernel runs closest to the FMA units' peak and loses most to C's loads
    /// and stores between panels. <see cref="GemmTiles"/> takes the alternate tile on 256-bit vectors for it by default.
    /// </summary>
    static virtual bool IsFusedMultiplyAdd => false;
}

/// <summary>The shape of a micro-kernel's register tile, in elements.</summary>
/// <param name="Rows">Rows of C per tile (mr).</param>
/// <param name="Columns">Columns of C per tile (nr).</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct MicroTile(int Rows, int Columns);
