using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Regfin.Core.Storage;

/// <summary>
/// The fingerprint of what a partition's rows are built from (<see cref="PartitionWriter"/>'s
/// inputs-keyed write): a SHA-256 over the values added, as UTF-16 code units. Each value is written
/// with its kind and, for a text, its length first (<c>s</c>, the length as two units, the text;
/// <c>n</c> for null; <c>d</c> and the decimal's four 32-bit parts as eight units), so no two
/// different sequences of values give the same text, whatever characters the texts hold. Values go
/// through a reused buffer, so tens of thousands of them cost a few milliseconds and almost no allocation.
/// </summary>
public sealed class InputsFingerprint : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly char[] _buffer = new char[1 << 14];
    private int _length;

    /// <summary>Adds a text (null is not the empty text).</summary>
    public InputsFingerprint Add(string? text)
    {
        if (text is null)
        {
            Room(1);
            _buffer[_length++] = 'n';
            return this;
        }

        Room(3);
        _buffer[_length++] = 's';
        _buffer[_length++] = (char)(text.Length & 0xFFFF);
        _buffer[_length++] = (char)((uint)text.Length >> 16);
        if (text.Length > _buffer.Length - _length)
        {
            Flush();
            if (text.Length > _buffer.Length)
            {
                _hash.AppendData(MemoryMarshal.AsBytes(text.AsSpan()));
                return this;
            }
        }

        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
        return this;
    }

    /// <summary>Adds a decimal exactly as stored (its value and scale).</summary>
    public InputsFingerprint Add(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        Room(9);
        _buffer[_length++] = 'd';
        foreach (var part in bits)
        {
            _buffer[_length++] = (char)(part & 0xFFFF);
            _buffer[_length++] = (char)((uint)part >> 16);
        }

        return this;
    }

    /// <summary>The fingerprint so far, as lower-case hex.</summary>
    public override string ToString()
    {
        Flush();
        return Convert.ToHexStringLower(_hash.GetCurrentHash());
    }

    /// <inheritdoc />
    public void Dispose() => _hash.Dispose();

    private void Room(int chars)
    {
        if (_length + chars > _buffer.Length)
        {
            Flush();
        }
    }

    private void Flush()
    {
        _hash.AppendData(MemoryMarshal.AsBytes(_buffer.AsSpan(0, _length)));
        _length = 0;
    }
}
