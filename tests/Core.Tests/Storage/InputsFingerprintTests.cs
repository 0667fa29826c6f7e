using Regfin.Core.Storage;

namespace Regfin.Core.Tests.Storage;

/// <summary>The fingerprint of a partition's inputs: the same values give the same text, any other sequence another.</summary>
public sealed class InputsFingerprintTests
{
    private static string Of(Action<InputsFingerprint> add)
    {
        using var fingerprint = new InputsFingerprint();
        add(fingerprint);
        return fingerprint.ToString();
    }

    [Fact]
    public void The_same_values_give_the_same_fingerprint_and_it_is_the_sha256_of_their_text()
    {
        var a = Of(f => f.Add("HSN").Add("4010").Add(1234.50m));
        Assert.Equal(a, Of(f => f.Add("HSN").Add("4010").Add(1234.50m)));
        Assert.Matches("^[0-9a-f]{64}$", a);
        // Texts end with U+001F and are hashed as UTF-16: "HSN" alone is SHA-256 of H,S,N,U+001F.
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.Unicode.GetBytes("HSN\u001f")));
        Assert.Equal(expected, Of(f => f.Add("HSN")));
    }

    [Fact]
    public void Values_are_kept_apart_and_a_decimal_counts_with_its_scale()
    {
        Assert.NotEqual(Of(f => f.Add("HS").Add("N4010")), Of(f => f.Add("HSN").Add("4010")));
        Assert.NotEqual(Of(f => f.Add("")), Of(f => f.Add((string?)null)));
        Assert.NotEqual(Of(f => f.Add("a").Add("")), Of(f => f.Add("a")));
        Assert.NotEqual(Of(f => f.Add(1.5m)), Of(f => f.Add(1.50m))); // stored as written: a rebuild, never a wrong skip
        Assert.NotEqual(Of(f => f.Add(1.5m)), Of(f => f.Add(-1.5m)));
        Assert.NotEqual(Of(f => f.Add(79228162514264337593543950335m)), Of(f => f.Add(79228162514264337593543950334m)));
    }

    [Fact]
    public void Many_values_and_texts_longer_than_the_buffer_hash_as_one_text()
    {
        var longText = new string('x', 40_000);
        var values = Enumerable.Range(0, 50_000).Select(i => $"N{i % 12:00}|{3000 + i % 2000}").ToList();
        var whole = string.Concat(values.Select(v => v + "\u001f")) + longText + "\u001f";
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.Unicode.GetBytes(whole)));

        Assert.Equal(expected, Of(f =>
        {
            foreach (var value in values)
            {
                f.Add(value);
            }

            f.Add(longText);
        }));
    }

    [Fact]
    public void Decimals_and_nulls_across_the_buffer_s_end_hash_as_one_text()
    {
        // 3 000 × (a text, a decimal, a null): 14 chars each, so values fall across every 16 384-char
        // buffer's end; the expected text is written out as the fingerprint documents it.
        var expected = new System.Text.StringBuilder();
        using var fingerprint = new InputsFingerprint();
        Span<int> bits = stackalloc int[4];
        for (var i = 0; i < 3_000; i++)
        {
            var amount = (i - 1_500) * 1.25m;
            fingerprint.Add(i % 7 == 0 ? "" : "K").Add(amount).Add((string?)null);
            expected.Append(i % 7 == 0 ? "" : "K").Append('\u001f');
            decimal.GetBits(amount, bits);
            foreach (var part in bits)
            {
                expected.Append((char)(part & 0xFFFF)).Append((char)((uint)part >> 16));
            }

            expected.Append('\u001f').Append('\u0000').Append('\u001f');
        }

        Assert.True(expected.Length > 2 * 16_384);
        // The UTF-16 code units as they are (a decimal's halves may be lone surrogates, which an encoder would replace).
        var units = System.Runtime.InteropServices.MemoryMarshal.AsBytes(expected.ToString().AsSpan()).ToArray();
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(units)), fingerprint.ToString());
    }
}
