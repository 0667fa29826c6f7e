using System.Globalization;
using Regfin.Core.Ingestion.Tabular;

namespace Regfin.Core.Ingestion.Kinds;

/// <summary>
/// The tabular input kinds of formats.md other than ledger and budget (which are summed on the fly,
/// see <see cref="Ledger.AccountAmountParser"/>). Each kind is one file in this folder: its typed
/// columns (<see cref="Column{T}"/>), its record, its scope, row key and checks — read by the parser
/// when a file arrives and by the pipeline when it reads the stage back.
/// </summary>
public static class KindSchemas
{
    /// <summary>The schema of a tabular kind, or null for ledger, budget and policy.</summary>
    public static KindSchema? For(InputKind kind) => kind switch
    {
        InputKind.Balance => BalanceKind.Schema,
        InputKind.Pension => PensionKind.Schema,
        InputKind.Holdings => HoldingsKind.Schema,
        InputKind.Flows => FlowsKind.Schema,
        InputKind.Indices => IndicesKind.Schema,
        InputKind.Cpi => CpiKind.Schema,
        InputKind.Loans => LoansKind.Schema,
        InputKind.Cash => CashKind.Schema,
        InputKind.CashForecast => CashForecastKind.Schema,
        InputKind.BalanceRequirement => BalanceRequirementKind.Schema,
        InputKind.Forecast => ForecastKind.Schema,
        InputKind.Investments => InvestmentsKind.Schema,
        _ => null,
    };

    /// <summary>A date as scopes and messages write it: <c>yyyy-MM-dd</c>.</summary>
    internal static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
