using System;
using System.Runtime.InteropServices;

namespace TensorGen.Bench.Report.Peers;

/// <summary>A native peer library found by trying candidate names with <see cref="NativeLibrary"/>, or why it was not.</summary>
internal sealed class NativePeerLibrary
{
    private NativePeerLibrary(string name, IntPtr handle, string status)
    {
        Name = name;
        Handle = handle;
        Status = status;
    }

    public string Name { get; }

    public IntPtr Handle { get; }

    /// <summary>Where it was loaded from, or what is missing and how to install it.</summary>
    public string Status { get; }

    public bool IsLoaded => Handle != IntPtr.Zero;

    public static NativePeerLibrary Load(string name, string installHint, params string[] candidates)
    {
        foreach (string candidate in candidates)
        {
            if (NativeLibrary.TryLoad(candidate, out IntPtr handle))
            {
                return new NativePeerLibrary(name, handle, $"loaded {candidate}");
            }
        }

        return new NativePeerLibrary(name, IntPtr.Zero, $"not found ({string.Join(", ", candidates)}); install with: {installHint}");
    }

    /// <summary>The address of an exported function or variable; throws naming the symbol when absent.</summary>
    public IntPtr Export(string symbol) =>
        NativeLibrary.TryGetExport(Handle, symbol, out IntPtr address)
            ? address
            : throw new EntryPointNotFoundException($"{Name} does not export '{symbol}'.");

    /// <summary>The value of an exported pointer-sized variable, such as GraphBLAS's <c>GrB_FP32</c>.</summary>
    public IntPtr Variable(string symbol) => Marshal.ReadIntPtr(Export(symbol));

    /// <summary>Sets an environment variable in the native process environment (read by OpenMP at start-up).</summary>
    public static void SetNativeEnvironment(string name, string value) => _ = setenv(name, value, 1);

    [DllImport("libc", CharSet = CharSet.Ansi)]
    private static extern int setenv(string name, string value, int overwrite);
}
