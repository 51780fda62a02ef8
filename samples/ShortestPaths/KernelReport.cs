using TensorGen;
using TensorGen.Kernels;

namespace ShortestPaths;

/// <summary>Says how a semiring's GEMM was built: baked from a tuning profile, or choosing its path at run time.</summary>
internal static class KernelReport
{
    public static string Describe<TOp, T>(string name)
        where TOp : struct, ISemiringOps<T>
        where T : unmanaged
    {
        if (TOp.Baked is BakedGemm baked)
        {
            string runs = KernelDispatch.Current >= baked.Path ? $"runs {baked.Path}" : $"runs the scalar kernel ({baked.Path} is wider than {KernelDispatch.Current})";
            return $"{name}: GEMM baked for {baked.Path}, tile {baked.Tile.Rows}x{baked.Tile.Columns}, "
                   + $"kc {baked.Blocking.Kc}, mc {baked.Blocking.Mc}, nc {baked.Blocking.Nc}; this machine {runs}";
        }

        return $"{name}: GEMM dispatched at run time; this machine runs {KernelDispatch.Current}";
    }
}
