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
    private readonly IReadOnlyList<(ReportLine Line, AccountRange Range)> _ranges;
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

    /// <summary>True for balance-sheet accounts (classes 1–2), which the income statement ignores.</summary>
    public static bool IsBalanceSheet(string account) => account.Length > 0 && account[0] is '1' or '2';

    private static AccountRange Range(string text) =>
        AccountRange.TryParse(text, out var range) ? range : throw new FormatException(text);
}
