using Regfin.Core.Primitives;

namespace Regfin.Core.Ingestion.Tabular;

/// <summary>
/// What one tabular input kind is, as the parser sees it: its columns, how to name a duplicated key.
/// Each kind declares a <see cref="KindSchema{TRecord}"/> in its own file under Ingestion/Kinds; the
/// kinds are data, not parser classes (see <see cref="Kinds.KindSchemas"/>).
/// </summary>
public abstract class KindSchema
{
    private protected KindSchema(InputKind kind, IReadOnlyList<FieldSpec> fields, string uniqueWhat, string scopeWords,
        IReadOnlyDictionary<string, string[]>? aliases)
    {
        Kind = kind;
        Fields = fields;
        UniqueWhat = uniqueWhat;
        ScopeWords = scopeWords;
        Columns = ColumnAliases.Resolve(fields, aliases);
    }

    /// <summary>The kind.</summary>
    public InputKind Kind { get; }

    /// <summary>The columns, in the order the stage keeps them.</summary>
    public IReadOnlyList<FieldSpec> Fields { get; }

    /// <summary>The columns with their aliases, for header matching.</summary>
    public IReadOnlyList<ColumnSpec> Columns { get; }

    /// <summary>How to name a duplicated row key in an error, e.g. "instrument".</summary>
    public string UniqueWhat { get; }

    /// <summary>How to name the scope in that error, e.g. "portfolio and date".</summary>
    public string ScopeWords { get; }

    /// <summary>
    /// A row whose fields all read: runs the kind's cross-column checks, then gives its scope, key and
    /// month; null when a check reported an error.
    /// </summary>
    internal abstract ScopedRow? Accept(ParsedRow row, RowErrors errors);
}

/// <summary>
/// A tabular input kind with its typed record: the record is read from a parsed row when a file is
/// validated and from the staged row when the pipeline reads the kind back, through the same
/// <see cref="Read"/> function over the same <see cref="Column{T}"/> objects.
/// </summary>
/// <typeparam name="TRecord">The kind's record (e.g. <see cref="Portfolio.Holding"/>).</typeparam>
public sealed class KindSchema<TRecord> : KindSchema
{
    private readonly Func<IRowValues, TRecord> _read;
    private readonly Func<TRecord, string> _scope;
    private readonly Func<TRecord, Period> _month;
    private readonly Func<TRecord, string>? _rowKey;
    private readonly Action<TRecord, RowErrors>? _check;

    /// <summary>Declares a kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="fields">Its columns (the <see cref="Column{T}"/> objects <paramref name="read"/> uses).</param>
    /// <param name="read">The record of a row.</param>
    /// <param name="scope">The scope key of a record (formats.md: what a newer file replaces), its parts joined by
    /// <see cref="Storage.KeyCodec.Compose"/>, dates first so scopes sort by time.</param>
    /// <param name="month">The month the record's data belongs to (the period it makes dirty).</param>
    /// <param name="rowKey">The record's key within its scope (two in one file are an error); null: the row number.</param>
    /// <param name="check">Checks across columns (e.g. a hedge flag required for a foreign currency).</param>
    /// <param name="uniqueWhat">How to name a duplicated key, e.g. "instrument".</param>
    /// <param name="scopeWords">How to name the scope in that error, e.g. "portfolio and date".</param>
    /// <param name="aliases">Header aliases of this kind's columns only (column name → aliases), besides the global ones
    /// of <see cref="ColumnAliases"/>: for a header that means another column in other kinds. Null: none.</param>
    public KindSchema(InputKind kind, IReadOnlyList<FieldSpec> fields, Func<IRowValues, TRecord> read, Func<TRecord, string> scope,
        Func<TRecord, Period> month, Func<TRecord, string>? rowKey = null, Action<TRecord, RowErrors>? check = null,
        string uniqueWhat = "row", string scopeWords = "scope", IReadOnlyDictionary<string, string[]>? aliases = null)
        : base(kind, fields, uniqueWhat, scopeWords, aliases)
    {
        _read = read;
        _scope = scope;
        _month = month;
        _rowKey = rowKey;
        _check = check;
    }

    /// <summary>The record of a row (parsed or staged).</summary>
    public TRecord Read(IRowValues row) => _read(row);

    internal override ScopedRow? Accept(ParsedRow row, RowErrors errors)
    {
        var record = _read(row);
        _check?.Invoke(record, errors);
        if (errors.Any)
        {
            return null;
        }

        return new ScopedRow(_scope(record), _rowKey?.Invoke(record) ?? row.RowNumber.ToString("D9", System.Globalization.CultureInfo.InvariantCulture),
            row, _month(record));
    }
}
