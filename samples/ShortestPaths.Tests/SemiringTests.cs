using ShortestPaths;
using TensorGen.Testing;
using Xunit;

namespace ShortestPaths.Tests;

/// <summary>
/// The sample's semirings, verified as any user would verify theirs: the semiring laws on the declared
/// members, then every generated kernel against a plain loop over them on every vector path. A failure
/// throws with the shrunk counterexample and the seed that replays it.
/// </summary>
public class SemiringTests
{
    /// <summary>Road lengths are non-negative; +∞ (no road) is Distance's Zero.</summary>
    private static readonly ValueRange<float> Lengths = new(0f, float.PositiveInfinity);

    [Fact]
    public void DistanceIsASemiringAndItsKernelsMatchItsOwnAddAndMultiply() =>
        SemiringVerifier.Verify<Distance, float>(new() { Range = Lengths });

    [Fact]
    public void CapacityIsASemiringAndItsKernelsMatchItsOwnAddAndMultiply() =>
        SemiringVerifier.Verify<Capacity, float>(new() { Range = Lengths });

    /// <summary>
    /// Capacity is a semiring only on non-negative values: with a negative capacity, Zero (0) no longer
    /// annihilates (min(0, -1) = -1). The verifier blames the declaration, not the kernels, and says so.
    /// </summary>
    [Fact]
    public void CapacityWithNegativeValuesIsReportedAsTheDeclarationsFault()
    {
        var error = Assert.Throws<SemiringDeclarationException>(() =>
            SemiringVerifier.Verify<Capacity, float>(new() { Range = new(-8f, float.PositiveInfinity), Seed = 1 }));
        Assert.Contains("Zero annihilates", error.Message);
        Assert.Contains("fault in the declaration of Capacity", error.Message);
        Assert.Contains("Seed = 1UL", error.Message);
    }
}
