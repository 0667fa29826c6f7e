namespace Regfin.Core.Ingestion;

/// <summary>The kinds of input file (formats.md); the first blob-path segment names one.</summary>
public enum InputKind
{
    /// <summary>Monthly ledger amounts per committee and account (huvudbok).</summary>
    Ledger,
    /// <summary>Periodised budget (budget).</summary>
    Budget,
    /// <summary>Balance-sheet items at period end (balans).</summary>
    Balance,
    /// <summary>Pension liability at a date (pension).</summary>
    Pension,
    /// <summary>Portfolio holdings at month end (innehav).</summary>
    Holdings,
    /// <summary>Cash flows into and out of portfolio segments (flöden).</summary>
    Flows,
    /// <summary>Index levels (index).</summary>
    Indices,
    /// <summary>Consumer price index levels (kpi).</summary>
    Cpi,
    /// <summary>Loan portfolio at a date (lån).</summary>
    Loans,
    /// <summary>Bank balances per day (likvida).</summary>
    Cash,
    /// <summary>Forecast daily cash flows (likviditetsprognos).</summary>
    CashForecast,
    /// <summary>Annual balance-requirement results and waivers (balanskrav).</summary>
    BalanceRequirement,
    /// <summary>The finance policy (finanspolicy).</summary>
    Policy,
    /// <summary>The ledger system's SIE 4B export (types 2, 3, 4): ledger and budget together.</summary>
    Sie,
    /// <summary>A committee's full-year forecast (prognos, helårsprognos).</summary>
    Forecast,
    /// <summary>Investment projects: plan, outcome and forecast (investeringar).</summary>
    Investments,
}

/// <summary>Names of the input kinds and their Swedish folder aliases.</summary>
public static class InputKinds
{
    private static readonly Dictionary<string, InputKind> ByFolder = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ledger"] = InputKind.Ledger, ["huvudbok"] = InputKind.Ledger,
        ["budget"] = InputKind.Budget,
        ["balance"] = InputKind.Balance, ["balans"] = InputKind.Balance,
        ["pension"] = InputKind.Pension,
        ["holdings"] = InputKind.Holdings, ["innehav"] = InputKind.Holdings,
        ["flows"] = InputKind.Flows, ["flöden"] = InputKind.Flows, ["floden"] = InputKind.Flows,
        ["indices"] = InputKind.Indices, ["index"] = InputKind.Indices,
        ["cpi"] = InputKind.Cpi, ["kpi"] = InputKind.Cpi,
        ["loans"] = InputKind.Loans, ["lan"] = InputKind.Loans, ["lån"] = InputKind.Loans,
        ["cash"] = InputKind.Cash, ["likvida"] = InputKind.Cash,
        ["cashforecast"] = InputKind.CashForecast, ["likviditetsprognos"] = InputKind.CashForecast,
        ["balancerequirement"] = InputKind.BalanceRequirement, ["balanskrav"] = InputKind.BalanceRequirement,
        ["policy"] = InputKind.Policy, ["finanspolicy"] = InputKind.Policy,
        ["sie"] = InputKind.Sie,
        ["forecast"] = InputKind.Forecast, ["prognos"] = InputKind.Forecast,
        ["investments"] = InputKind.Investments, ["investeringar"] = InputKind.Investments,
    };

    /// <summary>Resolves a folder name or alias, case-insensitively (NFC-normalised).</summary>
    public static bool TryResolve(string folder, out InputKind kind) =>
        ByFolder.TryGetValue(Primitives.Nfc.Of(folder), out kind);

    /// <summary>The canonical lowercase name of a kind, as used in blob paths and the imports table.</summary>
    public static string Name(this InputKind kind) => kind.ToString().ToLowerInvariant();
}
