using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using TensorGen.Kernels;

namespace TensorGen.Machine;

/// <summary>
/// What <c>bench -- tune</c> measured on one CPU: for each vector path, element size and micro-kernel tile, the
/// fastest blocking found around the analytic model's answer. Stored as JSON by <see cref="ProfileStore"/>.
/// </summary>
/// <param name="Format">Always <see cref="FormatName"/>; anything else is not a profile.</param>
/// <param name="Version">The schema version, <see cref="CurrentVersion"/>.</param>
/// <param name="CpuIdentity">The <see cref="CpuInfo.Identity"/> of the machine it was tuned on.</param>
/// <param name="CreatedUtc">When it was written.</param>
/// <param name="Tool">What wrote it (tool and version), for people.</param>
/// <param name="Entries">One tuned blocking per (path, element size, tile).</param>
/// <param name="Cpu">The whole detected CPU, for people reading the file; not used when loading.</param>
/// <param name="Choices">The other tuned choices (<see cref="KernelChoices"/>), one per name and model value; null or absent: none.</param>
public sealed record TuningProfile(
    string Format,
    int Version,
    string CpuIdentity,
    DateTimeOffset CreatedUtc,
    string Tool,
    IReadOnlyList<TunedBlocking> Entries,
    CpuInfo? Cpu,
    IReadOnlyList<TunedChoice>? Choices = null)
{
    /// <summary>The value of <see cref="Format"/>.</summary>
    public const string FormatName = "tensorgen-tuning-profile";

    /// <summary>The schema version this build reads and writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>A new profile for <paramref name="cpu"/>.</summary>
    public static TuningProfile Create(
        CpuInfo cpu, string tool, IReadOnlyList<TunedBlocking> entries, DateTimeOffset? createdUtc = null, IReadOnlyList<TunedChoice>? choices = null)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        return new TuningProfile(FormatName, CurrentVersion, cpu.Identity, createdUtc ?? DateTimeOffset.UtcNow, tool, entries, cpu, choices);
    }

    /// <summary>The tuned value of the choice named <paramref name="name"/> measured against the model value <paramref name="modelValue"/>, or null.</summary>
    public TunedChoice? FindChoice(string name, string modelValue) =>
        Choices?.FirstOrDefault(c => c is not null && c.Name == name && c.ModelValue == modelValue);

    /// <summary>The entry for a path, tile and element size, or null.</summary>
    public TunedBlocking? Find(VectorPath path, MicroTile tile, int elementSize) =>
        Entries?.FirstOrDefault(e => e is not null && e.Path == path && e.ElementSize == elementSize
                                     && e.TileRows == tile.Rows && e.TileColumns == tile.Columns);

    /// <summary>
    /// Why this profile must not be used on <paramref name="cpu"/> (wrong format or version, another CPU, an entry
    /// with sizes that make no sense), or null when it is fine. One sentence, naming the first problem found.
    /// </summary>
    public string? Problem(CpuInfo cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        if (Format != FormatName)
        {
            return $"its format is '{Format}', not '{FormatName}'";
        }

        if (Version != CurrentVersion)
        {
            return string.Create(CultureInfo.InvariantCulture, $"it has schema version {Version}; this build reads version {CurrentVersion}");
        }

        if (CpuIdentity != cpu.Identity)
        {
            return $"it was tuned on another CPU ('{CpuIdentity}'); this is '{cpu.Identity}'";
        }

        if (Entries is null)
        {
            return "it has no entries list";
        }

        var keys = new HashSet<(VectorPath, int, int, int)>();
        for (int i = 0; i < Entries.Count; i++)
        {
            TunedBlocking? entry = Entries[i];
            string? problem = entry is null ? "is null" : entry.Problem();
            if (problem is not null)
            {
                return string.Create(CultureInfo.InvariantCulture, $"entry {i} {problem}");
            }

            if (!keys.Add((entry!.Path, entry.ElementSize, entry.TileRows, entry.TileColumns)))
            {
                return string.Create(CultureInfo.InvariantCulture, $"entry {i} repeats {entry.Path} {entry.ElementSize}-byte {entry.TileRows}x{entry.TileColumns}");
            }
        }

        return ChoicesProblem();
    }

    /// <summary>
    /// Why the choices make no sense (an entry without a name, a name twice against one model value, a known choice with a value it cannot
    /// take), or null. A name this build does not know is allowed: a newer build wrote it.
    /// </summary>
    private string? ChoicesProblem()
    {
        var keys = new HashSet<(string, string)>();
        for (int i = 0; i < (Choices?.Count ?? 0); i++)
        {
            TunedChoice? choice = Choices![i];
            if (choice is null || string.IsNullOrWhiteSpace(choice.Name) || choice.Value is null || choice.ModelValue is null)
            {
                return string.Create(CultureInfo.InvariantCulture, $"choice {i} has no name, value or model value");
            }

            if (!keys.Add((choice.Name, choice.ModelValue)))
            {
                return string.Create(CultureInfo.InvariantCulture, $"choice {i} repeats {choice.Name} against model value {choice.ModelValue}");
            }

            if (KernelChoices.Find(choice.Name)?.Problem(choice.Value) is string problem)
            {
                return string.Create(CultureInfo.InvariantCulture, $"choice {i} ({choice.Name}) has value '{choice.Value}': {problem}");
            }
        }

        return null;
    }

    /// <summary>The profile as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, MachineJsonContext.Default.TuningProfile);

    /// <summary>Reads a profile from JSON; no validation beyond the syntax (see <see cref="Problem"/>).</summary>
    /// <exception cref="JsonException">The text is not JSON of this shape.</exception>
    public static TuningProfile Parse(string json) =>
        JsonSerializer.Deserialize(json, MachineJsonContext.Default.TuningProfile) ?? throw new JsonException("The profile is JSON null.");

    /// <inheritdoc/>
    public bool Equals(TuningProfile? other) =>
        other is not null && Format == other.Format && Version == other.Version && CpuIdentity == other.CpuIdentity
        && CreatedUtc.Equals(other.CreatedUtc) && CreatedUtc.Offset == other.CreatedUtc.Offset && Tool == other.Tool
        && (Entries ?? []).SequenceEqual(other.Entries ?? []) && Equals(Cpu, other.Cpu)
        && (Choices ?? []).SequenceEqual(other.Choices ?? []);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(CpuIdentity, CreatedUtc, Entries?.Count ?? 0);
}

