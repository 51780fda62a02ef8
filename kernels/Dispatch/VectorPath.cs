using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using System.Threading;

namespace TensorGen;

/// <summary>The code path a kernel runs: the scalar reference path or one vector width.</summary>
public enum VectorPath
{
    /// <summary>Plain scalar code calling the declaration's own members.</summary>
    Scalar = 0,

    /// <summary>128-bit vectors (SSE on x86, NEON on ARM).</summary>
    Vector128 = 128,

    /// <summary>256-bit vectors (AVX2 on x86).</summary>
    Vector256 = 256,

    /// <summary>512-bit vectors (AVX-512 on x86).</summary>
    Vector512 = 512,
}

/// <summary>
/// Chooses the vector path kernels run on. By default that is the widest width the hardware accelerates
/// (the .NET 10 runtime honours <c>DOTNET_EnableAVX512=0</c>, <c>DOTNET_EnableAVX2=0</c> and
/// <c>DOTNET_EnableHWIntrinsic=0</c>); a family may take a narrower path where the tuner measured it faster
/// (<see cref="Machine.PathChoice"/>). <see cref="Override(VectorPath)"/> forces one path for the current
/// asynchronous flow, over any tuned choice, which tests use to run every path, including widths that execute in
/// software here.
/// </summary>
public static class KernelDispatch
{
    private static readonly AsyncLocal<VectorPath?> s_override = new();

    /// <summary>
    /// The widest path the hardware accelerates and the runtime allows, or <see cref="VectorPath.Scalar"/>: see
    /// <see cref="Machine.RuntimeIsa.WidestPath"/> (Vector256 needs AVX2 on x86, so <c>DOTNET_EnableAVX2=0</c> gives Vector128).
    /// </summary>
    public static VectorPath Accelerated { get; } = Machine.RuntimeIsa.WidestPath;

    /// <summary>Every path, widest last. Paths wider than <see cref="Accelerated"/> still run, in software.</summary>
    public static IReadOnlyList<VectorPath> All { get; } =
        [VectorPath.Scalar, VectorPath.Vector128, VectorPath.Vector256, VectorPath.Vector512];

    /// <summary>The path kernels take in the current flow: the override if one is active, else <see cref="Accelerated"/>.</summary>
    public static VectorPath Current => s_override.Value ?? Accelerated;

    /// <summary>The path an <see cref="Override(VectorPath)"/> scope forces in the current flow, or null.</summary>
    public static VectorPath? Overridden => s_override.Value;

    /// <summary>Forces <paramref name="path"/> until the returned scope is disposed (per asynchronous flow).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="path"/> is not a defined path.</exception>
    public static IDisposable Override(VectorPath path)
    {
        if (!Enum.IsDefined(path))
        {
            throw new ArgumentOutOfRangeException(nameof(path), path, "Not a defined VectorPath.");
        }

        var scope = new Scope(s_override.Value);
        s_override.Value = path;
        return scope;
    }

    private sealed class Scope(VectorPath? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            s_override.Value = previous;
        }
    }
}
