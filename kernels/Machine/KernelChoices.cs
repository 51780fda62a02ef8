using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace TensorGen.Machine;

/// <summary>Where the value of a <see cref="KernelChoice"/> in use came from.</summary>
public enum ChoiceSource
{
    /// <summary>The model's value for the detected CPU: no profile entry, no override.</summary>
    Model,

    /// <summary>The active tuning profile (<c>bench -- tune</c> measured it on this CPU).</summary>
    Profile,

    /// <summary>An <see cref="KernelChoice.Override(string)"/> scope in the current asynchronous flow.</summary>
    Override,
}

/// <summary>
/// One per-machine choice a kernel makes at run time (which vector width a family runs, from which output size it
/// streams): a name, the model's value for the detected CPU, and the value <c>bench -- tune</c> measured, kept in
/// the tuning profile beside the model value it was measured against. The value in use is an override scope's where one is active, else the active profile's
/// (<see cref="ProfileStore.Default"/>), else the model's. A choice changes speed, never results: every value of
/// every choice computes the same bits.
/// </summary>
public abstract class KernelChoice
{
    private readonly AsyncLocal<string?> _override = new();
    private readonly Lazy<string?> _profileValue;

    private protected KernelChoice(string name, string description)
    {
        Name = name;
        Description = description;
        _profileValue = new Lazy<string?>(() => FromProfile(ProfileStore.Default.Active), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The choice's name in profiles and in <c>bench -- info</c>, e.g. <c>equivariant.harmonics.streaming</c>.</summary>
    public string Name { get; }

    /// <summary>What the choice decides, in a few words.</summary>
    public string Description { get; }

    /// <summary>The model's value on this machine, spelled as a profile spells it.</summary>
    public abstract string ModelValue { get; }

    /// <summary>The value in use in the current flow, spelled as a profile spells it.</summary>
    public string Value => _override.Value ?? _profileValue.Value ?? ModelValue;

    /// <summary>The value of an override scope in the current flow, or null.</summary>
    private protected string? OverrideValue => _override.Value;

    /// <summary>The value when no override is active: the profile's, else the model's (read once, then remembered).</summary>
    private protected string SettledValue => _profileValue.Value ?? ModelValue;

    /// <summary>Where <see cref="Value"/> comes from.</summary>
    public ChoiceSource Source =>
        _override.Value is not null ? ChoiceSource.Override : _profileValue.Value is not null ? ChoiceSource.Profile : ChoiceSource.Model;

    /// <summary>Why <paramref name="value"/> is not a value of this choice (one clause), or null when it is one.</summary>
    public abstract string? Problem(string? value);

    /// <summary>
    /// Makes <paramref name="value"/> the choice's value in the current asynchronous flow until the returned scope is
    /// disposed; the tuner and the report measure each value this way, and tests run every value.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a value of this choice.</exception>
    public IDisposable Override(string value)
    {
        if (Problem(value) is string problem)
        {
            throw new ArgumentException($"'{value}' is not a value of the kernel choice {Name}: {problem}.", nameof(value));
        }

        var scope = new Scope(this, _override.Value);
        _override.Value = value;
        return scope;
    }

    /// <summary>
    /// The value <paramref name="profile"/> holds for this choice (null when none), when it holds a valid one tuned against this
    /// process's model value: a value measured under other runtime knobs (a tune run with <c>DOTNET_EnableAVX512=0</c>
    /// has another widest path) is not this process's to take.
    /// </summary>
    public string? FromProfile(TuningProfile? profile)
    {
        string? value = profile?.FindChoice(Name, ModelValue)?.Value;
        return value is not null && Problem(value) is null ? value : null;
    }

    private sealed class Scope(KernelChoice choice, string? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            choice._override.Value = previous;
        }
    }
}

/// <summary>
/// The widest vector path a family of kernels takes on this machine: <c>Vector512</c>, <c>Vector256</c>,
/// <c>Vector128</c> or <c>Scalar</c>, never wider than <see cref="KernelDispatch.Accelerated"/>. The model takes the
/// widest path; the tuner keeps a narrower one where it measured the family faster there. A
/// <see cref="KernelDispatch.Override(VectorPath)"/> scope wins over it, so tests run every path whatever the profile says.
/// </summary>
public sealed class PathChoice : KernelChoice
{
    private readonly Lazy<VectorPath> _settled;

