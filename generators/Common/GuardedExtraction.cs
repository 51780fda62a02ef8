using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace TensorGen.Generators.Common;

/// <summary>
/// The transform step every family shares: run a model extraction, keep the model only when it reported no
/// diagnostic, and turn an unexpected exception into TGEN0099 at the declaration's name instead of failing the
/// whole generator (cancellation still propagates).
/// </summary>
internal static class GuardedExtraction
{
    public static (TModel? Model, EquatableArray<DiagnosticInfo> Diagnostics) Run<TModel>(
        SyntaxToken identifier, Func<List<DiagnosticInfo>, TModel?> extract)
        where TModel : class
    {
        var diagnostics = new List<DiagnosticInfo>();
        try
        {
            TModel? model = extract(diagnostics);
            return (diagnostics.Count == 0 ? model : null, diagnostics.ToEquatableArray());
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.InternalError, identifier.GetLocation(),
                identifier.ValueText, exception.GetType().Name + ": " + exception.Message));
            return (null, diagnostics.ToEquatableArray());
        }
    }
}
