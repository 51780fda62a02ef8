using TensorGen.Generators.Common;

namespace TensorGen.Generators.Precision;

/// <summary>The storage formats, numbered as <c>TensorGen.StorageFormat</c>.</summary>
internal enum StorageKind
{
    BFloat16 = 1,
    Half = 2,
    Posit8 = 3,
    Posit16 = 4,
    Posit16Es2 = 5,
    Int8 = 6,
    Q4_0 = 7,
}

/// <summary>What the attribute asks for: <c>[CompressedMatVec]</c> or <c>[CompressedMatMul]</c>.</summary>
internal enum PrecisionOperation
{
    MatVec,
    MatMul,
}

/// <summary>One [CompressedMatVec] or [CompressedMatMul] method as plain equatable data: no symbols, syntax or compilations.</summary>
internal sealed record PrecisionMethodModel(PartialMethod Method, StorageKind Storage, PrecisionOperation Operation)
{
    /// <summary>The hint name's readable stem and the method's identity: namespace, containing types, method name and format.</summary>
    public HintEntry Hint => new(Method.Identity, Method.HintStem + "." + Storage + "." + Operation);
}

/// <summary>What each storage format expects of the parameters (five for a GEMV, six for a GEMM), and what the body calls.</summary>
internal static class StorageSignatures
{
    /// <summary>The parameter names the diagnostics show: (w, x, y, rows, cols) or (w, x, y, m, n, k).</summary>
    public static string[] Names(PrecisionOperation operation) =>
        operation == PrecisionOperation.MatVec ? ["w", "x", "y", "rows", "cols"] : ["w", "x", "y", "m", "n", "k"];

    /// <summary>Fully qualified types of the parameters, as the compiler displays them.</summary>
    public static string[] Expected(StorageKind storage, PrecisionOperation operation)
    {
        string weights = storage switch
        {
            StorageKind.BFloat16 => "TensorGen.Numerics.BFloat16",
            StorageKind.Half => "System.Half",
            StorageKind.Posit8 => "TensorGen.Numerics.Posit8",
            StorageKind.Posit16 => "TensorGen.Numerics.Posit16",
            StorageKind.Posit16Es2 => "TensorGen.Numerics.Posit16Es2",
            StorageKind.Int8 => "sbyte",
            _ => "TensorGen.Numerics.BlockQ4_0",
        };
        string input = storage == StorageKind.Int8 ? "sbyte" : "float";
        string output = storage == StorageKind.Int8 ? "int" : "float";
        return operation == PrecisionOperation.MatVec
            ? [$"System.ReadOnlySpan<{weights}>", $"System.ReadOnlySpan<{input}>", $"System.Span<{output}>", "int", "int"]
            : [$"System.ReadOnlySpan<{weights}>", $"System.ReadOnlySpan<{input}>", $"System.Span<{output}>", "int", "int", "int"];
    }

    /// <summary>The driver the generated body calls.</summary>
    public static string Kernel(StorageKind storage, PrecisionOperation operation) =>
        operation == PrecisionOperation.MatVec ? "MatVec" : storage == StorageKind.Q4_0 ? "MatMulQ8" : "MatMul";

    /// <summary>One line saying what the generated body does.</summary>
    public static string Description(StorageKind storage, PrecisionOperation operation) => (storage, operation) switch
    {
        (StorageKind.Int8, _) => "int8 weights x int8 activations, exact int32 sums",
        (StorageKind.Q4_0, PrecisionOperation.MatVec) => "GGUF Q4_0 weights x activations quantized to Q8_0 on the fly, integer block sums scaled and accumulated in float",
        (StorageKind.Q4_0, _) => "GGUF Q4_0 weights x each column of x quantized to Q8_0 once per call, integer block sums scaled and accumulated in float (bit-identical on every ISA)",
        (_, PrecisionOperation.MatVec) => storage + " weights widened to float in registers, float accumulation",
        _ => storage + " weights decoded a row panel at a time, then the f32 GEMM",
    };
}
