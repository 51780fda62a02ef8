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
        WriteTiles(console, rows);
    }

    /// <summary>Each generated GEMM row's micro-kernel tile, beside the same case timed on the path's other tile.</summary>
    private static void WriteTiles(IAnsiConsole console, IReadOnlyList<ReportRow> rows)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("GEMM case")
            .AddColumn("tile run")
            .AddColumn(new TableColumn("Gop/s").RightAligned())
            .AddColumn("other tile")
            .AddColumn(new TableColumn("Gop/s").RightAligned())
            .AddColumn(new TableColumn("other / run").RightAligned());
        int count = 0;
        foreach (ReportRow row in rows)
        {
            if (row.Blocking is not { OtherTile: string other, OtherTileGigaOps: double otherGigaOps } blocking)
            {
                continue;
            }

            double ratio = otherGigaOps / row.Ours;
            table.AddRow(
                Markup.Escape(row.Id),
                blocking.Tile,
                Number(row.Ours, "F2"),
                other,
                Number(otherGigaOps, "F2"),
                $"[{(ratio > 1.02 ? "yellow" : "default")}]{Number(ratio, "F2")}x[/]");
            count++;
        }

        if (count > 0)
        {
            console.WriteLine();
            console.Write(table);
            console.WriteLine("tile run: the micro-kernel the driver chose (GemmTiles: a tuning profile's, else the default); other tile: the "
                              + "same case on the path's second generated micro-kernel in the same run (`bench tune` picks between them).");
        }
    }

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