    internal PathChoice(string name, string description) : base(name, description) =>
        _settled = new Lazy<VectorPath>(() => Enum.Parse<VectorPath>(SettledValue), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <inheritdoc/>
    public override string ModelValue => KernelDispatch.Accelerated.ToString();

    /// <summary>The path the family takes in the current flow (read on every kernel call: parsed once unless overridden).</summary>
    public VectorPath Path
    {
        get
        {
            if (KernelDispatch.Overridden is VectorPath forced) return forced;
            VectorPath chosen = OverrideValue is string value ? Enum.Parse<VectorPath>(value) : _settled.Value;
            return chosen < KernelDispatch.Accelerated ? chosen : KernelDispatch.Accelerated;
        }
    }

    /// <inheritdoc/>
    public override string? Problem(string? value) =>
        value is not null && KernelDispatch.All.Any(p => p.ToString() == value)
            ? null
            : $"a path is one of {string.Join(", ", KernelDispatch.All)}";
}

/// <summary>
/// A number of bytes, or <c>never</c>: the output size from which a family writes with non-temporal stores (the
/// model streams past the last-level cache where an L3 is known and never where none is; the tuner keeps the
/// smallest measured size from which streaming beats ordinary stores at that size and every larger one, or never),
/// or how far ahead of its loads a streaming kernel prefetches (never: it leaves prefetching to the hardware).
/// </summary>
public sealed class ThresholdChoice : KernelChoice
{
    /// <summary>The spelling of a threshold that is never reached.</summary>
    public const string Never = "never";

    private readonly Func<CpuInfo, long?> _model;
    private readonly Lazy<long> _settled;

    internal ThresholdChoice(string name, string description, Func<CpuInfo, long?> model) : base(name, description)
    {
        _model = model;
        _settled = new Lazy<long>(() => Parse(SettledValue), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc/>
    public override string ModelValue => Spell(ModelFor(CpuInfo.Current));

    /// <summary>The output bytes from which the family streams in the current flow (<see cref="long.MaxValue"/>: never; parsed once unless overridden).</summary>
    public long Bytes => OverrideValue is string value ? Parse(value) : _settled.Value;

    /// <summary>The model's threshold for <paramref name="cpu"/>, or null for never.</summary>
    public long? ModelFor(CpuInfo cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        return _model(cpu);
    }

    /// <summary>An override scope at <paramref name="bytes"/> (<see cref="long.MaxValue"/> or null: never); see <see cref="KernelChoice.Override(string)"/>.</summary>
    public IDisposable Override(long? bytes) => Override(Spell(bytes));

    /// <summary>A threshold as a profile spells it: the bytes, or <see cref="Never"/>.</summary>
    public static string Spell(long? bytes) =>
        bytes is null or long.MaxValue ? Never : bytes.Value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override string? Problem(string? value) =>
        value == Never || (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long bytes) && bytes >= 0)
            ? null
            : $"a threshold is a whole number of bytes or '{Never}'";

    private static long Parse(string value) =>
        value == Never ? long.MaxValue : long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
}

/// <summary>
/// Every per-machine choice the kernels make at run time besides the GEMM blocking and tiles (which the profile's
/// blocking entries hold): what <c>bench -- tune</c> measures, the profile stores and <c>bench -- info</c> lists.
/// </summary>
public static class KernelChoices
{
    /// <summary>The width of the sample-major (e3nn <c>[batch, dim]</c>) tensor products and their backward passes.</summary>
    public static PathChoice SampleMajorProducts { get; } = new("equivariant.product.sample-major.path", "vector path of sample-major tensor products");

