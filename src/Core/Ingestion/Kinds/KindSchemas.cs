using System.Globalization;
using Regfin.Core.Ingestion.Tabular;
using Regfin.Core.Portfolio;
using Regfin.Core.Storage;

namespace Regfin.Core.Ingestion.Kinds;

/// <summary>
/// The tabular input kinds of formats.md other than ledger and budget (which are summed on the fly,
/// see <see cref="Ledger.AccountAmountParser"/>): their columns, scopes, row keys and checks.
/// </summary>
public static class KindSchemas
{
    private static string Day(DateOnly? date) => date!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static readonly IReadOnlyDictionary<string, string> AssetClasses = FieldSpec.ChoiceMap(
        ("Equity", ["Aktier", "Aktie"]),
        ("FixedIncome", ["Räntor", "Ränta", "Obligationer"]),
        ("Cash", ["Likvid", "Likvida medel", "Oplacerad likvid"]));

    /// <summary>The asset classes (segments) of the pension portfolio.</summary>
    public static IReadOnlyCollection<string> Segments { get; } = ["Equity", "FixedIncome", "Cash"];

    /// <summary>balance (balans): balance-sheet items at period end; scope: each Period.</summary>
    public static KindSchema Balance { get; } = new(InputKind.Balance,
        [
            new("Period", FieldType.Period, true),
            new("Item", FieldType.Choice, true, Choices: FieldSpec.ChoiceMap(
                ("TotalAssets", ["Summa tillgångar"]), ("Equity", ["Eget kapital"]), ("InterestBearingDebt", ["Räntebärande skulder"]),
                ("CurrentAssets", ["Omsättningstillgångar"]), ("CurrentLiabilities", ["Kortfristiga skulder"]), ("Investments", ["Investeringar"]))),
            new("Amount", FieldType.Money, true),
        ],
        r => r.Period("Period").ToString()!,
        r => r.Text("Item")!,
        (r, e) =>
        {
            if (r.Text("Item") != "Equity" && r.Number("Amount") < 0)
            {
                e.Add("Amount", r.Number("Amount"), $"{r.Text("Item")} cannot be negative (only Equity may be)");
            }
        },
        "item");

    /// <summary>pension: pension liability at a date; scope: each AsOf.</summary>
    public static KindSchema Pension { get; } = new(InputKind.Pension,
        [
            new("AsOf", FieldType.Date, true),
            new("Provision", FieldType.Money, true, Bound.NonNegative),
            new("ContingentLiability", FieldType.Money, true, Bound.NonNegative),
        ],
        r => Day(r.Date("AsOf")),
        _ => "pension",
        null,
        "pension row");

    /// <summary>holdings (innehav): portfolio holdings; scope: each (Portfolio, AsOf).</summary>
    public static KindSchema Holdings { get; } = new(InputKind.Holdings,
        [
            new("AsOf", FieldType.Date, true),
            new("Portfolio", FieldType.Text, true),
            new("InstrumentId", FieldType.Text, true),
            new("InstrumentName", FieldType.Text, true),
            new("AssetClass", FieldType.Choice, true, Choices: AssetClasses),
            new("Currency", FieldType.Currency, true),
            new("MarketValueSek", FieldType.Money, true, Bound.NonNegative),
            new("CurrencyHedged", FieldType.Boolean),
            new("Issuer", FieldType.Text),
            new("IssuerType", FieldType.Choice, Choices: FieldSpec.ChoiceMap(
                ("Government", ["Stat"]), ("Municipal", ["Kommun", "Region"]), ("CoveredBond", ["Säkerställd"]),
                ("Corporate", ["Företag"]), ("Fund", ["Fond"]), ("Bank", []))),
            new("Rating", FieldType.Text),
            new("Duration", FieldType.Number, Bound: Bound.NonNegative),
            new("Manager", FieldType.Text),
            new("Supervised", FieldType.Boolean),
            new("Exclusions", FieldType.Text),
        ],
        r => KeyCodec.Compose(Day(r.Date("AsOf")), r.Text("Portfolio")!),
        r => r.Text("InstrumentId")!,
        (r, e) =>
        {
            if (r.Text("Currency") != "SEK" && r.Boolean("CurrencyHedged") is null)
            {
                e.Add("CurrencyHedged", "", $"CurrencyHedged (Valutasäkrad) is required for an instrument in {r.Text("Currency")}");
            }

            if (r.Text("Rating") is { } rating && !CreditRating.TryParse(rating, out _))
            {
                e.Add("Rating", rating, "not a rating: write S&P/Fitch (AAA … D) or Moody's (Aaa … C)");
            }
        },
        "instrument");

    /// <summary>flows (flöden): cash flows into and out of segments; scope: each (Portfolio, month of Date).</summary>
    public static KindSchema Flows { get; } = new(InputKind.Flows,
        [
            new("Date", FieldType.Date, true),
            new("Portfolio", FieldType.Text, true),
            new("AssetClass", FieldType.Choice, true, Choices: AssetClasses),
            new("AmountSek", FieldType.Money, true),
        ],
        r => KeyCodec.Compose(r.Date("Date")!.Value.ToString("yyyy-MM", CultureInfo.InvariantCulture), r.Text("Portfolio")!),
        null,
        null);

