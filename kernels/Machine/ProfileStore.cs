using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace TensorGen.Machine;

/// <summary>The outcome of reading a profile: the profile when it can be used, else why not (null when there simply is none).</summary>
/// <param name="Path">The file that was read, or null when profiles are disabled (no cache directory).</param>
/// <param name="Profile">The valid profile, or null.</param>
/// <param name="Problem">Why an existing file was ignored; null when it was used or did not exist.</param>
public sealed record ProfileLoad(string? Path, TuningProfile? Profile, string? Problem);

/// <summary>
/// Where tuning profiles live and how they are read and written. One JSON file per CPU identity in a per-user cache
/// folder: <c>$TENSORGEN_PROFILE_DIR</c> when set, else <c>%LOCALAPPDATA%\TensorGen\profiles</c> on Windows,
/// <c>$XDG_CACHE_HOME/tensorgen/profiles</c> or <c>~/.cache/tensorgen/profiles</c> elsewhere.
/// <para>
/// Writes are atomic: a uniquely named temporary file in the same folder, flushed, then renamed over the profile,
/// so concurrent tuners leave one whole profile (the last to finish), never a torn one. Reads never throw: a
/// missing profile is normal and silent; a corrupt, truncated, foreign-CPU or nonsensical one is ignored with
/// exactly one warning per store (<see cref="Active"/> reads once), raised on <see cref="Warning"/>, kept in
/// <see cref="Warnings"/> and written to <see cref="Trace.TraceWarning(string)"/>.
/// </para>
/// </summary>
public sealed class ProfileStore
{
    /// <summary>The environment variable that overrides the profile folder.</summary>
    public const string DirectoryVariable = "TENSORGEN_PROFILE_DIR";

    /// <summary>Profiles larger than this are not read (no tuner writes one; such a file is not ours).</summary>
    public const long MaxProfileBytes = 1 << 20;

    private static readonly Lazy<ProfileStore> s_default = new(() => new ProfileStore(DefaultDirectory(), CpuInfo.Current));

    private readonly Lazy<TuningProfile?> _active;
    private readonly List<string> _warnings = [];

    /// <summary>A store over <paramref name="directory"/> (null: profiles disabled) for profiles of <paramref name="cpu"/>.</summary>
    public ProfileStore(string? directory, CpuInfo cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        Directory = string.IsNullOrWhiteSpace(directory) ? null : directory;
        Cpu = cpu;
        _active = new Lazy<TuningProfile?>(LoadActive, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The process-wide store: <see cref="DefaultDirectory"/> and <see cref="CpuInfo.Current"/>. Kernels read their blocking from its <see cref="Active"/> profile.</summary>
    public static ProfileStore Default => s_default.Value;

    /// <summary>Raised once per store when its profile exists but is ignored, with the reason and the path. Handlers added after the first read miss it; see <see cref="Warnings"/>.</summary>
    public event EventHandler<string>? Warning;

    /// <summary>The folder profiles are read from and written to, or null when none could be determined.</summary>
    public string? Directory { get; }

    /// <summary>The CPU whose profile this store reads.</summary>
    public CpuInfo Cpu { get; }

    /// <summary>The profile file for <see cref="Cpu"/>, or null when profiles are disabled.</summary>
    public string? ProfilePath => Directory is null ? null : Path.Combine(Directory, FileName(Cpu));

    /// <summary>The profile in use: read and checked on first access, then remembered. Null when there is none or it was ignored.</summary>
    public TuningProfile? Active => _active.Value;

    /// <summary>Warnings raised so far (at most one: the first read's).</summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (_warnings)
            {
                return _warnings.ToArray();
            }
        }
    }

    /// <summary>The default folder from the environment; see the class summary. Null when no home or cache folder is known.</summary>
    public static string? DefaultDirectory()
    {
        string? overridden = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            return overridden;
        }

