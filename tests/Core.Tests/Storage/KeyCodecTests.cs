using Regfin.Core.Storage;

namespace Regfin.Core.Tests.Storage;

public class KeyCodecTests
{
    [Theory]
    [InlineData("RS", "RS")]
    [InlineData("HSN/Akut", "HSN%2FAkut")]
    [InlineData("a\\b#c?d", "a%5Cb%23c%3Fd")]
    [InlineData("50%|x", "50%25%7Cx")]
    [InlineData("tab\there", "tab%09here")]
    [InlineData("Hälso- och sjukvård", "Hälso- och sjukvård")]
    public void Encodes_forbidden_characters_reversibly(string text, string encoded)
    {
        Assert.Equal(encoded, KeyCodec.Encode(text));
        Assert.Equal(text, KeyCodec.Decode(encoded));
    }

    [Fact]
    public void Composes_with_the_separator_and_cuts_long_keys_with_a_hash()
    {
        Assert.Equal("RS|4010", KeyCodec.Compose("RS", "4010"));
        var longA = new string('a', 2000);
        var longB = new string('a', 1999) + "b";
        var a = KeyCodec.Compose(longA);
        var b = KeyCodec.Compose(longB);
        Assert.Equal(KeyCodec.MaxKeyLength, a.Length);
        Assert.NotEqual(a, b);
    }
}
