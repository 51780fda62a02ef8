using System;
using System.Threading;

namespace TensorGen;

/// <summary>
/// How many threads a kernel may use. The default is the machine's processor count (or the
/// <c>TENSORGEN_THREADS</c> environment variable); <see cref="Override(int)"/> sets it for the current
/// asynchronous flow. Results do not depend on the thread count: every element of an output is computed by
/// one thread in the same order whatever the count, so exact semirings are bit-identical.
/// </summary>
public static class KernelThreads
{
    private static readonly AsyncLocal<int?> s_override = new();
    private static int s_default = FromEnvironment();

    /// <summary>The process-wide thread count used when no override is active (at least 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int Default
    {
        get => s_default;
        set => s_default = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The thread count must be at least 1.");
    }

    /// <summary>The thread count kernels use in the current flow.</summary>
    public static int Current => s_override.Value ?? s_default;

    /// <summary>Uses <paramref name="threads"/> threads until the returned scope is disposed (per asynchronous flow).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is less than 1.</exception>
    public static IDisposable Override(int threads)
    {
        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "The thread count must be at least 1.");
        }

        var scope = new Scope(s_override.Value);
        s_override.Value = threads;
        return scope;
    }

    private static int FromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable("TENSORGEN_THREADS"), out int threads) && threads >= 1
            ? threads
            : Environment.ProcessorCount;

    private sealed class Scope(int? previous) : IDisposable
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
