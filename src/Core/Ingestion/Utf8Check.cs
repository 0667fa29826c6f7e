using System.Text.Unicode;

namespace Regfin.Core.Ingestion;

/// <summary>
/// Whether a byte stream fed in chunks of any size is valid UTF-8 (formats.md: otherwise the file is
/// read as Windows-1252). Each chunk is checked in place with <see cref="Utf8.IsValid(ReadOnlySpan{byte})"/>,
/// which validates without decoding; a character cut by the chunk boundary (at most three bytes) is
/// held back and checked whole with the next chunk. Nothing is allocated per chunk.
/// </summary>
internal sealed class Utf8Check
{
    private readonly byte[] _pending = new byte[4];
    private int _pendingLength;

    /// <summary>False from the first invalid byte on; true while every byte so far is valid UTF-8.</summary>
    public bool IsValid { get; private set; } = true;

    /// <summary>Checks the next chunk.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (!IsValid)
        {
            return;
        }

        if (_pendingLength > 0)
        {
            // Complete the character the previous chunk cut, then check it alone.
            var length = SequenceLength(_pending[0]);
            var take = Math.Min(length - _pendingLength, bytes.Length);
            bytes[..take].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            bytes = bytes[take..];
            if (_pendingLength < length)
            {
                return; // a chunk shorter than the rest of the character
            }

            IsValid = Utf8.IsValid(_pending.AsSpan(0, length));
            _pendingLength = 0;
            if (!IsValid)
            {
                return;
            }
        }

        var whole = bytes.Length - CutCharacterLength(bytes);
        IsValid = Utf8.IsValid(bytes[..whole]);
        bytes[whole..].CopyTo(_pending);
        _pendingLength = bytes.Length - whole;
    }

    /// <summary>True when every byte fed was valid UTF-8 and no character was left unfinished at the end.</summary>
    public bool Complete() => IsValid && _pendingLength == 0;

    /// <summary>
    /// How many bytes at the end of <paramref name="bytes"/> are the start of a multi-byte character
    /// whose remaining bytes are not in this chunk: the last lead byte within the final three, when it
    /// announces more bytes than follow it. Anything else (complete, or invalid) is left to
    /// <see cref="Utf8.IsValid(ReadOnlySpan{byte})"/>.
    /// </summary>
    private static int CutCharacterLength(ReadOnlySpan<byte> bytes)
    {
        for (var back = 1; back <= Math.Min(3, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) != 0x80)
            {
                return SequenceLength(b) > back ? back : 0;
            }
        }

        return 0;
    }

    /// <summary>The length a lead byte announces: 2 for 110xxxxx, 3 for 1110xxxx, 4 for 11110xxx, else 1.</summary>
    private static int SequenceLength(byte lead) => lead switch
    {
        >= 0xC0 and < 0xE0 => 2,
        >= 0xE0 and < 0xF0 => 3,
        >= 0xF0 and < 0xF8 => 4,
        _ => 1,
    };
}
