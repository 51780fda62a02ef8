using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace TensorGen.Bench.Report;

/// <summary>Writes <c>report.json</c> (an array of <see cref="ReportRow"/>) and <c>machine.json</c> beside it.</summary>
internal static class ReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
    };

    public static string Write(string directory, IReadOnlyList<ReportRow> rows, MachineInfo machine)
    {
        Directory.CreateDirectory(directory);
        string reportPath = Path.Combine(directory, "report.json");
        File.WriteAllText(reportPath, JsonSerializer.Serialize(rows, Options));
        File.WriteAllText(Path.Combine(directory, "machine.json"), JsonSerializer.Serialize(machine, Options));
        return reportPath;
    }
}
