namespace TensorGen.Generators.Semirings;

/// <summary>The element types a semiring may have.</summary>
internal enum ElementKind
{
    Single,
    Double,
    Int32,
    Int64,
    Boolean,
}

internal static class ElementKinds
{
    /// <summary>The C# keyword of the element type.</summary>
    public static string Keyword(this ElementKind kind) => kind switch
    {
        ElementKind.Single => "float",
        ElementKind.Double => "double",
        ElementKind.Int32 => "int",
        ElementKind.Int64 => "long",
        _ => "bool",
    };

    /// <summary>The type of a vector lane: the element type, or byte (0 or 1) for bool.</summary>
    public static string Lane(this ElementKind kind) => kind == ElementKind.Boolean ? "byte" : kind.Keyword();

    public static int Size(this ElementKind kind) => kind switch
    {
        ElementKind.Single => 4,
        ElementKind.Double => 8,
        ElementKind.Int32 => 4,
        ElementKind.Int64 => 8,
        _ => 1,
    };

    public static bool IsFloatingPoint(this ElementKind kind) => kind is ElementKind.Single or ElementKind.Double;
}
