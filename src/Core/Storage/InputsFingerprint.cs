using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Regfin.Core.Storage;

/// <summary>
/// The fingerprint of what a partition's rows are built from (<see cref="PartitionWriter"/>'s
/// inputs-keyed write): a SHA-256 over the values added, each ended by a separator so that no two
/// different sequences of values give the same text. Values go through a reused buffer, so tens of
/// thousands of them cost a few milliseconds and almost no allocation.
/// </summary>
public sealed class InputsFingerprint : IDisposable
{
    private const char End = '\u001f';
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly char[] _buffer = new char[1 << 14];
    private int _length;

    /// <summary>Adds a text (null is not the empty text).</summary>
    public InputsFingerprint Add(string? text)
    {
        if (text is null)
        {
            return Add('\u0000');
        }

        if (_length + text.Length + 1 > _buffer.Length)
        {
            Flush();
            if (text.Length + 1 > _buffer.Length)
            {
                _hash.AppendData(MemoryMarshal.AsBytes(text.AsSpan()));
                _buffer[_length++] = End;
                return this;
            }
        }

        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
        _buffer[_length++] = End;
        return this;
    }

    /// <summary>Adds a decimal exactly as stored (its value and scale).</summary>
    public InputsFingerprint Add(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        if (_length + 9 > _buffer.Length)
        {
            Flush();
        }

        foreach (var part in bits)
        {
            _buffer[_length++] = (char)(part & 0xFFFF);
            _buffer[_length++] = (char)((uint)part >> 16);
        }

        _buffer[_length++] = End;
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

    private InputsFingerprint Add(char c)
    {
        if (_length + 2 > _buffer.Length)
        {
            Flush();
        }

        _buffer[_length++] = c;
        _buffer[_length++] = End;
        return this;
    }

    private void Flush()
    {
        _hash.AppendData(MemoryMarshal.AsBytes(_buffer.AsSpan(0, _length)));
        _length = 0;
    }
}
