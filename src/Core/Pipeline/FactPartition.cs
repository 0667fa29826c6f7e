using Azure.Data.Tables;
using Regfin.Core.Storage;

namespace Regfin.Core.Pipeline;

/// <summary>
/// One fact table's partition of a period: <paramref name="Inputs"/> fingerprints everything its rows
/// are built from (each amount with its committee, account and import, the account map, the period,
/// the contract's columns and the build of the code that maps them), so a recompute that brings the same inputs can leave the partition as it
/// is without building its rows (<see cref="PartitionWriter"/>); <paramref name="Rows"/> builds them,
/// each with the imports it came from.
/// </summary>
/// <param name="Table">The table (ledgerfacts or budgetfacts).</param>
/// <param name="Inputs">The fingerprint of the rows' inputs (hex SHA-256).</param>
/// <param name="Rows">Builds the rows.</param>
public sealed record FactPartition(string Table, string Inputs, Func<IEnumerable<(TableEntity Row, IReadOnlyList<string> Sources)>> Rows);
