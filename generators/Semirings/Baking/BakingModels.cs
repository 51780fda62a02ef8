using TensorGen.Generators.Common;

namespace TensorGen.Generators.Semirings.Baking;

/// <summary>One tuned blocking of a profile: the micro-kernel it was measured with and the block sizes chosen.</summary>
/// <param name="Width">The vector width of the path in bits, 0 for the scalar path.</param>
/// <param name="ElementSize">Bytes per element.</param>
/// <param name="TileRows">The micro-kernel's mr.</param>
/// <param name="TileColumns">The micro-kernel's nr.</param>
/// <param name="Kc">Tuned kc.</param>
/// <param name="Mc">Tuned mc, a multiple of <paramref name="TileRows"/>.</param>
/// <param name="Nc">Tuned nc, a multiple of <paramref name="TileColumns"/>.</param>
/// <param name="SpeedupOverModel">The tuner's measured speed over the analytic model's blocking.</param>
internal sealed record ProfileEntry(int Width, int ElementSize, int TileRows, int TileColumns, int Kc, int Mc, int Nc, double SpeedupOverModel);

/// <summary>A tuning profile as the generator keeps it: the fields baking needs, as plain data.</summary>
/// <param name="FilePath">The file's path, for diagnostics that point at it.</param>
/// <param name="FileName">The file's name (no folder), as generated code shows it.</param>
/// <param name="CpuIdentity">The identity of the CPU it was tuned on.</param>
/// <param name="CreatedUtc">When it was written, as the file says it.</param>
/// <param name="Entries">The tuned blockings.</param>
internal sealed record TuningProfileModel(string FilePath, string FileName, string CpuIdentity, string CreatedUtc, EquatableArray<ProfileEntry> Entries);

/// <summary>One AdditionalFiles profile after reading: the profile, or the diagnostics saying why it is not one.</summary>
internal sealed record ProfileFile(string FilePath, TuningProfileModel? Profile, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>The profile this build bakes (null: none, or none usable), and the diagnostics of every profile file.</summary>
internal sealed record ProfileChoice(TuningProfileModel? Profile, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static readonly ProfileChoice None = new(null, EquatableArray<DiagnosticInfo>.Empty);
}

/// <summary>What a semiring's build bakes: one micro-kernel shape and its blocking, and where they came from.</summary>
/// <param name="Shape">The micro-kernel (ISA and tile) emitted beside the scalar one.</param>
/// <param name="Kc">Baked kc.</param>
/// <param name="Mc">Baked mc.</param>
/// <param name="Nc">Baked nc.</param>
/// <param name="ProfileName">The profile's file name.</param>
/// <param name="CpuIdentity">The CPU the profile was tuned on.</param>
/// <param name="CreatedUtc">When the profile was written.</param>
/// <param name="SpeedupOverModel">The tuner's measured speed over the analytic model.</param>
internal sealed record BakedVariant(MicroKernelShape Shape, int Kc, int Mc, int Nc, string ProfileName, string CpuIdentity,
                                   string CreatedUtc, double SpeedupOverModel);

/// <summary>A semiring model with its baked variant (or none) and the diagnostic saying why none was found.</summary>
internal sealed record BakeResult(SemiringModel Model, EquatableArray<DiagnosticInfo> Diagnostics);
