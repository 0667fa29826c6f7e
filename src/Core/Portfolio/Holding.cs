
namespace Regfin.Core.Portfolio;

/// <summary>The segments (tillgångsslag) of a pension portfolio, as the holdings file names them.</summary>
public static class Segments
{
    /// <summary>Aktier.</summary>
    public const string Equity = "Equity";

    /// <summary>Räntebärande (räntor).</summary>
    public const string FixedIncome = "FixedIncome";

    /// <summary>Likvida medel.</summary>
    public const string Cash = "Cash";

    /// <summary>Every segment, in report order.</summary>
    public static IReadOnlyList<string> All { get; } = [Equity, FixedIncome, Cash];

    /// <summary>The Swedish name of a segment.</summary>
    public static string Swedish(string segment) => segment switch
    {
        Equity => "Aktier",
        FixedIncome => "Räntebärande",
        Cash => "Likvida medel",
        "Total" => "Totalt",
        _ => segment,
    };
}

/// <summary>One holding (innehav) of a portfolio at a date: the position the compliance rules look at.</summary>
/// <param name="AsOf">The holdings date.</param>
/// <param name="Portfolio">The portfolio's name.</param>
/// <param name="InstrumentId">ISIN or internal id.</param>
/// <param name="Name">The instrument's name.</param>
/// <param name="Segment">Equity, FixedIncome or Cash.</param>
/// <param name="Currency">ISO currency of the instrument.</param>
/// <param name="MarketValue">Market value in SEK.</param>
/// <param name="CurrencyHedged">Valutasäkrad; null when not stated (a SEK instrument).</param>
/// <param name="Issuer">Emittent, if stated.</param>
/// <param name="IssuerType">Government, Municipal, CoveredBond, Corporate, Fund or Bank, if stated.</param>
/// <param name="Rating">The credit rating, if rated.</param>
/// <param name="Duration">Modified duration in years, if stated.</param>
/// <param name="Manager">Förvaltare, if stated.</param>
/// <param name="Supervised">Under financial supervision (tillsyn), if stated.</param>
/// <param name="Exclusions">Exclusion categories the instrument is exposed to (lower case).</param>
public sealed record Holding(
    DateOnly AsOf, string Portfolio, string InstrumentId, string Name, string Segment, string Currency, decimal MarketValue,
    bool? CurrencyHedged, string? Issuer, string? IssuerType, CreditRating? Rating, decimal? Duration, string? Manager,
    bool? Supervised, IReadOnlyList<string> Exclusions)
{
    /// <summary>A short text naming the instrument, for a limit check's Detail.</summary>
    public string Label => $"{InstrumentId} {Name}";
}

/// <summary>A cash flow into (+) or out of (−) a segment of a portfolio (flöde).</summary>
/// <param name="Date">The day of the flow.</param>
/// <param name="Portfolio">The portfolio.</param>
/// <param name="Segment">The segment.</param>
/// <param name="Amount">SEK; positive into the segment.</param>
public sealed record PortfolioFlow(DateOnly Date, string Portfolio, string Segment, decimal Amount);

/// <summary>The exclusion categories of the policy (e.g. weapons, tobacco, fossil) as the board reads them.</summary>
public static class ExclusionCategories
{
    /// <summary>The Swedish name of a category; one the list does not know shows as written.</summary>
    public static string Swedish(string category) => category.ToLowerInvariant() switch
    {
        "weapons" => "vapen",
        "tobacco" => "tobak",
        "fossil" => "fossila bränslen",
        "alcohol" => "alkohol",
        "gambling" => "spel",
        "pornography" => "pornografi",
        "coal" => "kol",
        "cannabis" => "cannabis",
        _ => category,
    };
}
