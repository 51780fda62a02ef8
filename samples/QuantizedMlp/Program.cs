using System.Diagnostics;
using QuantizedMlp;
using TensorGen.Numerics;
using TensorGen.Semirings;

// A two-layer MLP (in → hidden, ReLU, hidden → out) with random Gaussian-ish weights, run in f32, with
// bfloat16 weights and with GGUF Q4_0 weights. Prints the accuracy loss (relative RMS error of the outputs
// and how often the arg-max class agrees with f32) and each format's speed against f32, one thread.
const int In = 1024, Hidden = 4096, Out = 1024, Samples = 64;
int inputs = args.Length > 0 && int.TryParse(args[0], out int n) && n > 0 ? n : Samples;

var rng = new Random(42);
float[] w1 = Gaussian(Hidden * In, 1f / MathF.Sqrt(In)), w2 = Gaussian(Out * Hidden, 1f / MathF.Sqrt(Hidden));

var w1q = new BlockQ4_0[Hidden * In / 32];
var w2q = new BlockQ4_0[Out * Hidden / 32];
BlockQ4_0.Quantize(w1, w1q);
BlockQ4_0.Quantize(w2, w2q);
var w1b = new BFloat16[w1.Length];
var w2b = new BFloat16[w2.Length];
NumericConvert.ToBFloat16(w1, w1b);
NumericConvert.ToBFloat16(w2, w2b);

var hidden = new float[Hidden];
float[] Forward(string format, float[] x)
{
    var y = new float[Out];
    switch (format)
    {
        case "f32": PlusTimesSingle.MatVec(w1, x, hidden, Hidden, In); break;
        case "bf16": Layers.ProjectBFloat16(w1b, x, hidden, Hidden, In); break;
        default: Layers.ProjectQ4_0(w1q, x, hidden, Hidden, In); break;
    }

    for (int i = 0; i < Hidden; i++) hidden[i] = MathF.Max(hidden[i], 0f);
    switch (format)
    {
        case "f32": PlusTimesSingle.MatVec(w2, hidden, y, Out, Hidden); break;
        case "bf16": Layers.ProjectBFloat16(w2b, hidden, y, Out, Hidden); break;
        default: Layers.ProjectQ4_0(w2q, hidden, y, Out, Hidden); break;
    }

    return y;
}

float[][] xs = Enumerable.Range(0, inputs).Select(_ => Gaussian(In, 1f)).ToArray();
float[][] reference = xs.Select(x => Forward("f32", x)).ToArray();
double f32Seconds = Time(() => { foreach (float[] x in xs) Forward("f32", x); });

Console.WriteLine($"two-layer MLP {In} → {Hidden} → {Out}, {inputs} inputs, one thread");
Console.WriteLine($"{"weights",-8} {"MiB",8} {"rel. RMS error",15} {"arg-max agrees",15} {"ms / input",11} {"speedup",8}");
Console.WriteLine($"{"f32",-8} {(w1.Length + w2.Length) * 4 / 1048576.0,8:F1} {0,15:E2} {"100.0%",15} {f32Seconds * 1e3 / inputs,11:F3} {1,8:F2}x");
foreach ((string format, double bytes) in new[] { ("bf16", (w1.Length + w2.Length) * 2.0), ("q4_0", (w1q.Length + w2q.Length) * 18.0) })
{
    double squared = 0, norm = 0;
    int agree = 0;
    for (int s = 0; s < inputs; s++)
    {
        float[] y = Forward(format, xs[s]);
        for (int i = 0; i < Out; i++)
        {
            squared += (double)(y[i] - reference[s][i]) * (y[i] - reference[s][i]);
            norm += (double)reference[s][i] * reference[s][i];
        }

        if (ArgMax(y) == ArgMax(reference[s])) agree++;
    }

    double seconds = Time(() => { foreach (float[] x in xs) Forward(format, x); });
    Console.WriteLine($"{format,-8} {bytes / 1048576.0,8:F1} {Math.Sqrt(squared / norm),15:E2} {100.0 * agree / inputs,14:F1}% {seconds * 1e3 / inputs,11:F3} {f32Seconds / seconds,8:F2}x");
}

return 0;

float[] Gaussian(int count, float scale)
{
    var values = new float[count];
    for (int i = 0; i < count; i++)
    {
        double u = 1 - rng.NextDouble(), v = rng.NextDouble();
        values[i] = scale * (float)(Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
    }

    return values;
}

static int ArgMax(float[] values)
{
    int best = 0;
    for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
    return best;
}

static double Time(Action action)
{
    action();                                 // warm up (JIT, caches)
    double best = double.MaxValue;
    for (int run = 0; run < 3; run++)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    return best;
}
