using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace TensorGen.Bench.Report;

/// <summary>
/// <c>bench report --paths</c> on a machine whose kernels take the 512-bit path: every selected case once more on
/// the 256-bit path, in a child process of this run started with <c>DOTNET_EnableAVX512=0</c> (the switch the .NET 10
/// runtime honours), so each row shows what the wider path buys. A family whose tuned path choice keeps it on
/// 256 bits shows about 1.0x; a family on 512 bits should show more.
/// </summary>
internal static class PathComparison
{
    /// <summary>Our throughput per row id on the 256-bit path, or null (and a line saying why) when it could not be measured.</summary>
    public static IReadOnlyDictionary<string, double>? Measure(ReportOptions options)
    {
        if (KernelDispatch.Accelerated != VectorPath.Vector512)
        {
            Console.WriteLine($"paths      not compared: kernels take {KernelDispatch.Accelerated} here, there is no wider path to compare with 256 bits");
            return null;
        }

        string directory = Path.Combine(Path.GetTempPath(), "tensorgen-report-256-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath ?? "dotnet") == "dotnet")
        {
            start.ArgumentList.Add(typeof(PathComparison).Assembly.Location);
        }

        foreach (string argument in (string[])["report", "--out", directory, .. options.Quick ? ["--quick"] : Array.Empty<string>(),
                                                .. options.Only.Length > 0 ? ["--only", string.Join(',', options.Only)] : Array.Empty<string>()])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_EnableAVX512"] = "0";
        Console.Error.WriteLine("[paths] the same cases on the 256-bit path (DOTNET_EnableAVX512=0) ...");
        try
        {
            using Process child = Process.Start(start) ?? throw new InvalidOperationException("the child process did not start");
            child.OutputDataReceived += (_, _) => { };
            child.ErrorDataReceived += (_, e) => { if (e.Data is { } line && line.StartsWith('[')) Console.Error.WriteLine("[paths] " + line); };
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();
            child.WaitForExit();
            string json = File.ReadAllText(Path.Combine(directory, "report.json"));
            using JsonDocument document = JsonDocument.Parse(json);
            return document.RootElement.EnumerateArray()
                .ToDictionary(row => row.GetProperty("id").GetString()!, row => row.GetProperty("ours").GetDouble());
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or JsonException or KeyNotFoundException
                                      or System.ComponentModel.Win32Exception or UnauthorizedAccessException)
        {
            Console.WriteLine($"paths      not compared: the 256-bit run failed ({e.Message})");
            return null;
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>The rows with their 256-bit figure attached, and a table of both paths.</summary>
    public static List<ReportRow> Attach(List<ReportRow> rows, IReadOnlyDictionary<string, double> narrow)
    {
        var attached = rows.Select(r => narrow.TryGetValue(r.Id, out double v) && v > 0 ? r with { Vector256Ours = v } : r).ToList();
        Console.WriteLine();
        Console.WriteLine($"{"case (ours, G ops/s)",-46} {"as run",9} {"256-bit",9} {"run/256",8}");
        foreach (ReportRow row in attached.Where(r => r.Vector256Ours is not null))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Id,-46} {row.Ours,9:F2} {row.Vector256Ours,9:F2} {row.Ours / row.Vector256Ours,7:F2}x"));
        }

        Console.WriteLine("as run: the path each family takes here (the widest, or its tuned path choice); 256-bit: the same case in a");
        Console.WriteLine("DOTNET_EnableAVX512=0 child run right after this one.");
        return attached;
    }
}
