using System;

namespace TensorGen.Gguf;

/// <summary>
/// A GGUF file that does not follow the format: the byte offset in the file where the problem lies and the field
/// there, named as a path (<c>version</c>, <c>metadata[3].key</c>, <c>metadata["general.alignment"]</c>,
/// <c>metadata["tokenizer.ggml.tokens"][7]</c>, <c>tensor_infos[3].dims[1]</c>, <c>padding</c>). The offset is where the
/// field's bytes start (for a file that ends too early, where the read began).
/// </summary>
public sealed class GgufFormatException : FormatException
{
    /// <summary>A malformed file: <paramref name="offset"/> and <paramref name="field"/> locate it; <paramref name="problem"/> says what is wrong.</summary>
    public GgufFormatException(long offset, string field, string problem)
        : base($"GGUF: {field} at byte {offset}: {problem}")
    {
        Offset = offset;
        Field = field;
        Problem = problem;
    }

    /// <summary>The byte offset in the file of the malformed field.</summary>
    public long Offset { get; }

    /// <summary>The malformed field, as a path into the file's structure.</summary>
    public string Field { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }
}
