using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace TensorGen.Generators.Common;

/// <summary>A parsed JSON value: an object, array, string, number (kept as its text), true, false or null.</summary>
internal abstract class JsonNode
{
    /// <summary>Where the value starts in the text: 0-based line and column, for diagnostics.</summary>
    public int Line { get; set; }

    public int Column { get; set; }

    /// <summary>What the value is, for messages: "an object", "a string", …</summary>
    public abstract string Describe { get; }
}

internal sealed class JsonObject : JsonNode
{
    public List<KeyValuePair<string, JsonNode>> Members { get; } = new();

    public override string Describe => "an object";

    /// <summary>The first member called <paramref name="name"/> (case-sensitive, as the profile writer spells it), or null.</summary>
    public JsonNode? Get(string name)
    {
        foreach (KeyValuePair<string, JsonNode> member in Members)
        {
            if (member.Key == name) return member.Value;
        }

        return null;
    }
}

internal sealed class JsonArray : JsonNode
{
    public List<JsonNode> Items { get; } = new();

    public override string Describe => "an array";
}

internal sealed class JsonString : JsonNode
{
    public JsonString(string value) => Value = value;

    public string Value { get; }

    public override string Describe => "a string";
}

internal sealed class JsonNumber : JsonNode
{
    public JsonNumber(string text) => Text = text;

    /// <summary>The number as written (JSON grammar, so always '.' and 'e'); parse it under the invariant culture.</summary>
    public string Text { get; }

    public override string Describe => "a number";

    /// <summary>The value as an int, if it is written as one (no fraction or exponent) and fits.</summary>
    public bool TryInt32(out int value) =>
        int.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public bool TryDouble(out double value) =>
        double.TryParse(Text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                        CultureInfo.InvariantCulture, out value);
}

internal sealed class JsonLiteral : JsonNode
{
    public JsonLiteral(string text) => Text = text;

    /// <summary>true, false or null.</summary>
    public string Text { get; }

    public override string Describe => Text;
}

/// <summary>The text is not JSON: the message says what was expected, and where.</summary>
internal sealed class JsonFormatException : Exception
{
    public JsonFormatException(string message, int line, int column)
        : base(message)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }
}

/// <summary>
/// A small strict JSON (RFC 8259) reader for analyzers, which cannot use System.Text.Json on netstandard2.0:
/// one pass, no allocation beyond the tree, nesting bounded so hostile input cannot overflow the stack.
/// </summary>
internal sealed class JsonReader
{
    private const int MaxDepth = 64;
    private readonly string _text;
    private int _position;
    private int _line;
    private int _lineStart;

    private JsonReader(string text) => _text = text;

    /// <summary>Parses one JSON value that spans the whole text (whitespace aside).</summary>
    /// <exception cref="JsonFormatException">The text is not one JSON value.</exception>
    public static JsonNode Parse(string text)
    {
        var reader = new JsonReader(text);
        if (reader._text.Length > 0 && reader._text[0] == '\uFEFF') reader._position = 1;
        JsonNode value = reader.Value(0);
        reader.SkipWhitespace();
        if (reader._position < reader._text.Length)
        {
            throw reader.Error("text after the end of the JSON value");
        }

        return value;
    }

    private JsonNode Value(int depth)
    {
        SkipWhitespace();
        if (depth > MaxDepth) throw Error($"nesting deeper than {MaxDepth} levels");
        if (_position >= _text.Length) throw Error("the text ends where a value was expected");
        int line = _line, column = _position - _lineStart;
        JsonNode node = _text[_position] switch
        {
            '{' => Object(depth),
            '[' => Array(depth),
            '"' => new JsonString(String()),
            't' => Literal("true"),
            'f' => Literal("false"),
            'n' => Literal("null"),
            char c when c == '-' || (c >= '0' && c <= '9') => Number(),
            char c => throw Error($"unexpected character '{c}' where a value was expected"),
        };
        node.Line = line;
        node.Column = column;
        return node;
    }

    private JsonObject Object(int depth)
    {
        var result = new JsonObject();
        _position++;
        SkipWhitespace();
        if (Peek() == '}')
        {
            _position++;
            return result;
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"') throw Error("a member name (a string) was expected");
            string name = String();
            SkipWhitespace();
            Expect(':');
            result.Members.Add(new KeyValuePair<string, JsonNode>(name, Value(depth + 1)));
            SkipWhitespace();
            char next = Peek();
            _position++;
            if (next == '}') return result;
            if (next != ',') { _position--; throw Error("',' or '}' was expected in an object"); }
        }
    }

    private JsonArray Array(int depth)
    {
        var result = new JsonArray();
        _position++;
        SkipWhitespace();
        if (Peek() == ']')
        {
            _position++;
            return result;
        }

        while (true)
        {
            result.Items.Add(Value(depth + 1));
            SkipWhitespace();
            char next = Peek();
            _position++;
            if (next == ']') return result;
            if (next != ',') { _position--; throw Error("',' or ']' was expected in an array"); }
        }
    }

    private string String()
    {
        _position++;
        var builder = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length) throw Error("the text ends inside a string");
            char c = _text[_position++];
            if (c == '"') return builder.ToString();
            if (c < ' ') { _position--; throw Error("a control character inside a string"); }
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (_position >= _text.Length) throw Error("the text ends inside a string");
            char escape = _text[_position++];
            switch (escape)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (_position + 4 > _text.Length
                        || !int.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                    {
                        throw Error("'\\u' must be followed by four hex digits");
                    }

                    builder.Append((char)code);
                    _position += 4;
                    break;
                default:
                    _position--;
                    throw Error($"unknown escape '\\{escape}'");
            }
        }
    }

    private JsonNumber Number()
    {
        int start = _position;
        if (Peek() == '-') _position++;
        if (Peek() == '0')
        {
            _position++;
        }
        else if (!Digits())
        {
            throw Error("a digit was expected in a number");
        }

        if (Peek() == '.')
        {
            _position++;
            if (!Digits()) throw Error("a digit was expected after the decimal point");
        }

        if (Peek() is 'e' or 'E')
        {
            _position++;
            if (Peek() is '+' or '-') _position++;
            if (!Digits()) throw Error("a digit was expected in the exponent");
        }

        return new JsonNumber(_text.Substring(start, _position - start));
    }

    private bool Digits()
    {
        int start = _position;
        while (Peek() is >= '0' and <= '9') _position++;
        return _position > start;
    }

    private JsonLiteral Literal(string word)
    {
        if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0)
        {
            throw Error($"unexpected text where '{word}' or another value was expected");
        }

        _position += word.Length;
        return new JsonLiteral(word);
    }

    private void Expect(char c)
    {
        if (Peek() != c) throw Error($"'{c}' was expected");
        _position++;
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private void SkipWhitespace()
    {
        while (_position < _text.Length)
        {
            char c = _text[_position];
            if (c == '\n')
            {
                _line++;
                _lineStart = _position + 1;
            }
            else if (c != ' ' && c != '\t' && c != '\r')
            {
                return;
            }

            _position++;
        }
    }

    private JsonFormatException Error(string message) =>
        new(_position >= _text.Length && !message.StartsWith("the text ends", StringComparison.Ordinal) ? message + " (the text ends here)" : message,
            _line, _position - _lineStart);
}
