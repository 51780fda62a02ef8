using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace TensorGen.Gguf;

/// <summary>
/// A GGUF file's metadata: key-value pairs in file order, each key once. Typed look-ups take the CLR type of the
/// GGUF type (<c>Get&lt;uint&gt;("general.alignment")</c>, <c>Get&lt;string&gt;("general.architecture")</c>,
/// <c>GetArray&lt;string&gt;("tokenizer.ggml.tokens")</c>); see <see cref="GgufValue"/> for the mapping.
/// </summary>
public sealed class GgufMetadata : IReadOnlyList<KeyValuePair<string, GgufValue>>
{
    private readonly List<KeyValuePair<string, GgufValue>> _entries = new();
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    /// <summary>Empty metadata.</summary>
    public GgufMetadata()
    {
    }

    /// <summary>The number of keys.</summary>
    public int Count => _entries.Count;

    /// <summary>Entry <paramref name="index"/> in file order.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the list.</exception>
    public KeyValuePair<string, GgufValue> this[int index] => _entries[index];

    /// <summary>The value of <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is no such key.</exception>
    public GgufValue this[string key] =>
        TryGetValue(key, out GgufValue? value) ? value : throw new KeyNotFoundException($"The GGUF metadata has no key \"{key}\".");

    /// <summary>The keys in file order.</summary>
    public IEnumerable<string> Keys
    {
        get
        {
            foreach (KeyValuePair<string, GgufValue> entry in _entries) yield return entry.Key;
        }
    }

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool ContainsKey(string key) => _index.ContainsKey(key);

    /// <summary>The value of <paramref name="key"/>, if present.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out GgufValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_index.TryGetValue(key, out int at))
        {
            value = _entries[at].Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>The scalar or string of <paramref name="key"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is no such key.</exception>
    /// <exception cref="InvalidOperationException">The value is not of the type <typeparamref name="T"/> stands for (the message names the key).</exception>
    public T Get<T>(string key) => Typed(key, this[key], static v => v.As<T>());

    /// <summary>The scalar or string of <paramref name="key"/> as <typeparamref name="T"/>, if the key is present and of that type.</summary>
    public bool TryGet<T>(string key, [MaybeNullWhen(false)] out T value)
    {
        if (TryGetValue(key, out GgufValue? v) && v.Holds<T>())
        {
            value = v.As<T>();
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The elements of the array of <paramref name="key"/> as <typeparamref name="T"/> (see <see cref="GgufValue.AsArray{T}"/>).</summary>
    /// <exception cref="KeyNotFoundException">There is no such key.</exception>
    /// <exception cref="InvalidOperationException">The value is not an array of <typeparamref name="T"/> (the message names the key).</exception>
    public IReadOnlyList<T> GetArray<T>(string key) => Typed(key, this[key], static v => v.AsArray<T>());

    /// <summary>The elements of the array of <paramref name="key"/>, if the key is present and an array of <typeparamref name="T"/>.</summary>
    public bool TryGetArray<T>(string key, [MaybeNullWhen(false)] out IReadOnlyList<T> elements)
    {
        if (TryGetValue(key, out GgufValue? v) && v.HoldsArrayOf<T>())
        {
            elements = v.AsArray<T>();
            return true;
        }

        elements = null;
        return false;
    }

    /// <summary>Adds <paramref name="key"/> at the end; false (and nothing added) when the key is already present.</summary>
    internal bool TryAdd(string key, GgufValue value)
    {
        if (!_index.TryAdd(key, _entries.Count)) return false;
        _entries.Add(new KeyValuePair<string, GgufValue>(key, value));
        return true;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, GgufValue>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static TResult Typed<TResult>(string key, GgufValue value, Func<GgufValue, TResult> read)
    {
        try
        {
            return read(value);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"GGUF metadata \"{key}\": {e.Message}", e);
        }
    }
}
