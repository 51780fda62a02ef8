using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ScottPlot;

namespace TensorGen.Bench.Report;

/// <summary>
/// The report's picture: GEMM throughput against size for each semiring (solid), the strongest native peer where
/// one ran (dashed: OpenBLAS for plus-times, GraphBLAS for the rest), and this machine's measured ceilings for
/// plus-times and max-plus (dotted), on a logarithmic throughput axis, written as <c>report.png</c> and <c>report.svg</c> beside <c>report.json</c>.
/// </summary>
internal static class ReportPlot
{
    /// <summary>Writes the picture; returns the PNG path, or null with the reason when it could not be drawn.</summary>
    public static (string? Path, string? Problem) Write(string directory, IReadOnlyList<ReportRow> rows)
    {
        // A line needs two sizes: a run that selects single GEMM cases (report --only ...) leaves the previous
        // picture in place instead of overwriting it with an empty plot.
        List<IGrouping<string, ReportRow>> lines = rows
            .Where(r => r.Id.StartsWith("semiring.", StringComparison.Ordinal) && r.Op == "gemm" && r.Threads == 1 && r.Type != "bits" && r.Verified && r.Ours > 0)
            .GroupBy(r => $"{r.Semiring} {r.Type}")
            .Where(series => series.Select(r => r.N).Distinct().Count() >= 2)
            .ToList();
        if (lines.Count == 0)
        {
            return (null, "no GEMM series with two or more sizes in this run; report.png and report.svg were left as they were");
        }

        try
        {
            var plot = new Plot();
            var patterned = new List<(IHasLine Line, float Width)>();
            foreach (IGrouping<string, ReportRow> series in lines)
            {
                ReportRow[] points = series.OrderBy(r => r.N).ToArray();
                var ours = plot.Add.Scatter(points.Select(r => (double)r.N).ToArray(), points.Select(r => Math.Log10(r.Ours)).ToArray());
                ours.LegendText = series.Key;
                ours.LineWidth = 2;
                string? native = points.SelectMany(r => r.Peers.Keys).FirstOrDefault(p => p is "openblas" or "graphblas");
                if (native is not null && points.All(r => r.Peers.ContainsKey(native)))
                {
                    var peer = plot.Add.Scatter(points.Select(r => (double)r.N).ToArray(), points.Select(r => Math.Log10(Math.Max(1e-3, r.Peers[native]))).ToArray());
                    peer.LegendText = $"{series.Key}: {native}";
                    peer.Color = ours.Color;
                    peer.LinePattern = LinePattern.Dashed;
                    peer.MarkerSize = 3;
                    patterned.Add((peer, 1));
                }

                if (series.Key is "plus-times f32" or "max-plus f32")
                {
                    var ceiling = plot.Add.HorizontalLine(Math.Log10(points[0].Ceiling));
                    ceiling.Color = ours.Color;
                    ceiling.LinePattern = LinePattern.Dotted;
                    ceiling.LegendText = $"{series.Key}: ceiling ({points[0].CeilingLoop})";
                    patterned.Add((ceiling, 0.5f));
                }
            }

            plot.Title("TensorGen semiring GEMM on this machine, one thread");
            plot.XLabel("n (n x n x n)");
            plot.YLabel("G ops/s (2 per ⊗⊕ step), log scale");
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = y => Math.Pow(10, y).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
            };
            plot.ShowLegend(Edge.Right);
            Directory.CreateDirectory(directory);
            string png = Path.Combine(directory, "report.png");
            plot.SavePng(png, 1400, 750);
            // Skia's SVG back end has no dash effects (it prints a complaint per line): in the SVG, peers and
            // ceilings are told apart by thinner solid lines instead.
            foreach ((IHasLine line, float width) in patterned)
            {
                line.LinePattern = LinePattern.Solid;
                line.LineWidth = width;
            }

            plot.SaveSvg(Path.Combine(directory, "report.svg"), 1400, 750);
            return (png, null);
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or IOException or InvalidOperationException)
        {
            return (null, $"the picture could not be drawn ({e.GetType().Name}: {e.Message})");
        }
    }
}
