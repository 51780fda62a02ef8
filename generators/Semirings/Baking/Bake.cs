using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.Text;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Semirings.Baking;

/// <summary>Chooses the build's profile among the AdditionalFiles, and for each semiring the entry it bakes.</summary>
internal static class Bake
{
    /// <summary>The one readable profile, or none: zero files, an unusable file, or several files (TGEN0008).</summary>
    public static ProfileChoice Choose(ImmutableArray<ProfileFile> files)
    {
        if (files.IsDefaultOrEmpty)
        {
            return ProfileChoice.None;
        }

        var diagnostics = files.SelectMany(f => f.Diagnostics).ToList();
        if (files.Length > 1)
        {
            string names = string.Join(", ", files.Select(f => System.IO.Path.GetFileName(f.FilePath)).OrderBy(n => n, System.StringComparer.Ordinal));
            diagnostics.Add(new DiagnosticInfo(Diagnostics.SeveralProfiles.Id, string.Empty, default, default,
                new[] { files.Length.ToString(CultureInfo.InvariantCulture), names }.ToEquatableArray()));
            return new ProfileChoice(null, diagnostics.ToEquatableArray());
        }

        return new ProfileChoice(files[0].Profile, diagnostics.ToEquatableArray());
    }

    /// <summary>
    /// The semiring with the widest path the profile tuned for its element size on a tile this generator emits
    /// (the tiles of <see cref="MicroKernelShape.All"/>), or unchanged with TGEN0009 when there is none.
    /// </summary>
    public static BakeResult Apply(SemiringModel model, ProfileChoice choice)
    {
        TuningProfileModel? profile = choice.Profile;
        if (profile is null)
        {
            return new BakeResult(model, EquatableArray<DiagnosticInfo>.Empty);
        }

        ElementKind element = model.Element;
        var matches =
            from entry in profile.Entries
            where entry.ElementSize == element.Size()
            from shape in MicroKernelShape.All
            where shape.Width == entry.Width && shape.Rows == entry.TileRows && shape.Columns(element) == entry.TileColumns
            orderby shape.Width descending, entry.SpeedupOverModel descending
            select (entry, shape);
        foreach ((ProfileEntry entry, MicroKernelShape shape) in matches)
        {
            var baked = new BakedVariant(shape, entry.Kc, entry.Mc, entry.Nc, profile.FileName, profile.CpuIdentity, profile.CreatedUtc, entry.SpeedupOverModel);
            return new BakeResult(model with { Baked = baked }, EquatableArray<DiagnosticInfo>.Empty);
        }

        string tiles = string.Join(", ", MicroKernelShape.All.Select(s =>
            string.Format(CultureInfo.InvariantCulture, "{0} {1}x{2}", s.IsaName, s.Rows, s.Columns(element))));
        string what = string.Format(CultureInfo.InvariantCulture, "{0}-byte elements on one of its tiles: {1}", element.Size(), tiles);
        var position = new LinePosition(0, 0);
        var diagnostic = new DiagnosticInfo(Diagnostics.NoProfileEntry.Id, profile.FilePath, new TextSpan(0, 0), new LinePositionSpan(position, position),
            new[] { profile.FileName, model.Name, what }.ToEquatableArray());
        return new BakeResult(model, new[] { diagnostic }.ToEquatableArray());
    }
}
