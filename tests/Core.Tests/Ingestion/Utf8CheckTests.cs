using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Regfin.Core.Ingestion;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Ingestion;

/// <summary>
/// The chunked UTF-8 check agrees with .NET's strict decoder wherever the chunks are cut: a file is
/// read as UTF-8 or Windows-1252 on its result (formats.md).
/// </summary>
public class Utf8CheckTests
{
    /// <summary>The strict decoder's verdict on the whole byte array at once: the reference.</summary>
    private static bool StrictlyValid(byte[] bytes)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool Chunked(byte[] bytes, IEnumerable<int> cuts)
    {
        var check = new Utf8Check();
        var from = 0;
        foreach (var cut in cuts.Append(bytes.Length))
        {
            check.Append(bytes.AsSpan(from, cut - from));
            from = cut;
        }

        return check.Complete();
    }

    public static TheoryData<string, string, bool> Texts => new()
    {
        { "ascii", "Period;Committee", true },
        { "two-byte (å ä ö)", "Nämnd;Belopp;Förvaltning", true },
        { "three-byte (€)", "100 € – kostnad", true },
        { "four-byte (emoji)", "a😀b😀", true },
        { "lone continuation byte", "\u0080", false },
        { "Windows-1252 ä", "\u00E4", false },
        { "truncated three-byte at the end", "\u00E2\u0082", false },
        { "overlong slash", "\u00C0\u00AF", false },
        { "UTF-16 surrogate encoded", "\u00ED\u00A0\u0080", false },
        { "beyond U+10FFFF", "\u00F4\u0090\u0080\u0080", false },
        { "lead byte followed by ASCII", "x\u00E2Ay", false },
    };

    /// <summary>
    /// The texts that must be invalid are written as Latin-1 code points (one byte each), the valid ones as UTF-8.
    /// </summary>
    private static byte[] Bytes(string text, bool valid) => valid ? Encoding.UTF8.GetBytes(text) : Encoding.Latin1.GetBytes(text);

    [Theory]
    [MemberData(nameof(Texts))]
    public void Every_single_cut_gives_the_verdict_of_the_whole(string name, string text, bool valid)
    {
        var bytes = Bytes(text, valid);
        Assert.Equal(valid, StrictlyValid(bytes));
        Assert.Equal(valid, Chunked(bytes, []));
        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            Assert.True(valid == Chunked(bytes, [cut]), $"{name}, cut at byte {cut}");
        }
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Byte_by_byte_gives_the_verdict_of_the_whole(string name, string text, bool valid)
    {
        var bytes = Bytes(text, valid);
        Assert.True(valid == Chunked(bytes, Enumerable.Range(1, Math.Max(0, bytes.Length - 1))), name);
    }

    [Fact]
    public void An_empty_stream_is_valid() => Assert.True(new Utf8Check().Complete());

    [Fact]
    public void Any_bytes_cut_anywhere_agree_with_the_strict_decoder()
    {
        // Bytes drawn mostly from the ranges that make UTF-8 interesting (ASCII, continuation bytes, lead bytes).
        var interesting = Gen.OneOf(Gen.Choose(0x20, 0x7E), Gen.Choose(0x80, 0xBF), Gen.Choose(0xC0, 0xFF), Gen.Elements(0xC3, 0xE2, 0xF0, 0xA4, 0x82, 0x9F))
            .Select(i => (byte)i);
        var cases = Gen.ArrayOf(interesting).SelectMany(bytes => Gen.ListOf(Gen.Choose(0, bytes.Length)).Select(cuts => (bytes, cuts)));
        Prop.ForAll(cases.ToArbitrary(), c => Chunked(c.bytes, c.cuts.Order()) == StrictlyValid(c.bytes))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }

    [Fact]
    public void Valid_text_cut_anywhere_is_valid()
    {
        var text = Gen.ArrayOf(Gen.Elements("a", ";", "å", "Ö", "€", "😀", "\r\n", "1234,50")).Select(parts => Encoding.UTF8.GetBytes(string.Concat(parts)));
        var cases = text.SelectMany(bytes => Gen.ListOf(Gen.Choose(0, bytes.Length)).Select(cuts => (bytes, cuts)));
        Prop.ForAll(cases.ToArbitrary(), c => Chunked(c.bytes, c.cuts.Order())).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_captured_and_an_inspected_file_get_the_same_verdict_across_64_KiB_chunks(bool utf8)
    {
        // Over 8 MiB, so the inspection checks two halves; with 18-byte lines, the two-byte "ä"
        // straddles many of the 64 KiB chunk boundaries of either read.
        var text = string.Concat(Enumerable.Repeat("Nämnd;ä;4010;1,5\n", 500_000));
        var bytes = utf8 ? Encoding.UTF8.GetBytes(text) : TextEncodings.Windows1252.GetBytes(text);
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "ledger.csv");
        await File.WriteAllBytesAsync(path, bytes);

        await using var captured = await RawFile.CaptureAsync(path, long.MaxValue, CancellationToken.None);
        await using var inspected = await RawFile.InspectAsync(path, long.MaxValue, CancellationToken.None);

        Assert.True(bytes.Length > 8 << 20, $"{bytes.Length} bytes: large enough to be inspected in two halves");
        Assert.Equal(utf8, captured!.IsValidUtf8);
        Assert.Equal(utf8, inspected!.IsValidUtf8);
        Assert.Equal(bytes.Length, captured.SizeBytes);
    }
}
