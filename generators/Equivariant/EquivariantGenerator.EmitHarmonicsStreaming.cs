using System;
using TensorGen.Generators.Common;

namespace TensorGen.Generators.Equivariant;

public sealed partial class EquivariantGenerator
{
    internal static partial class Emit
    {
        private const string Streaming = "global::TensorGen.Equivariant.HarmonicsStreaming";

        /// <summary>The largest staging area a streaming group may take on the stack.</summary>
        private const int MaxStagingBytes = 16 * 1024;

        /// <summary>The most vectors a streaming group of a sample-major harmonics kernel takes.</summary>
        private const int MaxStreamingGroup = 64;

        /// <summary>
        /// The vectors per streaming group of a sample-major harmonics kernel: whole lane blocks whose output is a
        /// whole number of 64-byte lines (16 vectors of 49 f32 harmonics: 3,136 bytes, 49 lines), as many such as
        /// fit <see cref="MaxStreamingGroup"/> vectors and <see cref="MaxStagingBytes"/> (64 of 49 f32: 12,544 bytes),
        /// or 0 where not even one fits. Fewer, longer copies: l ≤ 6 f32 in groups of 64 against 16, interleaved in
        /// one run, 1.035 times as fast (9 of 10 rounds) at 20,000 vectors; each group boundary is a part-line
        /// written by ordinary stores, whose line is read first.
        /// </summary>
        private static int StreamingGroup(string element, int dim, Lane lane)
        {
            int size = element == "float" ? 4 : 8;
            int width = lane.Vector switch { "Vector512" => 64, "Vector256" => 32, _ => 16 };
            int lanes = width / size, bytes = dim * size;
            int vectorsPerLines = 64 / Gcd(64, bytes);
            int group = vectorsPerLines * lanes / Gcd(vectorsPerLines, lanes);
            if (group * bytes > MaxStagingBytes) return 0;
            int groups = Math.Max(1, Math.Min(MaxStreamingGroup / group, MaxStagingBytes / (group * bytes)));
            return groups * group;
        }

        /// <summary>
        /// The 64-byte lines per row that one window of a component-major harmonics kernel writes: as many as fit
        /// <see cref="MaxStagingBytes"/> with the line carried over (4 for 49 harmonics: 15,680 bytes of staging), at
        /// most 8; 0 (no streaming) where not even one fits.
        /// </summary>
        private static int RowStreamingLines(int dim) => Math.Min(8, MaxStagingBytes / (dim * 64) - 1);

        /// <summary>
        /// The component-major streaming loop ahead of the ordinary block loop: the first line of vectors, then
        /// windows of <paramref name="lines"/> lines of vectors, each computed block by block into a staging area of
        /// one row per harmonic (a line of vectors carried ahead of it) and written out row by row by
        /// <c>HarmonicsStreaming.StreamRows</c>; the ordinary loop (and the scalar tail) finish the vectors left over.
        /// </summary>
        private static void WriteRowStreaming(IndentedWriter writer, MethodShape method, Lane lane, int dim, int lines)
        {
            string t = method.ElementType;
            string Vectors(string first) => $"ref {UnsafeType}.Add(ref xs, {first}), ref {UnsafeType}.Add(ref ys, {first}), ref {UnsafeType}.Add(ref zs, {first})";
            writer.Line($"int line = {Streaming}.LineValues<{t}>(), window = {lines} * line;");
            using (writer.Block($"if ({Streaming}.AppliesToRows(ref outputStart, (long)count * {dim}) && count >= line + window)"))
            {
                writer.Line($"// A large output streams: each harmonic's row of the output gets whole 64-byte lines by non-temporal stores, {lines} per window,");
                writer.Line($"// from a staging area in L1 (harmonic i of staged vector j at [i * stride + j]) that keeps one line of vectors ahead of the window.");
                writer.Line("nint stride = line + window;");
                writer.Line($"global::System.Span<{t}> stagingBuffer = stackalloc {t}[{dim} * (int)stride];");
                writer.Line($"ref {t} staging = ref {Marshal}.GetReference(stagingBuffer);");
                using (writer.Block("for (int block = 0; block < line; block += lanes)"))
                    writer.Line($"{method.Name}{lane.Suffix}({Vectors("block")}, ref {UnsafeType}.Add(ref staging, block), stride);");
                writer.Line($"nuint phase = {Streaming}.BeginRows(ref staging, stride, {dim}, ref outputStart, count);");
                using (writer.Block("for (n = line; n <= count - window; n += window)"))
                {
                    using (writer.Block("for (int block = 0; block < window; block += lanes)"))
                        writer.Line($"{method.Name}{lane.Suffix}({Vectors("n + block")}, ref {UnsafeType}.Add(ref staging, line + block), stride);");
                    writer.Line($"{Streaming}.StreamRows(ref staging, stride, {dim}, {lines}, ref outputStart, count, n - line, ref phase);");
                }

                writer.Line($"{Streaming}.EndRows(ref staging, stride, {dim}, ref outputStart, count, n - line, phase);");
                writer.Line($"{Streaming}.Fence();");
            }
        }

        private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

        /// <summary>
        /// The streaming loop ahead of the ordinary block loop: whole groups of <paramref name="group"/> vectors,
        /// each transposed block by block into a sample-major staging area, then copied out by
        /// <c>HarmonicsStreaming.CopyLines</c>; the ordinary loop (and the scalar tail) finish the vectors left over.
        /// </summary>
        private static void WriteStreamingGroups(IndentedWriter writer, MethodShape method, Lane lane, int dim, int group)
        {
            string t = method.ElementType;
            using (writer.Block($"if ({Streaming}.Applies<{t}>((long)count * {dim}))"))
            {
                writer.Line($"// A large output streams: {group} vectors' harmonics ({group * dim * (t == "float" ? 4 : 8)} bytes, whole 64-byte lines) are assembled");
                writer.Line("// in an L1 staging area, then written with non-temporal stores.");
                writer.Line($"global::System.Span<{t}> stagingBuffer = stackalloc {t}[{group * dim}];");
                writer.Line($"ref {t} staging = ref {Marshal}.GetReference(stagingBuffer);");
                using (writer.Block($"for (; n <= count - {group}; n += {group})"))
                {
                    using (writer.Block($"for (int block = 0; block < {group}; block += lanes)"))
                    {
                        writer.Line("int first = n + block;");
                        writer.Line($"{method.Name}{lane.Suffix}(ref {UnsafeType}.Add(ref xs, first), ref {UnsafeType}.Add(ref ys, first), ref {UnsafeType}.Add(ref zs, first), ref sh, lanes);");
                        writer.Line($"{Lanes}.FromLanesInline(ref sh, {dim}, lanes, ref {UnsafeType}.Add(ref staging, block * {dim}));");
                    }

                    writer.Line($"{Streaming}.CopyLines(ref staging, ref {UnsafeType}.Add(ref outputStart, (nint)n * {dim}), {group * dim});");
                }

                writer.Line($"{Streaming}.Fence();");
            }
        }
    }
}