    /// <summary>indices (index): index levels; scope: each (Index, Date) row.</summary>
    public static KindSchema Indices { get; } = new(InputKind.Indices,
        [
            new("Date", FieldType.Date, true),
            new("Index", FieldType.Text, true),
            new("Level", FieldType.Number, true, Bound.Positive),
        ],
        r => KeyCodec.Compose(Day(r.Date("Date")), r.Text("Index")!),
        _ => "level",
        null,
        "index level");

    /// <summary>cpi (kpi): consumer price index levels; scope: each Period row.</summary>
    public static KindSchema Cpi { get; } = new(InputKind.Cpi,
        [
            new("Period", FieldType.Period, true),
            new("Level", FieldType.Number, true, Bound.Positive),
        ],
        r => r.Period("Period").ToString()!,
        _ => "level",
        null,
        "CPI level");

    /// <summary>loans (lån): the loan portfolio at a date; scope: each AsOf.</summary>
    public static KindSchema Loans { get; } = new(InputKind.Loans,
        [
            new("AsOf", FieldType.Date, true),
            new("LoanId", FieldType.Text, true),
            new("Lender", FieldType.Text, true),
            new("PrincipalSek", FieldType.Money, true, Bound.Positive),
            new("RateType", FieldType.Choice, true, Choices: FieldSpec.ChoiceMap(("Fixed", ["Fast"]), ("Floating", ["Rörlig", "Rorlig"]))),
            new("RatePercent", FieldType.Number, true),
            new("StartDate", FieldType.Date, true),
            new("MaturityDate", FieldType.Date, true),
            new("NextFixingDate", FieldType.Date),
        ],
        r => Day(r.Date("AsOf")),
        r => r.Text("LoanId")!,
        (r, e) =>
        {
            if (r.Date("MaturityDate") < r.Date("AsOf"))
            {
                e.Add("MaturityDate", r.Date("MaturityDate"), $"the loan matured before AsOf {Day(r.Date("AsOf"))}");
            }

            if (r.Text("RateType") == "Floating" && r.Date("NextFixingDate") is null)
            {
                e.Add("NextFixingDate", "", "a floating-rate loan needs its next fixing date (Räntebindning)");
            }

            if (r.Date("NextFixingDate") is { } fixing && fixing < r.Date("AsOf"))
            {
                e.Add("NextFixingDate", fixing, $"the next fixing date is before AsOf {Day(r.Date("AsOf"))}");
            }
        },
        "loan");

    /// <summary>cash (likvida): end-of-day bank balances; scope: each Date.</summary>
    public static KindSchema Cash { get; } = new(InputKind.Cash,
        [
            new("Date", FieldType.Date, true),
            new("Account", FieldType.Text, true),
            new("BalanceSek", FieldType.Money, true),
        ],
        r => Day(r.Date("Date")),
        r => r.Text("Account")!,
        null,
        "bank account");

    /// <summary>cashforecast (likviditetsprognos): forecast daily flows; scope: each AsOf.</summary>
    public static KindSchema CashForecast { get; } = new(InputKind.CashForecast,
        [
            new("AsOf", FieldType.Date, true),
            new("Date", FieldType.Date, true),
            new("Category", FieldType.Text, true),
            new("AmountSek", FieldType.Money, true),
        ],
        r => Day(r.Date("AsOf")),
        null,
        (r, e) =>
        {
            if (r.Date("Date") <= r.Date("AsOf"))
            {
                e.Add("Date", r.Date("Date"), $"a forecast date must be after AsOf {Day(r.Date("AsOf"))}");
            }
        });

    /// <summary>balancerequirement (balanskrav): annual results and waivers; scope: each Year row.</summary>
    public static KindSchema BalanceRequirement { get; } = new(InputKind.BalanceRequirement,
        [
            new("Year", FieldType.WholeNumber, true),
            new("Kind", FieldType.Choice, true, Choices: FieldSpec.ChoiceMap(("Actual", ["Utfall"]), ("Forecast", ["Prognos"]), ("Plan", []))),
            new("Result", FieldType.Money, true),
            new("Waiver", FieldType.Money, Bound: Bound.NonNegative),
            new("Unit", FieldType.Choice, Choices: FieldSpec.ChoiceMap(("SEK", ["kr", "kronor"]), ("MSEK", ["mnkr", "Mkr"]))),
            new("DeadlineYear", FieldType.WholeNumber),
        ],
        r => r.WholeNumber("Year")!.Value.ToString("0000", CultureInfo.InvariantCulture),
        _ => "year",
        (r, e) =>
        {
            if (r.WholeNumber("Year") is < 1900 or > 2999)
            {
                e.Add("Year", r.WholeNumber("Year"), "not a plausible year");
            }

            if (r.WholeNumber("DeadlineYear") is { } deadline && deadline < r.WholeNumber("Year"))
            {
                e.Add("DeadlineYear", deadline, "the deadline cannot be before the year of the result");
            }
        },
        "year");

    /// <summary>The schema of a generic tabular kind, or null for ledger, budget and policy.</summary>
    public static KindSchema? For(InputKind kind) => kind switch
    {
        InputKind.Balance => Balance,
        InputKind.Pension => Pension,
        InputKind.Holdings => Holdings,
        InputKind.Flows => Flows,
        InputKind.Indices => Indices,
        InputKind.Cpi => Cpi,
        InputKind.Loans => Loans,
        InputKind.Cash => Cash,
        InputKind.CashForecast => CashForecast,
        InputKind.BalanceRequirement => BalanceRequirement,
        _ => null,
    };
}
