using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis.Text;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Semirings.Baking;

/// <summary>
/// Reads a tuning profile (the JSON <c>bench -- tune</c> writes) from an AdditionalFiles item and checks it the
/// way the runtime's <c>TuningProfile.Problem</c> does, except for the CPU: a baked build targets the machine the
/// profile was tuned on, which need not be the one compiling. Never throws: an unusable file becomes TGEN0007.
/// </summary>
internal static class ProfileReader
{
    public const string FileName = "tensorgen-profile.json";
    public const string FormatName = "tensorgen-tuning-profile";
    public const int Version = 1;

    /// <summary>Whether an AdditionalFiles item is a profile by its name: <c>tensorgen-profile.json</c> or <c>*.tensorgen-profile.json</c>.</summary>
    public static bool IsProfile(string path)
    {
        string name = Path.GetFileName(path);
        return name.Equals(FileName, StringComparison.OrdinalIgnoreCase)
               || name.EndsWith("." + FileName, StringComparison.OrdinalIgnoreCase);
    }

    public static ProfileFile Read(string path, SourceText? text, CancellationToken cancellationToken)
    {
        if (text is null)
        {
            return Unusable(path, null, 0, 0, "the file cannot be read");
        }

        JsonNode root;
        try
        {
            root = JsonReader.Parse(text.ToString());
        }
        catch (JsonFormatException e)
        {
            return Unusable(path, text, e.Line, e.Column,
                string.Format(CultureInfo.InvariantCulture, "it is not JSON ({0} at line {1}, column {2})", e.Message, e.Line + 1, e.Column + 1));
        }

        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return new ProfileFile(path, ToModel(path, root), EquatableArray<DiagnosticInfo>.Empty);
        }
        catch (ProblemException e)
        {
            return Unusable(path, text, e.At.Line, e.At.Column, e.Message);
        }
    }

    private static TuningProfileModel ToModel(string path, JsonNode root)
    {
        JsonObject profile = root as JsonObject ?? throw new ProblemException(root, $"its top level is {root.Describe}, not an object");
        string format = String(profile, "format", "it");
        if (format != FormatName)
        {
            throw new ProblemException(profile.Get("format")!, $"its format is '{format}', not '{FormatName}'");
        }

        int version = Int(profile, "version", "it", int.MinValue, int.MaxValue);
        if (version != Version)
        {
            throw new ProblemException(profile.Get("version")!,
                string.Format(CultureInfo.InvariantCulture, "it has schema version {0}; this generator reads version {1}", version, Version));
        }

        string cpu = String(profile, "cpuIdentity", "it");
        string created = String(profile, "createdUtc", "it");
        JsonNode entriesNode = Member(profile, "entries", "it");
        JsonArray entries = entriesNode as JsonArray ?? throw new ProblemException(entriesNode, $"its 'entries' is {entriesNode.Describe}, not an array");

        var result = new List<ProfileEntry>();
        var keys = new HashSet<(int, int, int, int)>();
        for (int i = 0; i < entries.Items.Count; i++)
        {
            string where = "entry " + i.ToString(CultureInfo.InvariantCulture);
            JsonNode node = entries.Items[i];
            JsonObject entry = node as JsonObject ?? throw new ProblemException(node, $"{where} is {node.Describe}, not an object");
            ProfileEntry parsed = Entry(entry, where);
            if (!keys.Add((parsed.Width, parsed.ElementSize, parsed.TileRows, parsed.TileColumns)))
            {
                throw new ProblemException(entry, string.Format(CultureInfo.InvariantCulture, "{0} repeats {1} {2}-byte {3}x{4}",
                    where, PathName(parsed.Width), parsed.ElementSize, parsed.TileRows, parsed.TileColumns));
            }

            result.Add(parsed);
        }

        return new TuningProfileModel(path, Path.GetFileName(path), cpu, created, result.ToEquatableArray());
    }

    private static ProfileEntry Entry(JsonObject entry, string where)
    {
        string pathName = String(entry, "path", where);
        int width = pathName switch
        {
            "Scalar" => 0,
            "Vector128" => 128,
            "Vector256" => 256,
            "Vector512" => 512,
            _ => throw new ProblemException(entry.Get("path")!, $"{where} has an unknown vector path '{pathName}'"),
        };

        int elementSize = Int(entry, "elementSize", where, 1, 16);
        if (elementSize is not (1 or 2 or 4 or 8 or 16))
        {
            throw new ProblemException(entry.Get("elementSize")!, string.Format(CultureInfo.InvariantCulture, "{0} has element size {1}", where, elementSize));
        }

        int rows = Int(entry, "tileRows", where, 1, 64);
        int columns = Int(entry, "tileColumns", where, 1, 1024);
        int kc = Int(entry, "kc", where, 1, 1 << 16);
        int mc = Int(entry, "mc", where, 1, 1 << 16);
        int nc = Int(entry, "nc", where, 1, 1 << 20);
        if (mc % rows != 0 || nc % columns != 0)
        {
            throw new ProblemException(entry, string.Format(CultureInfo.InvariantCulture,
                "{0} has mc {1} and nc {2}: mc must be a multiple of the tile rows {3} and nc of the tile columns {4}", where, mc, nc, rows, columns));
        }

        JsonNode speedNode = Member(entry, "speedupOverModel", where);
        if (speedNode is not JsonNumber speedNumber || !speedNumber.TryDouble(out double speedup)
            || double.IsNaN(speedup) || double.IsInfinity(speedup) || speedup <= 0)
        {
            throw new ProblemException(speedNode, $"{where} has a 'speedupOverModel' that is not a positive number");
        }

        return new ProfileEntry(width, elementSize, rows, columns, kc, mc, nc, speedup);
    }

    public static string PathName(int width) => width == 0 ? "Scalar" : "Vector" + width.ToString(CultureInfo.InvariantCulture);

    private static JsonNode Member(JsonObject owner, string name, string where) =>
        owner.Get(name) ?? throw new ProblemException(owner, $"{where} has no '{name}'");

    private static string String(JsonObject owner, string name, string where)
    {
        JsonNode node = Member(owner, name, where);
        return node is JsonString text ? text.Value : throw new ProblemException(node, $"{Its(where)} '{name}' is {node.Describe}, not a string");
    }

    private static int Int(JsonObject owner, string name, string where, int min, int max)
    {
        JsonNode node = Member(owner, name, where);
        if (node is not JsonNumber number || !number.TryInt32(out int value))
        {
            throw new ProblemException(node, $"{Its(where)} '{name}' is {(node is JsonNumber n ? n.Text : node.Describe)}, not a whole number");
        }

        if (value < min || value > max)
        {
            throw new ProblemException(node, string.Format(CultureInfo.InvariantCulture, "{0} '{1}' is {2}, outside {3}..{4}", Its(where), name, value, min, max));
        }

        return value;
    }

    private static string Its(string where) => where == "it" ? "its" : where + "'s";

    private static ProfileFile Unusable(string path, SourceText? text, int line, int column, string problem)
    {
        TextSpan span = default;
        var position = new LinePosition(line, column);
        if (text is not null && line < text.Lines.Count)
        {
            TextLine textLine = text.Lines[line];
            span = new TextSpan(Math.Min(textLine.Start + column, textLine.End), 0);
        }

        var diagnostic = new DiagnosticInfo(Diagnostics.UnusableProfile.Id, path, span, new LinePositionSpan(position, position),
            new[] { Path.GetFileName(path), problem }.ToEquatableArray());
        return new ProfileFile(path, null, new[] { diagnostic }.ToEquatableArray());
    }

    /// <summary>A profile that is JSON but not a usable profile, and the value at fault.</summary>
    private sealed class ProblemException : Exception
    {
        public ProblemException(JsonNode at, string message)
            : base(message) => At = at;

        public JsonNode At { get; }
    }
}
