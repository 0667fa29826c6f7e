using System.Globalization;

namespace Regfin.Core.ReportingLines;

/// <summary>
/// A range of accounts matched on leading digits: <c>30-39</c> matches 3010 and 39701; a single
/// value such as <c>78</c> is a prefix.
/// </summary>
public readonly record struct AccountRange
{
    private AccountRange(int digits, int low, int high, string text)
    {
        Digits = digits;
        Low = low;
        High = high;
        Text = text;
    }

    /// <summary>How many leading digits are compared.</summary>
    public int Digits { get; }

    /// <summary>The lowest leading-digit value matched.</summary>
    public int Low { get; }

    /// <summary>The highest leading-digit value matched.</summary>
    public int High { get; }

    /// <summary>The range as written in the policy.</summary>
    public string Text { get; }

    /// <summary>Parses <c>NN</c> or <c>NN-MM</c> (both sides with the same number of digits).</summary>
    public static bool TryParse(string text, out AccountRange range)
    {
        range = default;
        var parts = text.Trim().Split('-');
        if (parts.Length is < 1 or > 2 || parts.Any(p => p.Length is 0 or > 9 || !p.All(char.IsAsciiDigit)))
        {
            return false;
        }

        if (parts.Length == 2 && parts[0].Length != parts[1].Length)
        {
            return false;
        }

        var low = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var high = parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : low;
        if (high < low)
        {
            return false;
        }

        range = new AccountRange(parts[0].Length, low, high, text.Trim());
        return true;
    }

    /// <summary>True when the account's leading digits fall in the range.</summary>
    public bool Matches(string account)
    {
        if (account.Length < Digits)
        {
            return false;
        }

        var value = 0;
        for (var i = 0; i < Digits; i++)
        {
            value = value * 10 + (account[i] - '0');
        }

        return value >= Low && value <= High;
    }
}

/// <summary>
/// The account map of a policy: which accounts belong to which report line (kpis.md). The lines are
/// disjoint; balance-sheet accounts (classes 1–2) belong to none.
/// </summary>
public sealed class AccountMap
{
    private readonly List<(ReportLine Line, AccountRange Range)> _ranges;
    private readonly Dictionary<string, ReportLine?> _cache = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Creates a map from ranges per line.</summary>
    public AccountMap(IReadOnlyDictionary<ReportLine, IReadOnlyList<AccountRange>> lines)
    {
        Lines = lines;
        _ranges = lines.SelectMany(l => l.Value.Select(r => (l.Key, r))).ToList();
    }

    /// <summary>The ranges per line.</summary>
    public IReadOnlyDictionary<ReportLine, IReadOnlyList<AccountRange>> Lines { get; }

    /// <summary>The default map of kpis.md (two-digit Region-Bas classes).</summary>
    public static AccountMap Default { get; } = new(new Dictionary<ReportLine, IReadOnlyList<AccountRange>>
    {
        [ReportLine.OperatingIncome] = [Range("30-39")],
        [ReportLine.OperatingCosts] = [Range("40-77")],
        [ReportLine.Depreciation] = [Range("78")],
        [ReportLine.TaxRevenue] = [Range("80")],
        [ReportLine.GeneralGrants] = [Range("82")],
        [ReportLine.FinancialIncome] = [Range("84")],
        [ReportLine.FinancialCosts] = [Range("85")],
        [ReportLine.Extraordinary] = [Range("88")],
    });

    /// <summary>The line an account belongs to, or null when no line maps it.</summary>
    public ReportLine? LineOf(string account)
    {
        lock (_gate)
        {
            if (_cache.TryGetValue(account, out var cached))
            {
                return cached;
            }

            ReportLine? line = null;
            foreach (var (l, range) in _ranges)
            {
                if (range.Matches(account))
                {
                    line = l;
                    break;
                }
            }

            _cache[account] = line;
            return line;
        }
    }

    /// <summary>
    /// Where the accounts that start with <paramref name="prefix"/> go (a forecast may be given per
    /// account class, formats.md): every distinct outcome, a line or null for accounts no line maps,
    /// in account order. One outcome means the class maps as a whole; for a full account it is
    /// <see cref="LineOf"/>. Exact without enumerating accounts: the map is constant between the
    /// ranges' ends, so only those ends inside the class are looked at.
    /// </summary>
    public IReadOnlyList<ReportLine?> LinesOfClass(string prefix)
    {
        var digits = _ranges.Count == 0 ? 0 : _ranges.Max(r => r.Range.Digits);
        if (prefix.Length >= digits)
        {
            return [LineOf(prefix)];
        }

        // The class as an interval of accounts written with `digits` digits, and the points inside
        // it where some range begins or ends.
        var width = (long)Math.Pow(10, digits - prefix.Length);
        var low = long.Parse(prefix, CultureInfo.InvariantCulture) * width;
        var high = low + width - 1;
        var points = new SortedSet<long> { low };
        foreach (var (_, range) in _ranges)
        {
            var scale = (long)Math.Pow(10, digits - range.Digits);
            foreach (var point in new[] { range.Low * scale, (range.High + 1L) * scale })
            {
                if (point > low && point <= high)
                {
                    points.Add(point);
                }
            }
        }

        var outcomes = new List<ReportLine?>();
        foreach (var point in points)
        {
            var line = LineOf(point.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0'));
            if (!outcomes.Contains(line))
            {
                outcomes.Add(line);
            }
        }

        return outcomes;
    }

    /// <summary>True for balance-sheet accounts (classes 1–2), which the income statement ignores.</summary>
    public static bool IsBalanceSheet(string account) => account.Length > 0 && account[0] is '1' or '2';

    private static AccountRange Range(string text) =>
        AccountRange.TryParse(text, out var range) ? range : throw new FormatException(text);
}
