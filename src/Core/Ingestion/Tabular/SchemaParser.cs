using Regfin.Core.Primitives;

namespace Regfin.Core.Ingestion.Tabular;

/// <summary>A row of an accepted file as it is staged: its scope, its key, its typed values.</summary>
/// <param name="Scope">The scope key.</param>
/// <param name="RowKey">The key within the scope.</param>
/// <param name="Row">The typed row.</param>
/// <param name="Month">The month its data belongs to.</param>
public sealed record ScopedRow(string Scope, string RowKey, ParsedRow Row, Period Month);

/// <summary>
/// Reads any tabular kind by its <see cref="KindSchema"/>: every field typed and bounded, required
/// fields present, cross-column checks run, keys unique within their scope. All-or-nothing: with
/// any error the result is null and every error is in the error list.
/// </summary>
public static class SchemaParser
{
    /// <summary>Parses every row of <paramref name="reader"/> against <paramref name="schema"/>.</summary>
    public static IReadOnlyList<ScopedRow>? Parse(ITabularReader reader, KindSchema schema, int maxFieldLength, ValidationErrors errors)
    {
        var header = HeaderMap.Resolve(reader.Headers, schema.Columns, errors);
        if (!errors.IsEmpty)
        {
            return null;
        }

        var index = schema.Fields.Select((f, i) => (f.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var rows = new List<ScopedRow>();
        var seen = new Dictionary<(string Scope, string Key), long>();
        try
        {
            while (reader.Read())
            {
                if (reader.IsBlankRow())
                {
                    continue;
                }

                // A CSV row longer than its header lost part of a value to an unquoted separator
                // ("…; underskottet kvarstår" cut off a comment): refused, never silently dropped.
                if (reader is CsvTabularReader && reader.FieldCount > reader.Headers.Count && Extra(reader) is { } extra)
                {
                    errors.Add(reader.RowNumber, null, extra,
                        $"the row has {reader.FieldCount} fields but the header {reader.Headers.Count}: a value that contains the separator must be in quotes");
                    continue;
                }

                var values = new object?[schema.Fields.Count];
                var rowOk = true;
                for (var i = 0; i < schema.Fields.Count; i++)
                {
                    var field = schema.Fields[i];
                    var ordinal = header.Ordinal(i);
                    var text = ordinal >= 0 ? reader.GetField(ordinal) : [];
                    if (text.Length > maxFieldLength)
                    {
                        errors.Add(reader.RowNumber, header.HeaderText(i), text, $"the field is longer than {maxFieldLength:N0} characters");
                        rowOk = false;
                        continue;
                    }

                    if (field.Type == FieldType.Period && ordinal >= 0 && reader.IsDate(ordinal) && Values.TryParseDate(text, out var cellDate))
                    {
                        values[i] = Period.Of(cellDate); // a period typed as a date cell in a workbook
                    }
                    else if (!TryRead(field, text, out values[i], out var reason))
                    {
                        errors.Add(reader.RowNumber, header.HeaderText(i), text.Trim(), reason!);
                        rowOk = false;
                    }
                }

                if (!rowOk)
                {
                    continue;
                }

                var row = new ParsedRow(reader.RowNumber, index, values);
                if (schema.Accept(row, new RowErrors(row, errors)) is not { } scoped || !errors.IsEmpty)
                {
                    continue;
                }

                if (seen.TryGetValue((scoped.Scope, scoped.RowKey), out var first))
                {
                    errors.Add(row.RowNumber, null, scoped.RowKey,
                        $"duplicate {schema.UniqueWhat}: '{scoped.RowKey}' is already given on row {first} for the same {schema.ScopeWords}");
                    continue;
                }

                seen[(scoped.Scope, scoped.RowKey)] = row.RowNumber;
                rows.Add(scoped);
            }
        }
        catch (TabularFormatException e)
        {
            errors.Add(e.Row, null, e.Message);
        }

        if (rows.Count == 0 && errors.IsEmpty)
        {
            errors.Add(2, null, "the file has a header but no rows");
        }

        return errors.IsEmpty ? rows : null;
    }

    /// <summary>Reads one field by its spec; false with a reason when the text is not acceptable.</summary>
    public static bool TryRead(FieldSpec field, ReadOnlySpan<char> text, out object? value, out string? reason)
    {
        value = null;
        reason = null;
        text = text.Trim();
        if (text.IsEmpty)
        {
            if (field.Required)
            {
                reason = $"{field.Name} is required";
                return false;
            }

            return true;
        }

        switch (field.Type)
        {
            case FieldType.Text:
                value = text.ToString();
                return true;
            case FieldType.Digits:
                value = text.ToString();
                reason = "digits only, e.g. 4010";
                return Values.IsDigits(text);
            case FieldType.Period:
                reason = Values.NotAPeriod;
                if (Values.TryParsePeriod(text, out var period))
                {
                    value = period;
                    return true;
                }

                return false;
            case FieldType.Date:
                reason = Values.NotADate;
                if (Values.TryParseDate(text, out var date))
                {
                    value = date;
                    return true;
                }

                return false;
            case FieldType.Money or FieldType.Number:
                if (!Values.TryParseDecimal(text, out var number))
                {
                    reason = field.Type == FieldType.Money
                        ? Values.NotAnAmount
                        : Values.NotANumber;
                    return false;
                }

                value = number;
                return CheckBound(field, number, out reason);
            case FieldType.WholeNumber:
                if (!int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var integer))
                {
                    reason = "not a whole number";
                    return false;
                }

                value = integer;
                return CheckBound(field, integer, out reason);
            case FieldType.Boolean:
                reason = "not a yes/no value: write ja/nej, true/false, yes/no, 1/0 or j/n";
                if (Values.TryParseBoolean(text, out var flag))
                {
                    value = flag;
                    return true;
                }

                return false;
            case FieldType.Choice:
                if (TryChoice(field.Choices!, text, out var choice))
                {
                    value = choice;
                    return true;
                }

                reason = "must be one of " + string.Join(", ", field.Choices!.Values.Distinct());
                return false;
            case FieldType.Currency:
                reason = "not a currency code: write three letters, e.g. SEK, EUR, USD";
                if (text.Length == 3 && char.IsAsciiLetter(text[0]) && char.IsAsciiLetter(text[1]) && char.IsAsciiLetter(text[2]))
                {
                    value = text.ToString().ToUpperInvariant();
                    return true;
                }

                return false;
            default:
                throw new ArgumentOutOfRangeException(nameof(field));
        }
    }

    private static bool TryChoice(IReadOnlyDictionary<string, string> choices, ReadOnlySpan<char> text, out string? canonical)
    {
        canonical = choices.TryGetValue(text.ToString(), out var c) ? c : null;
        return canonical is not null;
    }

    private static bool CheckBound(FieldSpec field, decimal number, out string? reason)
    {
        reason = field.Bound switch
        {
            Bound.NonNegative when number < 0 => $"{field.Name} cannot be negative",
            Bound.Positive when number <= 0 => $"{field.Name} must be more than zero",
            _ => null,
        };
        return reason is null;
    }

    /// <summary>The first non-empty field beyond the header, or null when the extra fields are empty (a trailing separator).</summary>
    private static string? Extra(ITabularReader reader)
    {
        for (var i = reader.Headers.Count; i < reader.FieldCount; i++)
        {
            if (!reader.GetField(i).IsWhiteSpace())
            {
                return reader.GetField(i).Trim().ToString();
            }
        }

        return null;
    }
}
