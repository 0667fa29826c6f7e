namespace Regfin.Core.Ingestion.Tabular;

/// <summary>How a field's text is read and validated (formats.md, "Reading rules").</summary>
public enum FieldType
{
    /// <summary>Free text, trimmed.</summary>
    Text,
    /// <summary>Digits only (accounts).</summary>
    Digits,
    /// <summary><c>YYYY-MM</c> or <c>YYYYMM</c>.</summary>
    Period,
    /// <summary><c>YYYY-MM-DD</c> or <c>YYYYMMDD</c>.</summary>
    Date,
    /// <summary>An amount in SEK (decimal).</summary>
    Money,
    /// <summary>A decimal number (levels, rates, durations).</summary>
    Number,
    /// <summary>A whole number (years).</summary>
    WholeNumber,
    /// <summary>true/false, ja/nej, yes/no, 1/0, j/n.</summary>
    Boolean,
    /// <summary>One of a fixed set of values, with Swedish spellings.</summary>
    Choice,
    /// <summary>An ISO 4217 currency code (three letters).</summary>
    Currency,
}

/// <summary>A bound on a number or amount.</summary>
public enum Bound
{
    /// <summary>Any value.</summary>
    None,
    /// <summary>Zero or more.</summary>
    NonNegative,
    /// <summary>More than zero.</summary>
    Positive,
}

/// <summary>A column of an input kind as the parser sees it (see <see cref="Column{T}"/> for the typed column a kind declares).</summary>
/// <param name="Name">The English column name (formats.md).</param>
/// <param name="Type">How the text is read.</param>
/// <param name="Required">A file without the column, or a row with it empty, is rejected.</param>
/// <param name="Bound">A bound on numbers.</param>
/// <param name="Choices">For <see cref="FieldType.Choice"/>: accepted spelling → canonical value (case-insensitive).</param>
public record FieldSpec(string Name, FieldType Type, bool Required = false, Bound Bound = Bound.None, IReadOnlyDictionary<string, string>? Choices = null)
{
    /// <summary>Builds the choice map from canonical values and their aliases.</summary>
    public static IReadOnlyDictionary<string, string> ChoiceMap(params (string Canonical, string[] Aliases)[] choices)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (canonical, aliases) in choices)
        {
            map[canonical] = canonical;
            foreach (var alias in aliases)
            {
                map[alias] = canonical;
            }
        }

        return map;
    }
}

/// <summary>
/// The Swedish header aliases of formats.md. An alias listed for a column name holds for that column
/// name in every kind; an alias that would match two columns of one kind is refused in that kind
/// (e.g. <c>Datum</c> in cashforecast, which has both AsOf and Date).
/// </summary>
public static class ColumnAliases
{
    private static readonly Dictionary<string, string[]> ByColumn = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Period"] = ["Månad", "Manad"],
        ["Committee"] = ["Nämnd", "Namnd"],
        ["Account"] = ["Konto"],
        ["Amount"] = ["Belopp", "Utfall"],
        ["CostCenter"] = ["Ansvar"],
        ["Activity"] = ["Verksamhet"],
        ["Project"] = ["Projekt"],
        ["Counterparty"] = ["Motpart"],
        ["Date"] = ["Datum"],
        ["Item"] = ["Post"],
        ["AsOf"] = ["Datum"],
        ["Provision"] = ["Avsättning"],
        ["ContingentLiability"] = ["Ansvarsförbindelse"],
        ["Portfolio"] = ["Portfölj"],
        ["InstrumentId"] = ["ISIN", "Id"],
        ["InstrumentName"] = ["Namn"],
        ["AssetClass"] = ["Tillgångsslag"],
        ["Currency"] = ["Valuta"],
        ["MarketValueSek"] = ["Marknadsvärde"],
        ["CurrencyHedged"] = ["Valutasäkrad"],
        ["Issuer"] = ["Emittent"],
        ["IssuerType"] = ["Emittenttyp"],
        ["Manager"] = ["Förvaltare"],
        ["Supervised"] = ["Tillsyn"],
        ["Exclusions"] = ["Exkludering"],
        ["Level"] = ["KPI", "Nivå"],
        ["LoanId"] = ["Lånenummer"],
        ["Lender"] = ["Långivare"],
        ["PrincipalSek"] = ["Skuld", "Nominellt"],
        ["RateType"] = ["Räntetyp"],
        ["RatePercent"] = ["Ränta"],
        ["StartDate"] = ["Startdatum", "Start"],
        ["MaturityDate"] = ["Förfallodag"],
        ["NextFixingDate"] = ["Räntebindning"],
        ["BalanceSek"] = ["Saldo"],
        ["Category"] = ["Kategori"],
        ["AmountSek"] = ["Belopp"],
        ["Year"] = ["År"],
        ["Kind"] = ["Typ"],
        ["Result"] = ["Balanskravsresultat"],
        ["Waiver"] = ["Synnerliga skäl"],
        ["DeadlineYear"] = ["Återställs senast"],
        ["Unit"] = ["Enhet"],
        ["Comment"] = ["Kommentar"],
        ["ProjectName"] = ["Projektnamn"],
        ["BudgetYear"] = ["Årsbudget"],
        ["DecidedTotal"] = ["Beslutad totalutgift"],
        ["ForecastTotal"] = ["Prognos totalutgift"],
        ["EndDate"] = ["Klart"],
    };

    /// <summary>The column specs of a kind with their aliases, ambiguous aliases removed.</summary>
    /// <param name="fields">The kind's columns.</param>
    /// <param name="kindAliases">Extra aliases for this kind's columns only (column name → aliases), after the global
    /// ones: for a header that would mean another column in other kinds (investments: <c>Period</c> for AsOf,
    /// <c>Utfall</c> for OutcomeYtd). Null: none.</param>
    public static IReadOnlyList<ColumnSpec> Resolve(IEnumerable<FieldSpec> fields, IReadOnlyDictionary<string, string[]>? kindAliases = null)
    {
        var list = fields.ToList();
        string[] AliasesOf(FieldSpec f) => [.. ByColumn.GetValueOrDefault(f.Name, []), .. kindAliases?.GetValueOrDefault(f.Name) ?? []];
        var candidates = list.SelectMany(f => AliasesOf(f).Select(a => (Alias: a, f.Name))).ToList();
        var ambiguous = candidates.GroupBy(c => c.Alias, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return list.Select(f => new ColumnSpec(f.Name, f.Required, AliasesOf(f).Where(a => !ambiguous.Contains(a)).ToArray())).ToList();
    }
}
