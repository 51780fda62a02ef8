using System.Globalization;

namespace EquivariantLayer;

/// <summary>An XYZ file: atom count, a title line, then one "Element x y z" line per atom (Å).</summary>
public sealed record Molecule(string Title, string[] Elements, float[] Positions)
{
    /// <summary>Reads an XYZ file; throws <see cref="FormatException"/> naming the line that does not parse.</summary>
    public static Molecule Read(string path)
    {
        string[] lines = File.ReadAllLines(path);
        if (lines.Length < 2 || !int.TryParse(lines[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int count) || lines.Length < count + 2)
            throw new FormatException($"{path}: line 1 must be the atom count, followed by a title and that many atoms.");

        var elements = new string[count];
        var positions = new float[count * 3];
        for (int a = 0; a < count; a++)
        {
            string[] parts = lines[a + 2].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 4)
                throw new FormatException($"{path}: line {a + 3} must be \"Element x y z\".");
            elements[a] = parts[0];
            for (int k = 0; k < 3; k++)
            {
                if (!float.TryParse(parts[k + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out positions[a * 3 + k]))
                    throw new FormatException($"{path}: line {a + 3}, coordinate {k + 1} (\"{parts[k + 1]}\") is not a number.");
            }
        }

        return new Molecule(lines[1].Trim(), elements, positions);
    }
}

/// <summary>Random elements of O(3) as 3×3 matrices, and their action on packed (x, y, z) positions.</summary>
public static class Rotation
{
    /// <summary>A uniformly random rotation (from a random unit quaternion), negated when <paramref name="invert"/>.</summary>
    public static float[,] Random(Random rng, bool invert)
    {
        double a = Gaussian(rng), b = Gaussian(rng), c = Gaussian(rng), d = Gaussian(rng);
        double n = Math.Sqrt(a * a + b * b + c * c + d * d);
        (a, b, c, d) = (a / n, b / n, c / n, d / n);
        double s = invert ? -1 : 1;
        return new float[,]
        {
            { (float)(s * (a * a + b * b - c * c - d * d)), (float)(s * 2 * (b * c - a * d)), (float)(s * 2 * (b * d + a * c)) },
            { (float)(s * 2 * (b * c + a * d)), (float)(s * (a * a - b * b + c * c - d * d)), (float)(s * 2 * (c * d - a * b)) },
            { (float)(s * 2 * (b * d - a * c)), (float)(s * 2 * (c * d + a * b)), (float)(s * (a * a - b * b - c * c + d * d)) },
        };
    }

    /// <summary>R · p for each packed position p.</summary>
    public static float[] Apply(float[,] r, float[] positions)
    {
        var result = new float[positions.Length];
        for (int a = 0; a < positions.Length / 3; a++)
        {
            for (int i = 0; i < 3; i++)
                result[a * 3 + i] = r[i, 0] * positions[a * 3] + r[i, 1] * positions[a * 3 + 1] + r[i, 2] * positions[a * 3 + 2];
        }

        return result;
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
