using System.Globalization;
using System.IO;

namespace TensorGen.Bench.Report;

/// <summary>The human table: one aligned line per case, printed as each case finishes.</summary>
internal static class ReportTable
{
    private const string Format = "{0,-42} {1,9} {2,9} {3,8} {4,9} {5,6}  {6}";

    public static void WriteHeader(TextWriter output)
    {
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, Format,
            "case", "ours", "peer", "ratio", "ceiling", "ceil%", "check"));
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, Format,
            "", "Gop/s", "Gop/s", "", "Gop/s", "", ""));
    }

    public static void WriteRow(TextWriter output, ReportRow row)
    {
        string peer = row.PeerValue is double p ? p.ToString("F2", CultureInfo.InvariantCulture) : "-";
        string ratio = row.Ratio is double r ? r.ToString("F1", CultureInfo.InvariantCulture) + "x" : "-";
        string ceiling = row.Ceiling.ToString("F1", CultureInfo.InvariantCulture) + (row.CeilingKind == "bandwidth" ? "b" : "");
        string check = row.Verified ? "ok" : $"MISMATCH {row.Mismatch}";
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, Format,
            row.Id,
            row.Ours.ToString("F2", CultureInfo.InvariantCulture),
            peer,
            ratio,
            ceiling,
            (100 * row.FractionOfCeiling).ToString("F0", CultureInfo.InvariantCulture) + "%",
            check));
    }

    public static void WriteLegend(TextWriter output, string peerName)
    {
        output.WriteLine($"peer: {peerName} (the strongest peer measured here); ratio = ours / peer; "
                         + "ceiling: in-register loop of the same vector step (12 accumulators), or 'b' = streaming-read "
                         + "bandwidth of the operands where that is lower; check: ours vs naive before timing.");
    }
}
