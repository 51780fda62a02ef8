namespace TensorGen.Generators.Semirings;

/// <summary>
/// A micro-kernel's ISA and register tile: <see cref="Rows"/> rows of C by <see cref="Vectors"/> vectors
/// (or, for the scalar kernel, <see cref="Vectors"/> columns). Tiles keep rows x vectors accumulators plus
/// the B vectors and one broadcast inside the register file (16 on x86 before AVX-512, 32 with it and on NEON).
/// </summary>
internal sealed record MicroKernelShape(string IsaName, int Width, int Rows, int Vectors)
{
    public static readonly MicroKernelShape Scalar = new("Scalar", 0, 4, 4);
    public static readonly MicroKernelShape Vector128 = new("Vector128", 128, 4, 2);
    public static readonly MicroKernelShape Vector256 = new("Vector256", 256, 6, 2);
    public static readonly MicroKernelShape Vector512 = new("Vector512", 512, 8, 2);

    public static readonly MicroKernelShape[] All = { Scalar, Vector128, Vector256, Vector512 };

    /// <summary>Elements per vector for <paramref name="element"/> (1 for the scalar kernel).</summary>
    public int Lanes(ElementKind element) => Width == 0 ? 1 : Width / 8 / element.Size();

    /// <summary>Columns of C per tile.</summary>
    public int Columns(ElementKind element) => Vectors * Lanes(element);

    /// <summary>The kernel method name on the operator struct.</summary>
    public string MethodName => Width == 0 ? "MicroKernelScalar" : "MicroKernel" + Width;
}