    /// <summary>The width of the component-major tensor products and their backward passes.</summary>
    public static PathChoice ComponentMajorProducts { get; } = new("equivariant.product.component-major.path", "vector path of component-major tensor products");

    /// <summary>The width of the sample-major spherical harmonics and their backward passes.</summary>
    public static PathChoice SampleMajorHarmonics { get; } = new("equivariant.harmonics.sample-major.path", "vector path of sample-major spherical harmonics");

    /// <summary>The width of the component-major spherical harmonics and their backward passes.</summary>
    public static PathChoice ComponentMajorHarmonics { get; } = new("equivariant.harmonics.component-major.path", "vector path of component-major spherical harmonics");

    /// <summary>The width of the decode-in-register GEMV of compact formats (bfloat16, posits, int8 codecs).</summary>
    public static PathChoice DecodeMatVec { get; } = new("precision.decode-matvec.path", "vector path of the decode-in-register GEMV");

    /// <summary>The width of the packed Q4_0 GEMV (<see cref="Numerics.PackedQ4_0"/>), bound by how fast its weights stream.</summary>
    public static PathChoice PackedQ4MatVec { get; } = new("precision.q4_0.packed.matvec.path", "vector path of the packed Q4_0 GEMV");

    /// <summary>
    /// The width of the packed Q4_0 × Q8_0 GEMM, bound by its integer dot products (on AVX-512 machines with AVX-VNNI
    /// the 256-bit path runs <c>vpdpbusd</c>, the 512-bit one <c>vpmaddubsw</c> + <c>vpmaddwd</c>).
    /// </summary>
    public static PathChoice PackedQ4MatMul { get; } = new("precision.q4_0.packed.matmul.path", "vector path of the packed Q4_0 GEMM");

    /// <summary>The output size from which the spherical harmonics stream (model: an eighth of a known L3).</summary>
    public static ThresholdChoice HarmonicsStreaming { get; } =
        new("equivariant.harmonics.streaming", "output bytes from which spherical harmonics stream", cpu => ThirdLevelBytes(cpu) / 8);

    /// <summary>The output size from which sample-major tensor products stream (model: a known L3).</summary>
    public static ThresholdChoice ProductStreaming { get; } =
        new("equivariant.product.streaming", "output bytes from which sample-major tensor products stream", ThirdLevelBytes);

    /// <summary>
    /// How far ahead the packed Q4_0 GEMV (<see cref="Numerics.PackedQ4_0"/>) prefetches its weights, in bytes of the
    /// stream (model: 8 KiB, about two DRAM latencies of one core's read bandwidth).
    /// </summary>
    public static ThresholdChoice PackedQ4Prefetch { get; } =
        new("precision.q4_0.packed.prefetch", "bytes ahead the packed Q4_0 GEMV prefetches its weights", _ => 8192);

    /// <summary>Every choice, in the order <c>bench -- info</c> lists them.</summary>
    public static IReadOnlyList<KernelChoice> All { get; } =
    [
        SampleMajorProducts, ComponentMajorProducts, SampleMajorHarmonics, ComponentMajorHarmonics, DecodeMatVec,
        PackedQ4MatVec, PackedQ4MatMul, HarmonicsStreaming, ProductStreaming, PackedQ4Prefetch,
    ];

    /// <summary>The choice named <paramref name="name"/>, or null.</summary>
    public static KernelChoice? Find(string? name) => All.FirstOrDefault(c => c.Name == name);

    /// <summary>The largest usable data cache of level 3 or more, or null when none was detected.</summary>
    private static long? ThirdLevelBytes(CpuInfo cpu)
    {
        long largest = cpu.Caches.Where(c => c.Level >= 3 && c.HoldsData && c.IsUsable).Select(c => c.SizeBytes).DefaultIfEmpty(0).Max();
        return largest > 0 ? largest : null;
    }
}
