using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Runtime.InteropServices;
using TensorGen.Equivariant;

namespace TensorGen.Bench.E3nn;

/// <summary>
/// <c>bench e3nn-export DIR</c>: evaluates the declarations of <see cref="E3nnDeclarations"/> on seeded random inputs,
/// forward on every vector path and backward on the accelerated one, and writes each array as raw little-endian f64
/// (<c>DIR/{case}.{array}.f64</c>) with <c>DIR/manifest.json</c> naming the e3nn module that must give the same numbers.
/// <c>bench/E3nn/e3nn_compare.py DIR</c> rebuilds those modules with e3nn and compares (see "Checked against
/// e3nn" in docs/equivariant.md). Usage errors print one line and exit 2.
/// </summary>
internal static class E3nnExportCommand
{
    public const string Usage = "bench e3nn-export DIR";

    private delegate void Harmonics(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z, Span<double> output);

    private delegate void HarmonicsBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z, ReadOnlySpan<double> gradOutput,
        Span<double> gradX, Span<double> gradY, Span<double> gradZ);

    private delegate void Product(ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, ReadOnlySpan<double> weights, Span<double> output, int batch);

    private delegate void ProductBackward(ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, ReadOnlySpan<double> weights, ReadOnlySpan<double> gradOutput,
        Span<double> gradX1, Span<double> gradX2, Span<double> gradWeights, int batch);

    public static int Run(string[] args, TextWriter output)
    {
        if (args.Length != 1 || args[0].StartsWith('-'))
        {
            Console.Error.WriteLine($"bench e3nn-export: expected one output directory; usage: {Usage}");
            return 2;
        }

        string directory = Path.GetFullPath(args[0]);
        Directory.CreateDirectory(directory);
        var manifest = new MemoryStream();
        using (var json = new Utf8JsonWriter(manifest, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("accelerated", KernelDispatch.Accelerated.ToString());
            json.WriteStartArray("cases");
            var random = new Random(20261129);
            WriteHarmonics(json, directory, random, "sh_integral", 6, "integral", true, E3nnDeclarations.ShIntegral, E3nnDeclarations.ShIntegralBackward);
            WriteHarmonics(json, directory, random, "sh_component", 6, "component", true, E3nnDeclarations.ShComponent, E3nnDeclarations.ShComponentBackward);
            WriteHarmonics(json, directory, random, "sh_norm_raw", 4, "norm", false, E3nnDeclarations.ShNormRaw, E3nnDeclarations.ShNormRawBackward);
            WriteProduct(json, directory, random, "tp_full_l2", "full", "1x0e + 1x1o + 1x2e", "1x0e + 1x1o + 1x2e", "", null, "component", "element", 0, E3nnDeclarations.Full2OutputDim,
                (a, b, _, o, n) => E3nnDeclarations.Full2(a, b, o, n),
                (a, b, _, g, ga, gb, _, n) => E3nnDeclarations.Full2Backward(a, b, g, ga, gb, n));
            WriteProduct(json, directory, random, "tp_full_l4", "full", "1x0e + 1x1o + 1x2e + 1x3o + 1x4e", "1x0e + 1x1o + 1x2e + 1x3o + 1x4e", "", null,
                "component", "element", 0, E3nnDeclarations.Full4OutputDim,
                (a, b, _, o, n) => E3nnDeclarations.Full4(a, b, o, n),
                (a, b, _, g, ga, gb, _, n) => E3nnDeclarations.Full4Backward(a, b, g, ga, gb, n));
            WriteProduct(json, directory, random, "tp_fully_connected", "fully_connected", "2x0e + 2x1o + 1x2e", "1x0e + 1x1o + 1x2e",
                "3x0e + 2x1o + 2x1e + 1x2e", null, "component", "element", E3nnDeclarations.ConnectedWeightCount, E3nnDeclarations.ConnectedOutputDim,
                E3nnDeclarations.Connected, E3nnDeclarations.ConnectedBackward);
            WriteProduct(json, directory, random, "tp_elementwise", "elementwise", "2x1o + 1x2e", "1x0e + 2x1e", "", null, "component", "element", 0, E3nnDeclarations.ElementwiseOutputDim,
                (a, b, _, o, n) => E3nnDeclarations.Elementwise(a, b, o, n),
                (a, b, _, g, ga, gb, _, n) => E3nnDeclarations.ElementwiseBackward(a, b, g, ga, gb, n));
            WriteProduct(json, directory, random, "tp_modes", "instructions", "2x0e + 2x1o + 2x2e", "2x0e + 3x1o", "2x0e + 2x1o + 6x1e + 2x2e + 3x1o",
                E3nnDeclarations.ModesInstructions, "norm", "path", E3nnDeclarations.ModesWeightCount, E3nnDeclarations.ModesOutputDim,
                E3nnDeclarations.Modes, E3nnDeclarations.ModesBackward);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        File.WriteAllBytes(Path.Combine(directory, "manifest.json"), manifest.ToArray());
        output.WriteLine($"e3nn-export: 8 cases written to {directory} (accelerated path {KernelDispatch.Accelerated})");
        return 0;
    }

    private static void WriteHarmonics(Utf8JsonWriter json, string directory, Random random, string name, int lmax, string normalization, bool normalize,
        Harmonics forward, HarmonicsBackward backward)
    {
        const int count = 1000;
        int dim = (lmax + 1) * (lmax + 1);
        double[] x = new double[count], y = new double[count], z = new double[count];
        for (int n = 0; n < count; n++)
        {
            // Lengths between 0.5 and 2, so that the unnormalized case sees |x|^l.
            double a = Gaussian(random), b = Gaussian(random), c = Gaussian(random);
            double scale = (0.5 + 1.5 * random.NextDouble()) / Math.Sqrt(a * a + b * b + c * c);
            (x[n], y[n], z[n]) = (a * scale, b * scale, c * scale);
        }

        double[] gradOutput = Uniform(random, count * dim);
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("kind", "sh");
        json.WriteNumber("lmax", lmax);
        json.WriteString("normalization", normalization);
        json.WriteBoolean("normalize", normalize);
        json.WriteNumber("batch", count);
        json.WriteStartObject("arrays");
        Write(json, directory, name, "x", x);
        Write(json, directory, name, "y", y);
        Write(json, directory, name, "z", z);
        WriteOnEveryPath(json, directory, name, count * dim, result => forward(x, y, z, result));

        double[] gradX = new double[count], gradY = new double[count], gradZ = new double[count];
        backward(x, y, z, gradOutput, gradX, gradY, gradZ);
        Write(json, directory, name, "grad_output", gradOutput);
        Write(json, directory, name, "grad_x", gradX);
        Write(json, directory, name, "grad_y", gradY);
        Write(json, directory, name, "grad_z", gradZ);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteProduct(Utf8JsonWriter json, string directory, Random random, string name, string kind, string irreps1, string irreps2,
        string irrepsOut, string? instructions, string irrepNormalization, string pathNormalization, int weightCount, int dimOut, Product forward, ProductBackward backward)
    {
        const int batch = 37; // not a multiple of any lane count: the scalar tail runs too
        int dim1 = Irreps.Parse(irreps1).Dim, dim2 = Irreps.Parse(irreps2).Dim;
        double[] x1 = Uniform(random, batch * dim1), x2 = Uniform(random, batch * dim2), weights = Uniform(random, weightCount);

        double[] gradOutput = Uniform(random, batch * dimOut);
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("kind", "tp");
        json.WriteString("product", kind);
        json.WriteString("irreps_in1", irreps1);
        json.WriteString("irreps_in2", irreps2);
        json.WriteString("irreps_out", irrepsOut);
        if (instructions is not null)
        {
            json.WriteString("instructions", instructions);
        }

        json.WriteString("irrep_normalization", irrepNormalization);
        json.WriteString("path_normalization", pathNormalization);
        json.WriteNumber("batch", batch);
        json.WriteNumber("weights", weightCount);
        json.WriteStartObject("arrays");
        Write(json, directory, name, "x1", x1);
        Write(json, directory, name, "x2", x2);
        Write(json, directory, name, "weights", weights);
        WriteOnEveryPath(json, directory, name, batch * dimOut, result => forward(x1, x2, weights, result, batch));

        double[] gradX1 = new double[x1.Length], gradX2 = new double[x2.Length], gradWeights = new double[weightCount];
        backward(x1, x2, weights, gradOutput, gradX1, gradX2, gradWeights, batch);
        Write(json, directory, name, "grad_output", gradOutput);
        Write(json, directory, name, "grad_x1", gradX1);
        Write(json, directory, name, "grad_x2", gradX2);
        Write(json, directory, name, "grad_weights", gradWeights);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>Runs <paramref name="forward"/> on every vector path into a fresh output of <paramref name="length"/> values and writes each as <c>output_{path}</c>.</summary>
    private static void WriteOnEveryPath(Utf8JsonWriter json, string directory, string name, int length, Action<double[]> forward)
    {
        foreach (VectorPath path in KernelDispatch.All)
        {
            double[] result = new double[length];
            using (KernelDispatch.Override(path))
            {
                forward(result);
            }

            Write(json, directory, name, $"output_{path}", result);
        }
    }

    private static void Write(Utf8JsonWriter json, string directory, string name, string array, double[] values)
    {
        string file = $"{name}.{array}.f64";
        using (var stream = File.Create(Path.Combine(directory, file)))
        {
            stream.Write(MemoryMarshal.AsBytes(values.AsSpan()));
        }

        json.WriteString(array, file);
    }

    private static double[] Uniform(Random random, int count)
    {
        double[] values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = 2 * random.NextDouble() - 1;
        }

        return values;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
