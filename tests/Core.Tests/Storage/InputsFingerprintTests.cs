using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Regfin.Core.Storage;

namespace Regfin.Core.Tests.Storage;

/// <summary>
/// The fingerprint of a partition's inputs: the SHA-256 of the documented text (each value's kind,
/// a text's length, the value), so the same values give the same fingerprint and no other sequence does.
/// </summary>
public sealed class InputsFingerprintTests
{
    private static string Of(Action<InputsFingerprint> add)
    {
        using var fingerprint = new InputsFingerprint();
        add(fingerprint);
        return fingerprint.ToString();
    }

    /// <summary>The documented text of a sequence of values, written out independently of the class.</summary>
    private sealed class Expected
    {
        private readonly StringBuilder _text = new();

        public Expected Text(string? text)
        {
            if (text is null)
            {
                _text.Append('n');
                return this;
            }

            _text.Append('s').Append((char)(text.Length & 0xFFFF)).Append((char)((uint)text.Length >> 16)).Append(text);
            return this;
        }

        public Expected Decimal(decimal value)
        {
            _text.Append('d');
            foreach (var part in decimal.GetBits(value))
            {
                _text.Append((char)(part & 0xFFFF)).Append((char)((uint)part >> 16));
            }

            return this;
        }

        public int Length => _text.Length;

        // The UTF-16 code units as they are (a decimal's halves may be lone surrogates, which an encoder would replace).
        public string Hash() => Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(_text.ToString().AsSpan()).ToArray()));
    }

    [Fact]
    public void The_same_values_give_the_same_fingerprint_the_sha256_of_the_documented_text()
    {
        var a = Of(f => f.Add("HSN").Add("4010").Add(1234.50m));
        Assert.Equal(a, Of(f => f.Add("HSN").Add("4010").Add(1234.50m)));
        Assert.Equal(new Expected().Text("HSN").Text("4010").Decimal(1234.50m).Hash(), a);
        // "HSN" alone: s, 3, 0, H, S, N.
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.Unicode.GetBytes("s\u0003\u0000HSN"))), Of(f => f.Add("HSN")));
    }

    [Fact]
    public void Values_are_kept_apart_whatever_they_hold_and_a_decimal_counts_with_its_scale()
    {
        Assert.NotEqual(Of(f => f.Add("HS").Add("N4010")), Of(f => f.Add("HSN").Add("4010")));
        Assert.NotEqual(Of(f => f.Add("")), Of(f => f.Add((string?)null)));
        Assert.NotEqual(Of(f => f.Add("\u0000")), Of(f => f.Add((string?)null)));
        Assert.NotEqual(Of(f => f.Add("a\u001fb")), Of(f => f.Add("a").Add("b")));
        Assert.NotEqual(Of(f => f.Add("a").Add("")), Of(f => f.Add("a")));
        Assert.NotEqual(Of(f => f.Add(1.5m)), Of(f => f.Add(1.50m))); // stored as written: a rebuild, never a wrong skip
        Assert.NotEqual(Of(f => f.Add(1.5m)), Of(f => f.Add(-1.5m)));
        Assert.NotEqual(Of(f => f.Add(79228162514264337593543950335m)), Of(f => f.Add(79228162514264337593543950334m)));
    }

    [Fact]
    public void Many_values_and_a_text_longer_than_the_buffer_hash_as_one_text()
    {
        var longText = new string('x', 40_000);
        var values = Enumerable.Range(0, 50_000).Select(i => $"N{i % 12:00}|{3000 + i % 2000}").ToList();
        var expected = new Expected();
        using var fingerprint = new InputsFingerprint();
        foreach (var value in values)
        {
            fingerprint.Add(value);
            expected.Text(value);
        }

        fingerprint.Add(longText).Add(-0.01m);
        expected.Text(longText).Decimal(-0.01m);

        Assert.Equal(expected.Hash(), fingerprint.ToString());
    }

    [Fact]
    public void Texts_decimals_and_nulls_of_every_length_across_the_buffer_s_end_hash_as_one_text()
    {
        // Texts of 0–40 characters, decimals and nulls in turn: every one of the buffer's 16 384-char ends
        // falls at another place in a value.
        var expected = new Expected();
        using var fingerprint = new InputsFingerprint();
        for (var i = 0; i < 6_000; i++)
        {
            var text = new string((char)('A' + i % 26), i % 41);
            var amount = (i - 3_000) * 1.25m;
            fingerprint.Add(text).Add(amount).Add((string?)null);
            expected.Text(text).Decimal(amount).Text(null);
        }

        Assert.True(expected.Length > 8 * 16_384);
        Assert.Equal(expected.Hash(), fingerprint.ToString());
    }
}
