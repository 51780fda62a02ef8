namespace TensorGen.Generators.Semirings;

/// <summary>
/// A micro-kernel's ISA and register tile: <see cref="Rows"/> rows of C by <see cref="Vectors"/> vectors
/// (or, for the scalar kernel, <see cref="Vectors"/> columns). Tiles keep rows x vectors accumulators plus
/// the B vectors and one broadcast inside the register file: 16 registers on x86 before AVX-512, 32 with it
/// and on NEON. Each vector width has a primary and an alternate tile (the runtime's <c>TileVariant</c>).
/// </summary>
internal sealed record MicroKernelShape(string IsaName, int Width, int Rows, int Vectors, bool Alternate = false)
{
    public static readonly MicroKernelShape Scalar = new("Scalar", 0, 4, 4);

    /// <summary>4 x 2 vectors: 8 accumulators, within SSE's 16 registers.</summary>
    public static readonly MicroKernelShape Vector128 = new("Vector128", 128, 4, 2);

    /// <summary>8 x 3 vectors: 24 accumulators, for NEON's 32 registers (the 8x12-class ARM tile for f32).</summary>
    public static readonly MicroKernelShape Vector128Alternate = new("Vector128", 128, 8, 3, Alternate: true);

    /// <summary>6 x 2 vectors: 12 accumulators, each B load used by 6 broadcasts.</summary>
    public static readonly MicroKernelShape Vector256 = new("Vector256", 256, 6, 2);

    /// <summary>4 x 3 vectors: 12 accumulators, each broadcast used by 3 B vectors (4x24 for f32).</summary>
    public static readonly MicroKernelShape Vector256Alternate = new("Vector256", 256, 4, 3, Alternate: true);

    /// <summary>8 x 2 vectors: 16 accumulators.</summary>
    public static readonly MicroKernelShape Vector512 = new("Vector512", 512, 8, 2);

    /// <summary>14 x 2 vectors: 28 accumulators of AVX-512's 32 registers (14x32 for f32).</summary>
    public static readonly MicroKernelShape Vector512Alternate = new("Vector512", 512, 14, 2, Alternate: true);

    /// <summary>Every micro-kernel a semiring gets, scalar first.</summary>
    public static readonly MicroKernelShape[] All =
        { Scalar, Vector128, Vector128Alternate, Vector256, Vector256Alternate, Vector512, Vector512Alternate };

    /// <summary>The vector paths' primary tiles, widest first.</summary>
    public static readonly MicroKernelShape[] Primary = { Vector512, Vector256, Vector128 };

    /// <summary>The vector paths' alternate tiles, widest first.</summary>
    public static readonly MicroKernelShape[] Alternates = { Vector512Alternate, Vector256Alternate, Vector128Alternate };

    /// <summary>Elements per vector for <paramref name="element"/> (1 for the scalar kernel).</summary>
    public int Lanes(ElementKind element) => Width == 0 ? 1 : Width / 8 / element.Size();

    /// <summary>Columns of C per tile.</summary>
    public int Columns(ElementKind element) => Vectors * Lanes(element);

    /// <summary>The runtime's name of the variant: <c>Primary</c> or <c>Alternate</c>.</summary>
    public string VariantName => Alternate ? "Alternate" : "Primary";

    /// <summary>The kernel method name on the operator struct.</summary>
    public string MethodName => Width == 0 ? "MicroKernelScalar" : "MicroKernel" + Width + (Alternate ? "Alternate" : string.Empty);

    /// <summary>The part of the generated file's hint name that tells the kernels apart.</summary>
    public string HintName => IsaName + (Alternate ? "Alternate" : string.Empty);
}
