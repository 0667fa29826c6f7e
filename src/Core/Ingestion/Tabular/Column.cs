using System.Globalization;
using Regfin.Core.Primitives;

namespace Regfin.Core.Ingestion.Tabular;

/// <summary>
/// A typed column of an input kind, declared once in the kind's file (see <see cref="Kinds.KindSchemas"/>):
/// its name, how its text is read, whether it is required, its bound. The same object reads a value
/// of a parsed row (<see cref="ParsedRow"/>) and of a staged row read back (<see cref="Staging.StagedValues"/>),
/// so no reader spells the column's name or parses its text again.
/// </summary>
/// <typeparam name="T">The value a row holds: <c>decimal</c>, <c>DateOnly</c>, <c>Period</c>, <c>int</c>, <c>bool</c> or
/// <c>string</c>; nullable for an optional column.</typeparam>
/// <param name="Name">The English column name (formats.md).</param>
/// <param name="Type">How the text is read.</param>
/// <param name="Required">A file without the column, or a row with it empty, is rejected.</param>
/// <param name="Bound">A bound on numbers.</param>
/// <param name="Choices">For <see cref="FieldType.Choice"/>: accepted spelling → canonical value.</param>
public sealed record Column<T>(string Name, FieldType Type, bool Required, Bound Bound = Bound.None, IReadOnlyDictionary<string, string>? Choices = null)
    : FieldSpec(Name, Type, Required, Bound, Choices);

/// <summary>The typed columns a kind can declare: required ones by type, optional ones with <c>Optional</c>.</summary>
public static class Column
{
    /// <summary>A required text column.</summary>
    public static Column<string> Text(string name) => new(name, FieldType.Text, true);

    /// <summary>An optional text column.</summary>
    public static Column<string?> OptionalText(string name) => new(name, FieldType.Text, false);

    /// <summary>A required column of digits (accounts).</summary>
    public static Column<string> Digits(string name) => new(name, FieldType.Digits, true);

    /// <summary>A required ISO 4217 currency code (upper case).</summary>
    public static Column<string> Currency(string name) => new(name, FieldType.Currency, true);

    /// <summary>A required choice: the canonical value of one of <paramref name="choices"/> (built by <see cref="FieldSpec.ChoiceMap"/>).</summary>
    public static Column<string> Choice(string name, IReadOnlyDictionary<string, string> choices) => new(name, FieldType.Choice, true, Choices: choices);

    /// <summary>An optional choice.</summary>
    public static Column<string?> OptionalChoice(string name, IReadOnlyDictionary<string, string> choices) => new(name, FieldType.Choice, false, Choices: choices);

    /// <summary>A required period (<c>YYYY-MM</c>).</summary>
    public static Column<Period> Period(string name) => new(name, FieldType.Period, true);

    /// <summary>A required date.</summary>
    public static Column<DateOnly> Date(string name) => new(name, FieldType.Date, true);

    /// <summary>An optional date.</summary>
    public static Column<DateOnly?> OptionalDate(string name) => new(name, FieldType.Date, false);

    /// <summary>A required amount in SEK.</summary>
    public static Column<decimal> Money(string name, Bound bound = Bound.None) => new(name, FieldType.Money, true, bound);

    /// <summary>An optional amount in SEK.</summary>
    public static Column<decimal?> OptionalMoney(string name, Bound bound = Bound.None) => new(name, FieldType.Money, false, bound);

    /// <summary>A required number (levels, rates).</summary>
    public static Column<decimal> Number(string name, Bound bound = Bound.None) => new(name, FieldType.Number, true, bound);

    /// <summary>An optional number.</summary>
    public static Column<decimal?> OptionalNumber(string name, Bound bound = Bound.None) => new(name, FieldType.Number, false, bound);

    /// <summary>A required whole number (years).</summary>
    public static Column<int> WholeNumber(string name) => new(name, FieldType.WholeNumber, true);

    /// <summary>An optional whole number.</summary>
    public static Column<int?> OptionalWholeNumber(string name) => new(name, FieldType.WholeNumber, false);

    /// <summary>An optional yes/no column.</summary>
    public static Column<bool?> OptionalBoolean(string name) => new(name, FieldType.Boolean, false);
}

/// <summary>The typed values of one row: of a file being read, or of a staged row read back.</summary>
public interface IRowValues
{
    /// <summary>The value of <paramref name="column"/> in this row (null for an empty optional column).</summary>
    T Value<T>(Column<T> column);
}

/// <summary>
/// How typed values are kept in the stage table, which has no decimal, date or period type: decimals
/// as invariant text (exact, unlike a double), dates <c>yyyy-MM-dd</c>, periods <c>yyyy-MM</c>; the
/// rest as themselves. Encoded and decoded here only.
/// </summary>
public static class StagedForm
{
    /// <summary>The stored form of a typed value.</summary>
    public static object? Encode(object? value) => value switch
    {
        null => null,
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Period p => p.ToString(),
        _ => value,
    };

    /// <summary>The typed value of a stored value of a column of type <paramref name="type"/>.</summary>
    public static object? Decode(FieldType type, object? stored) => (type, stored) switch
    {
        (_, null) => null,
        (FieldType.Money or FieldType.Number, string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture),
        (FieldType.Date, string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        (FieldType.Period, string text) => Primitives.Period.Parse(text),
        (FieldType.WholeNumber, long whole) => checked((int)whole),
        _ => stored,
    };
}
