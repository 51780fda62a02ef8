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

/// <summary>A type containing the method, as its partial declaration header needs it.</summary>
internal sealed record PrecisionContainer(string Keyword, string Name);

/// <summary>
/// One [CompressedMatVec] method as plain equatable data: no symbols, syntax or compilations.
/// <see cref="Modifiers"/> are the declaration's own modifiers in order (e.g. <c>public static partial</c>).
/// </summary>
internal sealed record PrecisionMethodModel(
    string Namespace,
    EquatableArray<PrecisionContainer> ContainingTypes,
    string Name,
    string Modifiers,
    StorageKind Storage,
    EquatableArray<string> ParameterNames)
{
    /// <summary>The hint-name stem: namespace, containing types, method name and format.</summary>
    public string HintStem
    {
        get
        {
            string stem = Namespace.Length == 0 ? string.Empty : Namespace + ".";
            foreach (PrecisionContainer type in ContainingTypes) stem += type.Name + ".";
            return (stem + Name + "." + Storage).Replace("@", string.Empty);
        }
    }
}

/// <summary>The transform's result: a model when the declaration is valid, and the diagnostics found.</summary>
internal sealed record PrecisionResult(PrecisionMethodModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>What each storage format expects of the five parameters, and what the body calls.</summary>
internal static class StorageSignatures
{
    /// <summary>Fully qualified types of (w, x, y, rows, cols), as the compiler displays them.</summary>
    public static string[] Expected(StorageKind storage)
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
        return
        [
            $"System.ReadOnlySpan<{weights}>", $"System.ReadOnlySpan<{input}>", $"System.Span<{output}>", "int", "int",
        ];
    }

    /// <summary>One line saying what the generated body does.</summary>
    public static string Description(StorageKind storage) => storage switch
    {
        StorageKind.Int8 => "int8 weights x int8 activations, exact int32 sums",
        StorageKind.Q4_0 => "GGUF Q4_0 weights x activations quantized to Q8_0 on the fly, integer block sums scaled and accumulated in float",
        _ => storage + " weights widened to float in registers, float accumulation",
    };
}
