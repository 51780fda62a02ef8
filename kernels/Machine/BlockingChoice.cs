using System.Globalization;
using TensorGen.Kernels;

namespace TensorGen.Machine;

/// <summary>A blocking and, for each of kc, mc and nc, where it came from and on what basis (which cache, which profile).</summary>
/// <param name="Blocking">The block sizes.</param>
/// <param name="KcSource">Source of <see cref="GemmBlocking.Kc"/>.</param>
/// <param name="McSource">Source of <see cref="GemmBlocking.Mc"/>.</param>
/// <param name="NcSource">Source of <see cref="GemmBlocking.Nc"/>.</param>
/// <param name="KcBasis">What kc was derived from, in words.</param>
/// <param name="McBasis">What mc was derived from, in words.</param>
/// <param name="NcBasis">What nc was derived from, in words.</param>
public sealed record BlockingChoice(
    GemmBlocking Blocking,
    InfoSource KcSource,
    InfoSource McSource,
    InfoSource NcSource,
    string KcBasis,
    string McBasis,
    string NcBasis)
{
    /// <summary>For example <c>kc 168 (model: L1d …), mc 582 (model: L2 …), nc 8192 (model: L3 …)</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"kc {Blocking.Kc} ({Describe(KcSource, KcBasis)}), mc {Blocking.Mc} ({Describe(McSource, McBasis)}), nc {Blocking.Nc} ({Describe(NcSource, NcBasis)})");

    private static string Describe(InfoSource source, string basis) =>
        basis.Length == 0 ? source.ToString().ToLowerInvariant() : source.ToString().ToLowerInvariant() + ": " + basis;
}
