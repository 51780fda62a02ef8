using System.Diagnostics;
using QuantizedMlp;
using TensorGen;
using TensorGen.Numerics;
using TensorGen.Semirings;

// A two-layer MLP (in → hidden, ReLU, hidden → out) with random Gaussian-ish weights, run in f32, with
// bfloat16 weights and with GGUF Q4_0 weights (one input at a time through the generated GEMV, and the whole batch
// at once through the generated Q4_0 × Q8_0 GEMM, "q4_0 gemm"). Prints the accuracy loss (relative RMS error of the outputs
// and how often the arg-max class agrees with f32) and each format's speed against f32, one thread.
const int In = 1024, Hidden = 4096, Out = 1024, Samples = 64;
KernelThreads.Default = 1;                    // every row of the table on one thread, GEMMs included
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

// The whole batch through [CompressedMatMul(StorageFormat.Q4_0)]: inputs are the columns of X (In × inputs).
float[][] ForwardBatch(float[][] batch)
{
    int count = batch.Length;
    var x = new float[In * count];
    for (int s = 0; s < count; s++) for (int i = 0; i < In; i++) x[i * count + s] = batch[s][i];
    var h = new float[Hidden * count];
    Layers.MultiplyQ4_0(w1q, x, h, Hidden, count, In);
    for (int i = 0; i < h.Length; i++) h[i] = MathF.Max(h[i], 0f);
    var y = new float[Out * count];
    Layers.MultiplyQ4_0(w2q, h, y, Out, count, Hidden);
    return Enumerable.Range(0, count).Select(s => Enumerable.Range(0, Out).Select(i => y[i * count + s]).ToArray()).ToArray();
}

float[][] ForwardAll(string format, float[][] batch) =>
    format == "q4_0 gemm" ? ForwardBatch(batch) : batch.Select(x => Forward(format, x)).ToArray();

float[][] xs = Enumerable.Range(0, inputs).Select(_ => Gaussian(In, 1f)).ToArray();
float[][] reference = xs.Select(x => Forward("f32", x)).ToArray();
double f32Seconds = Time(() => { foreach (float[] x in xs) Forward("f32", x); });

Console.WriteLine($"two-layer MLP {In} → {Hidden} → {Out}, {inputs} inputs, one thread");
Console.WriteLine($"{"weights",-9} {"MiB",8} {"rel. RMS error",15} {"arg-max agrees",15} {"ms / input",11} {"speedup",8}");
Console.WriteLine($"{"f32",-9} {(w1.Length + w2.Length) * 4 / 1048576.0,8:F1} {0,15:E2} {"100.0%",15} {f32Seconds * 1e3 / inputs,11:F3} {1,8:F2}x");
foreach ((string format, double bytes) in new[] { ("bf16", (w1.Length + w2.Length) * 2.0), ("q4_0", (w1q.Length + w2q.Length) * 18.0), ("q4_0 gemm", (w1q.Length + w2q.Length) * 18.0) })
{
    double squared = 0, norm = 0;
    int agree = 0;
    float[][] outputs = ForwardAll(format, xs);
    for (int s = 0; s < inputs; s++)
    {
        float[] y = outputs[s];
        for (int i = 0; i < Out; i++)
        {
            squared += (double)(y[i] - reference[s][i]) * (y[i] - reference[s][i]);
            norm += (double)reference[s][i] * reference[s][i];
        }

        if (ArgMax(y) == ArgMax(reference[s])) agree++;
    }

    double seconds = Time(() => ForwardAll(format, xs));
    Console.WriteLine($"{format,-9} {bytes / 1048576.0,8:F1} {Math.Sqrt(squared / norm),15:E2} {100.0 * agree / inputs,14:F1}% {seconds * 1e3 / inputs,11:F3} {f32Seconds / seconds,8:F2}x");
}

// Activations quantized too: per-tensor int4 of the first layer's inputs, plain and after FlattenQuant, on inputs
// whose features 3 and 700 are outliers (×40, as LLM activations have) and f32 weights; relative RMS error of the layer.
float[] batch = xs.SelectMany(x => x.Select((v, i) => i is 3 or 700 ? 40f * v : v)).ToArray();
float[] exact = Layer(batch, w1, In);
float plainError = RelativeError(Layer(DequantizeInt4(batch), w1, In), exact);
FlattenPlan plan = FlattenQuant.Plan(batch, inputs, In, threshold: 4f, maxChannels: In + In / 8);
var flatBatch = new float[inputs * plan.FlattenedChannels];
var flatW1 = new float[Hidden * plan.FlattenedChannels];
FlattenQuant.FlattenActivations(plan, batch, inputs, flatBatch);
FlattenQuant.RepeatWeights(plan, w1, Hidden, flatW1);
float flatError = RelativeError(Layer(DequantizeInt4(flatBatch), flatW1, plan.FlattenedChannels), exact);
Console.WriteLine();
Console.WriteLine($"int4 per-tensor activations into layer 1 (features 3 and 700 ×40): rel. RMS error {plainError:E2} plain, "
                  + $"{flatError:E2} after FlattenQuant ({plan})");

return 0;

// Y (inputs × Hidden) = X (inputs × k) · Wᵀ, W being Hidden × k: our f32 GEMM on the transposed operand.
float[] Layer(float[] x, float[] w, int k)
{
    var wt = new float[k * Hidden];
    for (int h = 0; h < Hidden; h++) for (int c = 0; c < k; c++) wt[c * Hidden + h] = w[h * k + c];
    var y = new float[inputs * Hidden];
    PlusTimesSingle.MatMul(x, wt, y, inputs, Hidden, k);
    return y;
}

static float[] DequantizeInt4(float[] values)
{
    var codes = new sbyte[values.Length];
    float scale = FlattenQuant.QuantizeInt4(values, codes);
    return codes.Select(q => q * scale).ToArray();
}

static float RelativeError(float[] actual, float[] expected)
{
    double squared = 0, norm = 0;
    for (int i = 0; i < actual.Length; i++)
    {
        squared += (double)(actual[i] - expected[i]) * (actual[i] - expected[i]);
        norm += (double)expected[i] * expected[i];
    }

    return (float)Math.Sqrt(squared / norm);
}

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
