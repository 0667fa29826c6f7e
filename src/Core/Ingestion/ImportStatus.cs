namespace Regfin.Core.Ingestion;

/// <summary>The outcome of one import, as logged in the <c>imports</c> table.</summary>
public enum ImportStatus
{
    /// <summary>Validated and staged; its rows count for every scope it still wins.</summary>
    Accepted,
    /// <summary>Failed validation; moved to <c>rejected/</c> with a report; nothing was imported.</summary>
    Rejected,
    /// <summary>The same bytes were already accepted; nothing changed.</summary>
    Duplicate,
    /// <summary>Every scope of this import has a newer accepted file; its rows no longer count.</summary>
    Superseded,
}
