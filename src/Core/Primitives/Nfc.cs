namespace Regfin.Core.Primitives;

/// <summary>Unicode normalisation form C for text from outside (headers, blob names) that may hold anything.</summary>
internal static class Nfc
{
    /// <summary>
    /// The text in form C; text that cannot be normalised (a noncharacter such as U+FFFE, a lone
    /// surrogate: string.Normalize throws on them) as it is — it then matches no name, which is
    /// refused where a name is needed (a fuzz finding, docs/reliability.md).
    /// </summary>
    public static string Of(string text)
    {
        try
        {
            return text.Normalize(System.Text.NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return text;
        }
    }
}
