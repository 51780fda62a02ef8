using System.Text.Json;
using System.Text.Json.Serialization;

namespace TensorGen.Machine;

/// <summary>Source-generated JSON for profiles and CPU descriptions: no reflection, so trimming and NativeAOT keep working.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(TuningProfile))]
[JsonSerializable(typeof(CpuInfo))]
internal sealed partial class MachineJsonContext : JsonSerializerContext
{
}
