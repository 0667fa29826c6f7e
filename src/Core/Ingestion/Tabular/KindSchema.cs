namespace Regfin.Core.Ingestion.Tabular;

/// <summary>
/// What one input kind is: its typed columns, the scope a newer file replaces (formats.md), the key
/// that makes a row unique within its scope, and the checks that span columns. The kinds are data,
/// not classes: see <see cref="Kinds.KindSchemas"/>.
/// </summary>
/// <param name="Kind">The kind.</param>
/// <param name="Fields">The columns.</param>
/// <param name="Scope">The scope key of a row, its parts encoded and joined by <see cref="Storage.KeyCodec.Compose"/>, e.g. <c>2025-10-31|Pensionsmedel</c> (dates first, so scopes sort by time).</param>
/// <param name="RowKey">The row's key within its scope; two rows with one key in one file are an error. Null: the row number.</param>
/// <param name="Check">Cross-column checks (e.g. a hedge flag required for foreign currency).</param>
/// <param name="UniqueWhat">How to name a duplicated key in the error, e.g. "instrument".</param>
public sealed record KindSchema(
    InputKind Kind,
    IReadOnlyList<FieldSpec> Fields,
    Func<ParsedRow, string> Scope,
    Func<ParsedRow, string>? RowKey,
    Action<ParsedRow, RowErrors>? Check,
    string UniqueWhat = "row")
{
    /// <summary>The columns with their aliases, for header matching.</summary>
    public IReadOnlyList<ColumnSpec> Columns { get; } = ColumnAliases.Resolve(Fields);
}
