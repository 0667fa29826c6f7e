using Regfin.Core.Ingestion.Tabular;
using Regfin.Core.Portfolio;
using Regfin.Core.Storage;

namespace Regfin.Core.Ingestion.Kinds;

/// <summary>holdings (innehav): portfolio holdings at month end; scope: each (Portfolio, AsOf).</summary>
public static class HoldingsKind
{
    /// <summary>The asset classes (segments) with their Swedish spellings; flows use them too.</summary>
    internal static IReadOnlyDictionary<string, string> AssetClasses { get; } = FieldSpec.ChoiceMap(
        (Segments.Equity, ["Aktier", "Aktie"]),
        (Segments.FixedIncome, ["Räntor", "Ränta", "Obligationer"]),
        (Segments.Cash, ["Likvid", "Likvida medel", "Oplacerad likvid"]));

    /// <summary>AsOf [Datum]: month end.</summary>
    public static Column<DateOnly> AsOf { get; } = Column.Date("AsOf");

    /// <summary>Portfolio [Portfölj].</summary>
    public static Column<string> Portfolio { get; } = Column.Text("Portfolio");

    /// <summary>InstrumentId [ISIN, Id]: unique per (Portfolio, AsOf).</summary>
    public static Column<string> InstrumentId { get; } = Column.Text("InstrumentId");

    /// <summary>InstrumentName [Namn].</summary>
    public static Column<string> InstrumentName { get; } = Column.Text("InstrumentName");

    /// <summary>AssetClass [Tillgångsslag]: a segment.</summary>
    public static Column<string> AssetClass { get; } = Column.Choice("AssetClass", AssetClasses);

    /// <summary>Currency [Valuta].</summary>
    public static Column<string> Currency { get; } = Column.Currency("Currency");

    /// <summary>MarketValueSek [Marknadsvärde].</summary>
    public static Column<decimal> MarketValueSek { get; } = Column.Money("MarketValueSek", Bound.NonNegative);

    /// <summary>CurrencyHedged [Valutasäkrad]: required when Currency is not SEK.</summary>
    public static Column<bool?> CurrencyHedged { get; } = Column.OptionalBoolean("CurrencyHedged");

    /// <summary>Issuer [Emittent].</summary>
    public static Column<string?> Issuer { get; } = Column.OptionalText("Issuer");

    /// <summary>IssuerType [Emittenttyp].</summary>
    public static Column<string?> IssuerType { get; } = Column.OptionalChoice("IssuerType", FieldSpec.ChoiceMap(
        ("Government", ["Stat"]), ("Municipal", ["Kommun", "Region"]), ("CoveredBond", ["Säkerställd"]),
        ("Corporate", ["Företag"]), ("Fund", ["Fond"]), ("Bank", [])));

    /// <summary>Rating: S&amp;P/Fitch or Moody's.</summary>
    public static Column<string?> Rating { get; } = Column.OptionalText("Rating");

    /// <summary>Duration: years.</summary>
    public static Column<decimal?> Duration { get; } = Column.OptionalNumber("Duration", Bound.NonNegative);

    /// <summary>Manager [Förvaltare].</summary>
    public static Column<string?> Manager { get; } = Column.OptionalText("Manager");

    /// <summary>Supervised [Tillsyn].</summary>
    public static Column<bool?> Supervised { get; } = Column.OptionalBoolean("Supervised");

    /// <summary>Exclusions [Exkludering]: <c>;</c>-separated categories.</summary>
    public static Column<string?> Exclusions { get; } = Column.OptionalText("Exclusions");

    /// <summary>The kind.</summary>
    public static KindSchema<Holding> Schema { get; } = new(InputKind.Holdings,
        [AsOf, Portfolio, InstrumentId, InstrumentName, AssetClass, Currency, MarketValueSek, CurrencyHedged, Issuer, IssuerType,
            Rating, Duration, Manager, Supervised, Exclusions],
        r => new Holding(r.Value(AsOf), r.Value(Portfolio), r.Value(InstrumentId), r.Value(InstrumentName), r.Value(AssetClass), r.Value(Currency),
            r.Value(MarketValueSek), r.Value(CurrencyHedged), r.Value(Issuer), r.Value(IssuerType),
            CreditRating.TryParse(r.Value(Rating), out var rating) ? rating : null, r.Value(Duration), r.Value(Manager), r.Value(Supervised),
            (r.Value(Exclusions) ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(e => e.ToLowerInvariant()).ToList()),
        h => KeyCodec.Compose(KindSchemas.Day(h.AsOf), h.Portfolio),
        h => Primitives.Period.Of(h.AsOf),
        rowKey: h => h.InstrumentId,
        check: (h, e) =>
        {
            if (h.Currency != "SEK" && h.CurrencyHedged is null)
            {
                e.Add(CurrencyHedged, "", $"CurrencyHedged (Valutasäkrad) is required for an instrument in {h.Currency}");
            }

            if (e.Row.Value(Rating) is { } text && h.Rating is null)
            {
                e.Add(Rating, text, "not a rating: write S&P/Fitch (AAA … D) or Moody's (Aaa … C)");
            }
        },
        uniqueWhat: "instrument",
        scopeWords: "portfolio and date");
}