/// <summary>The blocking tuned for one vector path, element size and tile, beside the model's answer it was compared with.</summary>
/// <param name="Path">The vector path the micro-kernel runs on.</param>
/// <param name="ElementSize">Bytes per element.</param>
/// <param name="TileRows">The micro-kernel's mr.</param>
/// <param name="TileColumns">The micro-kernel's nr.</param>
/// <param name="Kc">Tuned kc.</param>
/// <param name="Mc">Tuned mc, a multiple of <paramref name="TileRows"/>.</param>
/// <param name="Nc">Tuned nc, a multiple of <paramref name="TileColumns"/>.</param>
/// <param name="ModelKc">The analytic model's kc.</param>
/// <param name="ModelMc">The analytic model's mc.</param>
/// <param name="ModelNc">The analytic model's nc.</param>
/// <param name="SpeedupOverModel">Geometric-mean speed of the tuned blocking over the model's across the timed cases (1 when the model was kept).</param>
/// <param name="Timings">The timed cases, for reports.</param>
public sealed record TunedBlocking(
    VectorPath Path,
    int ElementSize,
    int TileRows,
    int TileColumns,
    int Kc,
    int Mc,
    int Nc,
    int ModelKc,
    int ModelMc,
    int ModelNc,
    double SpeedupOverModel,
    IReadOnlyList<TunedTiming>? Timings)
{
    /// <summary>The tuned block sizes.</summary>
    public GemmBlocking Blocking => new(Kc, Mc, Nc);

    /// <summary>Why this entry makes no sense, or null.</summary>
    public string? Problem()
    {
        static bool Within(int value, int max) => value >= 1 && value <= max;
        if (!Enum.IsDefined(Path))
        {
            return string.Create(CultureInfo.InvariantCulture, $"has an unknown vector path {(int)Path}");
        }

        if (ElementSize is not (1 or 2 or 4 or 8 or 16))
        {
            return string.Create(CultureInfo.InvariantCulture, $"has element size {ElementSize}");
        }

        if (!Within(TileRows, 64) || !Within(TileColumns, 1024))
        {
            return string.Create(CultureInfo.InvariantCulture, $"has tile {TileRows}x{TileColumns}");
        }

        if (!Within(Kc, 1 << 16) || !Within(Mc, 1 << 16) || !Within(Nc, 1 << 20) || Mc % TileRows != 0 || Nc % TileColumns != 0)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"has kc {Kc}, mc {Mc}, nc {Nc}: each must be positive and bounded, mc a multiple of {TileRows} and nc of {TileColumns}");
        }

        if (!double.IsFinite(SpeedupOverModel) || SpeedupOverModel <= 0)
        {
            return "has a speed-up that is not a positive number";
        }

        return null;
    }

    /// <inheritdoc/>
    public bool Equals(TunedBlocking? other) =>
        other is not null && Path == other.Path && ElementSize == other.ElementSize && TileRows == other.TileRows
        && TileColumns == other.TileColumns && Kc == other.Kc && Mc == other.Mc && Nc == other.Nc
        && ModelKc == other.ModelKc && ModelMc == other.ModelMc && ModelNc == other.ModelNc
        && SpeedupOverModel.Equals(other.SpeedupOverModel) && (Timings ?? []).SequenceEqual(other.Timings ?? []);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Path, ElementSize, TileRows, TileColumns, Kc, Mc, Nc);
}

/// <summary>One timed case of the tuner: a semiring at one square size, with the model's and the tuned blocking.</summary>
/// <param name="Semiring">The semiring's type name.</param>
/// <param name="Size">m = n = k.</param>
/// <param name="ModelGflops">Throughput with the model's blocking, in 10⁹ ⊗⊕ pairs × 2 per second.</param>
/// <param name="TunedGflops">Throughput with the tuned blocking.</param>
public sealed record TunedTiming(string Semiring, int Size, double ModelGflops, double TunedGflops);

/// <summary>The value <c>bench -- tune</c> kept for one <see cref="KernelChoice"/>, beside the model's.</summary>
/// <param name="Name">The choice's <see cref="KernelChoice.Name"/>.</param>
/// <param name="Value">The kept value, spelled as the choice spells it.</param>
/// <param name="ModelValue">The model's value on the machine it was tuned on.</param>
/// <param name="SpeedupOverModel">How much faster the kept value ran than the model's in the tuner's timings (1 when they are the same).</param>
/// <param name="Evidence">What was timed, for people: each candidate and its time.</param>
public sealed record TunedChoice(string Name, string Value, string ModelValue, double SpeedupOverModel, string? Evidence);
