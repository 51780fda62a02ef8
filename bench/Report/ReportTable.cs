using System;
using System.Collections.Generic;
using System.Globalization;
using Spectre.Console;

namespace TensorGen.Bench.Report;

/// <summary>
/// The table people read at the end of a report: one row per case with our throughput, the strongest peer's, the
/// ratio, this machine's ceiling and how much of it we reach, and the correctness check. Rendered by Spectre.Console
/// (colour on a terminal, plain text when redirected, at a width that keeps every id on one line).
/// </summary>
internal static class ReportTable
{
    public static void Write(IReadOnlyList<ReportRow> rows, string peerNames)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = 160;
        }

        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("case")
            .AddColumn(new TableColumn("ours Gop/s").RightAligned())
            .AddColumn(new TableColumn("peer Gop/s").RightAligned())
            .AddColumn(new TableColumn("ratio").RightAligned())
            .AddColumn(new TableColumn("ceiling Gop/s").RightAligned())
            .AddColumn(new TableColumn("ceil%").RightAligned())
            .AddColumn("check");
        foreach (ReportRow row in rows)
        {
            table.AddRow(
                Markup.Escape(row.Id),
                Number(row.Ours, "F2"),
                row.PeerValue is double peer ? Number(peer, "F2") : "-",
                row.Ratio is double ratio ? $"[{(ratio >= 1 ? "green" : "yellow")}]{Number(ratio, "F1")}x[/]" : "-",
                Number(row.Ceiling, "F1") + (row.CeilingKind == "bandwidth" ? " b" : ""),
                Number(100 * row.FractionOfCeiling, "F0") + "%",
                row.Verified ? "[green]ok[/]" : $"[red]MISMATCH[/] {Markup.Escape(row.Mismatch ?? "")}");
        }

        console.Write(table);
        console.WriteLine($"peer: {peerNames} (the strongest peer measured here); ratio = ours / peer; ceiling: in-register loop of "
                          + "the same vector step (12 accumulators), or 'b' = streaming-read bandwidth of the operands where that "
                          + "is lower; check: ours vs naive before timing.");
    }

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