        if (OperatingSystem.IsWindows())
        {
            string local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            return local.Length == 0 ? null : Path.Combine(local, "TensorGen", "profiles");
        }

        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "tensorgen", "profiles");
        }

        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home.Length == 0 ? null : Path.Combine(home, ".cache", "tensorgen", "profiles");
    }

    /// <summary>
    /// The file name for a CPU: readable vendor, family, model, stepping and architecture, then a hash of the whole
    /// <see cref="CpuInfo.Identity"/> (brand included), e.g. <c>AuthenticAMD-25-1-1-X64-3f0c9a1e5b7d2c44.json</c>.
    /// </summary>
    public static string FileName(CpuInfo cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        string vendor = new(cpu.Vendor.Where(char.IsAsciiLetterOrDigit).Take(32).ToArray());
        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(cpu.Identity))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{(vendor.Length == 0 ? "cpu" : vendor)}-{cpu.Family}-{cpu.Model}-{cpu.Stepping}-{cpu.Architecture}-{hash:x16}.json");
    }

    /// <summary>Reads and checks the profile now, without remembering it and without raising a warning. Never throws.</summary>
    public ProfileLoad Load()
    {
        string? path = ProfilePath;
        if (path is null)
        {
            return new ProfileLoad(null, null, null);
        }

        try
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                return new ProfileLoad(path, null, null);
            }

            if (file.Length > MaxProfileBytes)
            {
                return new ProfileLoad(path, null, string.Create(CultureInfo.InvariantCulture, $"it is {file.Length} bytes, more than any profile"));
            }

            string json;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var reader = new StreamReader(stream, Encoding.UTF8))
            {
                json = reader.ReadToEnd();
            }

            TuningProfile profile = TuningProfile.Parse(json);
            string? problem = profile.Problem(Cpu);
            return problem is null ? new ProfileLoad(path, profile, null) : new ProfileLoad(path, null, problem);
        }
        catch (JsonException e)
        {
            return new ProfileLoad(path, null, "it is not a valid profile (" + FirstLine(e.Message) + ")");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException
                                      or InvalidOperationException or FormatException or OverflowException)
        {
            return new ProfileLoad(path, null, "it could not be read (" + FirstLine(e.Message) + ")");
        }
    }

    /// <summary>
    /// Writes <paramref name="profile"/> atomically to <see cref="ProfilePath"/> (creating the folder) and returns the path.
    /// </summary>
    /// <exception cref="ArgumentException">The profile is not valid for <see cref="Cpu"/>.</exception>
    /// <exception cref="InvalidOperationException">Profiles are disabled: no folder is known.</exception>
    /// <exception cref="IOException">The folder or file could not be written.</exception>
    public string Save(TuningProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.Problem(Cpu) is string problem)
        {
            throw new ArgumentException($"The profile cannot be saved for this CPU: {problem}.", nameof(profile));
        }

        string path = ProfilePath ?? throw new InvalidOperationException(
            $"No folder for tuning profiles is known: set {DirectoryVariable}, XDG_CACHE_HOME or HOME.");
        System.IO.Directory.CreateDirectory(Directory!);
        string temporary = Path.Combine(Directory!, string.Create(CultureInfo.InvariantCulture,
            $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp"));
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                byte[] bytes = Encoding.UTF8.GetBytes(profile.ToJson());
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    File.Move(temporary, path, overwrite: true);
                    return path;
                }
                catch (IOException) when (attempt < 20 && OperatingSystem.IsWindows())
                {
                    Thread.Sleep(10 * (attempt + 1)); // a reader holds the old file open without FILE_SHARE_DELETE
                }
            }
        }
        catch
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }

            throw;
        }
    }

    private TuningProfile? LoadActive()
    {
        ProfileLoad load = Load();
        if (load.Problem is not null)
        {
            string message = $"TensorGen: ignoring the tuning profile {load.Path}: {load.Problem}. Using the analytic blocking model; run `bench -- tune` to write a new profile.";
            lock (_warnings)
            {
                _warnings.Add(message);
            }

            Trace.TraceWarning(message);
            Warning?.Invoke(this, message);
        }

        return load.Profile;
    }

    private static string FirstLine(string text)
    {
        int newline = text.IndexOfAny(['\r', '\n']);
        return newline < 0 ? text : text[..newline];
    }
}
