using System.Diagnostics;
using System.Globalization;
using TensorGen.Gguf;
using TensorGen.Numerics;
using TensorGen.Precision;
using TensorGen.Semirings;

// GgufInfo [file.gguf] [tensor-name]: lists a GGUF file's metadata (arrays shortened) and tensor directory, then
// multiplies one 2-D weight tensor (Q4_0, Q8_0, F32, F16 or BF16; the named one, else the first such) by a vector
// of ones and prints the time and the bandwidth. With no file it writes a small file of its own (a Q4_0 matrix
// quantized from a smooth signal) to a temporary path and reads that. A malformed file, a missing file or tensor:
// one line on stderr and exit code 1.
try
{
    return Run(args);
}
catch (Exception e) when (e is GgufFormatException or IOException or UnauthorizedAccessException or KeyNotFoundException or NotSupportedException)
{
    Console.Error.WriteLine($"GgufInfo: {e.Message}");
    return 1;
}

static int Run(string[] args)
{
    string path = args.Length > 0 ? args[0] : WriteSample();
    try
    {
        using GgufFile file = GgufFile.Open(path);
        Console.WriteLine($"{path}: GGUF v{file.Version}, {file.Length:N0} bytes, alignment {file.Alignment}, data from byte {file.DataOffset:N0}");
        Console.WriteLine($"metadata ({file.Metadata.Count}):");
        foreach (KeyValuePair<string, GgufValue> entry in file.Metadata)
        {
            string type = entry.Value.Type == GgufValueType.Array ? $"{entry.Value.ElementType}[]" : entry.Value.Type.ToString();
            Console.WriteLine($"  {entry.Key} ({type}) = {entry.Value.ToString(6)}");
        }

        Console.WriteLine($"tensors ({file.Tensors.Count}):");
        foreach (GgufTensorInfo t in file.Tensors)
        {
            string bytes = t.ByteSize is long b ? b.ToString("N0", CultureInfo.InvariantCulture) : "?";
            Console.WriteLine($"  {t.Name,-32} {GgufTensorInfo.TypeName(t.Type),-8} [{string.Join(", ", t.Dimensions)}] {bytes} bytes at {t.Offset:N0}");
        }

        GgufTensorInfo? weight = args.Length > 1 ? file.GetTensor(args[1]) : file.Tensors.FirstOrDefault(IsMatVecWeight);
        if (weight is null)
        {
            Console.WriteLine("no 2-D Q4_0, Q8_0, F32, F16 or BF16 tensor to multiply");
            return 0;
        }

        if (!IsMatVecWeight(weight))
        {
            throw new NotSupportedException($"tensor \"{weight.Name}\" is {GgufTensorInfo.TypeName(weight.Type)} [{string.Join(", ", weight.Dimensions)}]; a 2-D Q4_0, Q8_0, F32, F16 or BF16 tensor is needed");
        }

        MultiplyByOnes(file, weight);
        return 0;
    }
    finally
    {
        if (args.Length == 0) File.Delete(path);
    }
}

static bool IsMatVecWeight(GgufTensorInfo t) =>
    t.Dimensions.Count == 2 && t.Dimensions[0] <= int.MaxValue && t.Dimensions[1] <= int.MaxValue
    && t.Type is GgufTensorType.Q4_0 or GgufTensorType.Q8_0 or GgufTensorType.F32 or GgufTensorType.F16 or GgufTensorType.BF16;

// y = W·1 for the tensor (rows = dims[1], cols = dims[0]): the best of several runs, and the weight bytes read per second.
static void MultiplyByOnes(GgufFile file, GgufTensorInfo weight)
{
    int cols = (int)weight.Dimensions[0], rows = (int)weight.Dimensions[1];
    var x = new float[cols];
    Array.Fill(x, 1f);
    var y = new float[rows];
    var row = new float[cols];
    // Q4_0 is packed once for the streaming GEMV (as a program would at load time); the other types run as stored.
    long packStart = Stopwatch.GetTimestamp();
    PackedQ4_0? packed = weight.Type == GgufTensorType.Q4_0 ? PackedQ4_0.Pack(file.GetSpan<BlockQ4_0>(weight), rows, cols) : null;
    if (packed is not null)
    {
        Console.WriteLine($"{weight.Name}: packed for the GEMV in {Stopwatch.GetElapsedTime(packStart).TotalMilliseconds:F1} ms");
    }

    double best = double.MaxValue;
    var clock = Stopwatch.StartNew();
    for (int run = 0; run < 3 || (clock.Elapsed.TotalSeconds < 0.5 && run < 1000); run++)
    {
        long start = Stopwatch.GetTimestamp();
        switch (weight.Type)
        {
            case GgufTensorType.Q4_0:
                PrecisionKernels.MatVec(packed!, x, y);
                break;
            case GgufTensorType.F16:
                PrecisionKernels.MatVec(file.GetSpan<Half>(weight), x, y, rows, cols);
                break;
            case GgufTensorType.BF16:
                PrecisionKernels.MatVec(file.GetSpan<BFloat16>(weight), x, y, rows, cols);
                break;
            case GgufTensorType.F32:
                PlusTimesSingle.MatVec(file.GetSpan<float>(weight), x, y, rows, cols);
                break;
            default:
                // Q8_0: decode a row at a time, then a plain dot product.
                ReadOnlySpan<BlockQ8_0> blocks = file.GetSpan<BlockQ8_0>(weight);
                int perRow = cols / BlockQ8_0.BlockSize;
                for (int r = 0; r < rows; r++)
                {
                    BlockQ8_0.Dequantize(blocks.Slice(r * perRow, perRow), row);
                    y[r] = System.Numerics.Tensors.TensorPrimitives.Dot<float>(row, x);
                }

                break;
        }

        best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    double gbPerSecond = weight.ByteSize!.Value / best / 1e9;
    Console.WriteLine($"{weight.Name} ({GgufTensorInfo.TypeName(weight.Type)}, {rows} x {cols}) times ones: {best * 1e3:F3} ms, {gbPerSecond:F1} GB/s; " +
                      $"y[0..{Math.Min(rows, 4)}) = {string.Join(", ", y.Take(4).Select(v => v.ToString("G6", CultureInfo.InvariantCulture)))}");
}

// A small file of the sample's own: metadata of several types and a 256 x 512 Q4_0 matrix of 0.1 + 2·cos(i).
static string WriteSample()
{
    const int Rows = 256, Cols = 512;
    var values = new float[Rows * Cols];
    for (int i = 0; i < values.Length; i++) values[i] = 0.1f + 2f * MathF.Cos(i);
    var blocks = new BlockQ4_0[values.Length / BlockQ4_0.BlockSize];
    BlockQ4_0.Quantize(values, blocks);
    string path = Path.Combine(Path.GetTempPath(), $"GgufInfo-{Environment.ProcessId}.gguf");
    using (FileStream stream = File.Create(path))
    {
        new GgufWriter()
            .Add("general.architecture", GgufValue.FromString("tensorgen-sample"))
            .Add("general.name", GgufValue.FromString("GgufInfo's own file"))
            .Add("sample.rows", GgufValue.FromUInt32(Rows))
            .Add("sample.scale", GgufValue.FromFloat32(2f))
            .Add("sample.tokens", GgufValue.FromArray(["<s>", "</s>", "a", "b", "c", "d", "e", "f", "g", "h"]))
            .AddTensor("proj.weight", [Cols, Rows], blocks)
            .WriteTo(stream);
    }

    return path;
}
