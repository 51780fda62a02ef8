using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace TensorGen.Generators.Common;

/// <summary>
/// A diagnostic as plain, equatable data (descriptor id, file, span, message arguments): models carry
/// these instead of <see cref="Diagnostic"/> or <see cref="Location"/>, which root compilations.
/// </summary>
internal sealed record DiagnosticInfo(string Id, string FilePath, TextSpan Span, LinePositionSpan LineSpan, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments)
    {
        Location where = location ?? Location.None;
        return new DiagnosticInfo(
            descriptor.Id,
            where.SourceTree?.FilePath ?? string.Empty,
            where.SourceSpan,
            where.GetLineSpan().Span,
            arguments.ToEquatableArray());
    }

    public Diagnostic ToDiagnostic()
    {
        Location location = FilePath.Length == 0 ? Location.None : Location.Create(FilePath, Span, LineSpan);
        return Diagnostic.Create(Diagnostics.ById(Id), location, Arguments.Cast<object>().ToArray());
    }
}
