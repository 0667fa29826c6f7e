using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Regfin.Core.Ingestion;
using Regfin.Core.Portfolio;
using Regfin.Core.ReportingLines;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Regfin.Core.Policy;

/// <summary>
/// Reads and validates a policy file (YAML, or JSON, which YAML includes). Every problem is reported
/// — unknown fields with their line, bounds out of order, weights not summing to 1, overlapping
/// account ranges, a URL where a setting name belongs — and the policy is built only when there is
/// none: a rejected policy leaves the previous version in force.
/// </summary>
[System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("AOT", "IL3050:RequiresDynamicCode",
    Justification = "YamlDotNet's reflection reads the PolicyDocument classes: plain classes with settable properties of "
        + "strings, numbers, lists and dictionaries, all instantiated in this assembly, whose constructors and properties Parse "
        + "keeps from trimming ([DynamicDependency]). Tested on the native program: tests/Cli.Tests/EndToEndTests (the demo's policies; a misspelt field).")]
public static partial class PolicyParser
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    private static readonly string[] IssuerTypes = ["Government", "Municipal", "CoveredBond", "Corporate", "Fund", "Bank"];
    private static readonly string[] Adjustments = ["realisedGains", "unrealisedSecurities"];
    private const decimal Tolerance = 0.000001m;

    /// <summary>What YamlDotNet's reflection uses of each policy document class: its constructor and its properties.</summary>
    private const DynamicallyAccessedMemberTypes Bound = DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties;

    /// <summary>Parses <paramref name="text"/>; returns null with <paramref name="errors"/> filled when invalid.</summary>
    /// <remarks>
    /// The document classes' constructors and properties are kept for YamlDotNet's reflection, in the
    /// native program too (the collections it builds for them, such as <c>Dictionary&lt;string, decimal&gt;</c>,
    /// are exercised there by the demo's policies, which use every section).
    /// </remarks>
    [DynamicDependency(Bound, typeof(PolicyDocument))]
    [DynamicDependency(Bound, typeof(InvestmentsDocument))]
    [DynamicDependency(Bound, typeof(SieDocument))]
    [DynamicDependency(Bound, typeof(GoalsDocument))]
    [DynamicDependency(Bound, typeof(CommitteeDocument))]
    [DynamicDependency(Bound, typeof(RangeDocument))]
    [DynamicDependency(Bound, typeof(PensionDocument))]
    [DynamicDependency(Bound, typeof(DebtDocument))]
    [DynamicDependency(Bound, typeof(LiquidityDocument))]
    [DynamicDependency(Bound, typeof(AlertsDocument))]
    [DynamicDependency(Bound, typeof(AlertChannelDocument))]
    public static FinancePolicy? Parse(string text, ValidationErrors errors)
    {
        PolicyDocument? document;
        try
        {
            document = Yaml.Deserialize<PolicyDocument>(text);
        }
        catch (YamlException e)
        {
            var message = (e.InnerException?.Message ?? e.Message).Split('\n')[0];
            errors.Add(e.Start.Line, null, $"the policy cannot be read: {Describe(message)}");
            return null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // YamlDotNet refuses some malformed input with these, not YamlException (fuzz findings, docs/reliability.md:
            // "!!!+!" is not a valid global tag URI; "...\0" leaves "the scanner should contain no more tokens").
            errors.Add(null, null, $"the policy cannot be read: {e.Message.Split(" (Parameter", 2)[0]}");
            return null;
        }

        if (document is null)
        {
            errors.Add(null, null, "the policy file is empty");
            return null;
        }

        return Build(document, errors);
    }

    private static string Describe(string message)
    {
        var match = UnknownProperty().Match(message);
        return match.Success ? $"unknown field '{match.Groups[1].Value}' (see the policy's field names in docs/policy.md)" : message;
    }

    [GeneratedRegex("Property '([^']+)' not found on type")]
    private static partial Regex UnknownProperty();

    /// <summary>A committee: its name and its growth ceilings, a plain number for every year or one per budget year.</summary>
    private static CommitteePolicy Committee(string code, CommitteeDocument? c, Action<string, object?, string> error)
    {
        var path = $"committees.{code}.netCostGrowthMax";
        static bool TryCeiling(object? value, out decimal ceiling) =>
            decimal.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out ceiling) && ceiling is > -1 and < 1;

        switch (c?.NetCostGrowthMax)
        {
            case null:
                return new CommitteePolicy(code, c?.Name ?? code);
            case IDictionary<object, object> byYear:
                var years = new Dictionary<int, decimal>();
                foreach (var (key, value) in byYear)
                {
                    var text = Convert.ToString(key, CultureInfo.InvariantCulture) ?? "";
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1900 or > 2999)
                    {
                        error(path, text, "a key is a budget year, e.g. 2026");
                    }
                    else if (!TryCeiling(value, out var ceiling))
                    {
                        error($"{path}.{text}", value, "a ceiling is a growth rate as a fraction, e.g. 0.02");
                    }
                    else
                    {
                        years[year] = ceiling;
                    }
                }

                return new CommitteePolicy(code, c.Name ?? code, null, years);
            case var plain when TryCeiling(plain, out var every):
                return new CommitteePolicy(code, c.Name ?? code, every);
            case var other:
                error(path, other is IEnumerable<object> ? "a list" : other, "a ceiling is a fraction (every year) or budget year → fraction, e.g. { 2026: 0.02 }");
                return new CommitteePolicy(code, c.Name ?? code);
        }
    }

    private static FinancePolicy? Build(PolicyDocument d, ValidationErrors errors)
    {
        void Error(string path, object? value, string reason) =>
            errors.Add(null, path, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", reason);

        DateOnly validFrom = default;
        if (d.ValidFrom is null || !DateOnly.TryParseExact(d.ValidFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out validFrom))
        {
            Error("validFrom", d.ValidFrom, "validFrom is required, written YYYY-MM-DD");
        }

        var (map, realised, unrealised) = BuildAccounts(d.Accounts, Error);
        var goals = new Goals(d.Goals?.ResultShareMin, d.Goals?.EquityRatioInclPensionsMin, d.Goals?.DebtShareMax, d.Goals?.SelfFinancingRatioMin);
        var committees = new Dictionary<string, CommitteePolicy>(StringComparer.Ordinal);
        foreach (var (code, c) in d.Committees ?? [])
        {
            if (string.IsNullOrWhiteSpace(code))
            {
                Error("committees", code, "a committee needs a code");
                continue;
            }

            committees[code] = Committee(code, c, Error);
        }

        var pension = d.PensionPortfolio is null ? null : BuildPension(d.PensionPortfolio, Error);
        var debt = d.Debt is null ? null : new DebtPolicy(
            YearsRange("debt.averageFixingYears", d.Debt.AverageFixingYears, Error),
            YearsRange("debt.averageMaturityYears", d.Debt.AverageMaturityYears, Error),
            Share("debt.maxShareFixingWithin12Months", d.Debt.MaxShareFixingWithin12Months, Error),
            Share("debt.maxShareMaturingWithin12Months", d.Debt.MaxShareMaturingWithin12Months, Error),
            Share("debt.maxShareSingleLender", d.Debt.MaxShareSingleLender, Error));
        LiquidityPolicy? liquidity = null;
        if (d.Liquidity is { } l)
        {
            if (l.CreditFacilitySek < 0) Error("liquidity.creditFacilitySek", l.CreditFacilitySek, "cannot be negative");
            if (l.MinPaymentReadinessDays < 0) Error("liquidity.minPaymentReadinessDays", l.MinPaymentReadinessDays, "cannot be negative");
            if (l.MinLiquidFundsSek < 0) Error("liquidity.minLiquidFundsSek", l.MinLiquidFundsSek, "cannot be negative");
            liquidity = new LiquidityPolicy(l.CreditFacilitySek, l.MinPaymentReadinessDays, l.MinLiquidFundsSek);
        }

        var sie = SiePolicy.Default;
        if (d.Sie is { } s)
        {
            if (s.CommitteeDimension is < 1) Error("sie.committeeDimension", s.CommitteeDimension, "must be a SIE dimension number, 1 or more (1 is kostnadsställe)");
            foreach (var (prefix, code) in s.CommitteeMap ?? [])
            {
                if (string.IsNullOrWhiteSpace(prefix)) Error("sie.committeeMap", prefix, "an object id or prefix cannot be empty");
                if (string.IsNullOrWhiteSpace(code)) Error($"sie.committeeMap.{prefix}", code, "needs a committee code");
            }

            if (s.DefaultCommittee is { } fallback && string.IsNullOrWhiteSpace(fallback)) Error("sie.defaultCommittee", fallback, "cannot be empty");
            sie = new SiePolicy(s.CommitteeDimension ?? 1,
                new SieCommitteeMap(s.CommitteeMap, s.DefaultCommittee ?? SieCommitteeMap.DefaultCommitteeCode));
        }

        var investments = InvestmentsPolicy.Default;
        if (d.Investments is { } inv)
        {
            if (inv.OverrunMargin < 0) Error("investments.overrunMargin", inv.OverrunMargin, "cannot be negative (0.05 = a forecast total up to 5 % above the decided total)");
            investments = new InvestmentsPolicy(inv.OverrunMargin ?? InvestmentsPolicy.Default.OverrunMargin);
        }

        var channels = BuildChannels(d.Alerts?.Channels, Error);
        return errors.IsEmpty
            ? new FinancePolicy(new PolicyVersion(validFrom), d.Name ?? "Finanspolicy", map!, realised, unrealised, goals, committees, pension, debt, liquidity, channels)
            {
                Sie = sie,
                Investments = investments,
            }
            : null;
    }

    private static (AccountMap?, IReadOnlyList<AccountRange>, IReadOnlyList<AccountRange>) BuildAccounts(
        Dictionary<string, List<string>>? accounts, Action<string, object?, string> error)
    {
        var lines = AccountMap.Default.Lines.ToDictionary(l => l.Key, l => l.Value);
        var realised = new List<AccountRange>();
        var unrealised = new List<AccountRange>();
        foreach (var (key, texts) in accounts ?? [])
        {
            var ranges = new List<AccountRange>();
            foreach (var text in texts ?? [])
            {
                if (AccountRange.TryParse(text, out var range))
                {
                    ranges.Add(range);
                }
                else
                {
                    error($"accounts.{key}", text, "not an account range: write a prefix (78) or a range of equal length (30-39)");
                }
            }

            if (Enum.TryParse<ReportLine>(key, ignoreCase: false, out var line))
            {
                lines[line] = ranges;
            }
            else if (key == Adjustments[0])
            {
                realised = ranges;
            }
            else if (key == Adjustments[1])
            {
                unrealised = ranges;
            }
            else
            {
                error("accounts", key, $"unknown account list: use {string.Join(", ", Enum.GetNames<ReportLine>().Concat(Adjustments))}");
            }
        }

        var all = lines.SelectMany(l => l.Value.Select(r => (Line: l.Key, Range: r))).ToList();
        for (var i = 0; i < all.Count; i++)
        {
            for (var j = i + 1; j < all.Count; j++)
            {
                if (all[i].Line != all[j].Line && Overlap(all[i].Range, all[j].Range))
                {
                    error("accounts", $"{all[i].Range.Text} / {all[j].Range.Text}",
                        $"{all[i].Line} and {all[j].Line} overlap: an account may belong to one report line only");
                }
            }
        }

        return (new AccountMap(lines.ToDictionary(l => l.Key, l => (IReadOnlyList<AccountRange>)l.Value)), realised, unrealised);
    }

    /// <summary>True when some account matches both ranges.</summary>
    public static bool Overlap(AccountRange a, AccountRange b)
    {
        var digits = Math.Max(a.Digits, b.Digits);
        long Scale(int d) => (long)Math.Pow(10, digits - d);
        var (aLow, aHigh) = (a.Low * Scale(a.Digits), (a.High + 1) * Scale(a.Digits) - 1);
        var (bLow, bHigh) = (b.Low * Scale(b.Digits), (b.High + 1) * Scale(b.Digits) - 1);
        return aLow <= bHigh && bLow <= aHigh;
    }

    private static PensionPolicy BuildPension(PensionDocument p, Action<string, object?, string> error)
    {
        const string at = "pensionPortfolio";
        if (string.IsNullOrWhiteSpace(p.Portfolio))
        {
            error($"{at}.portfolio", p.Portfolio, "name the portfolio as it stands in the holdings files, e.g. Pensionsmedel");
        }

        if (p.RealReturnRequirement is not { } real || real < -0.1m || real > 0.5m)
        {
            error($"{at}.realReturnRequirement", p.RealReturnRequirement, "required: a yearly real return as a fraction, e.g. 0.035");
        }

        var measure = p.InflationMeasure ?? "yoy";
        if (measure is not ("yoy" or "annualAverage"))
        {
            error($"{at}.inflationMeasure", measure, "must be yoy or annualAverage");
        }

        var margin = p.WarningMargin ?? 0m;
        if (margin is < 0 or > 0.5m)
        {
            error($"{at}.warningMargin", margin, "must be a fraction between 0 and 0.5");
        }

        var segments = new List<SegmentPolicy>();
        foreach (var (name, r) in p.Allocation ?? [])
        {
            var path = $"{at}.allocation.{name}";
            if (!Portfolio.Segments.All.Contains(name))
            {
                error($"{at}.allocation", name, "unknown segment: use Equity, FixedIncome and Cash");
                continue;
            }

            if (r?.Min is not { } min || r.Normal is not { } normal || r.Max is not { } max)
            {
                error(path, null, "min, normal and max are required");
                continue;
            }

            if (!(0 <= min && min <= normal && normal <= max && max <= 1))
            {
                error(path, $"{min}/{normal}/{max}", "must satisfy 0 ≤ min ≤ normal ≤ max ≤ 1");
            }

            var benchmark = r.Benchmark ?? [];
            if (benchmark.Count == 0 || benchmark.Values.Any(w => w <= 0) || Math.Abs(benchmark.Values.Sum() - 1) > Tolerance)
            {
                error($"{path}.benchmark", string.Join(", ", benchmark.Select(b => $"{b.Key}: {b.Value}")), "benchmark weights must be positive and sum to 1");
            }

            segments.Add(new SegmentPolicy(name, new Range(min, normal, max), benchmark));
        }

        if (segments.Count > 0 && Math.Abs(segments.Sum(s => s.Allocation.Normal!.Value) - 1) > Tolerance)
        {
            error($"{at}.allocation", segments.Sum(s => s.Allocation.Normal!.Value), "the normal allocations must sum to 1");
        }

        if (p.MinRating is not null && !CreditRating.TryParse(p.MinRating, out _))
        {
            error($"{at}.minRating", p.MinRating, "not a rating: write S&P/Fitch (e.g. BBB-) or Moody's (e.g. Baa3)");
        }

        foreach (var type in p.RatingExemptIssuerTypes ?? [])
        {
            if (!IssuerTypes.Contains(type))
            {
                error($"{at}.ratingExemptIssuerTypes", type, $"unknown issuer type: use {string.Join(", ", IssuerTypes)}");
            }
        }

        var issuerLimits = new Dictionary<string, IssuerLimit>(StringComparer.Ordinal);
        foreach (var (type, value) in p.IssuerLimits ?? [])
        {
            var path = $"{at}.issuerLimits.{type}";
            if (!IssuerTypes.Contains(type))
            {
                error($"{at}.issuerLimits", type, $"unknown issuer type: use {string.Join(", ", IssuerTypes)}");
                continue;
            }

            if (value is string plain && TryShare(plain, out var all))
            {
                issuerLimits[type] = new IssuerLimit(new Dictionary<string, decimal>(), all);
            }
            else if (value is IDictionary<object, object> byRating)
            {
                var keys = new Dictionary<string, decimal>(StringComparer.Ordinal);
                decimal? fallback = null;
                foreach (var (k, v) in byRating)
                {
                    var key = Convert.ToString(k, CultureInfo.InvariantCulture) ?? "";
                    if (!TryShare(Convert.ToString(v, CultureInfo.InvariantCulture), out var share))
                    {
                        error($"{path}.{key}", v, "a limit is a share between 0 and 1");
                    }
                    else if (key == "default")
                    {
                        fallback = share;
                    }
                    else if (CreditRating.TryParse(key, out _))
                    {
                        keys[key] = share;
                    }
                    else
                    {
                        error(path, key, "a key is a rating (e.g. A-, meaning A- or better) or 'default'");
                    }
                }

                issuerLimits[type] = new IssuerLimit(keys, fallback);
            }
            else
            {
                error(path, value, "a limit is a share between 0 and 1, or a map from rating to share");
            }
        }

        Range? duration = null;
        if (p.FixedIncomeDuration is { } fd)
        {
            if (fd.Min is not { } dMin || fd.Max is not { } dMax || dMin < 0 || dMin > dMax)
            {
                error($"{at}.fixedIncomeDuration", $"{fd.Min}/{fd.Max}", "min and max years are required, with 0 ≤ min ≤ max");
            }
            else
            {
                duration = new Range(dMin, null, dMax);
            }
        }

        return new PensionPolicy(p.Portfolio ?? "", p.RealReturnRequirement ?? 0, measure, margin, segments,
            p.FixedIncomeMustBeHedged ?? false, p.SupervisedOnly ?? false, p.MinRating, p.RatingExemptIssuerTypes ?? [],
            issuerLimits, Share($"{at}.maxShareOfPortfolioPerFund", p.MaxShareOfPortfolioPerFund, error), duration, p.Exclusions ?? []);
    }

    private static Range? YearsRange(string path, RangeDocument? r, Action<string, object?, string> error)
    {
        if (r is null)
        {
            return null;
        }

        if (r.Min is not { } min || r.Max is not { } max || min < 0 || min > max || (r.Target is { } t && (t < min || t > max)))
        {
            error(path, $"{r.Min}/{r.Target}/{r.Max}", "min and max are required, with 0 ≤ min ≤ target ≤ max");
            return null;
        }

        return new Range(min, r.Target, max);
    }

    private static decimal? Share(string path, decimal? value, Action<string, object?, string> error)
    {
        if (value is < 0 or > 1)
        {
            error(path, value, "a share is between 0 and 1");
        }

        return value;
    }

    private static bool TryShare(string? text, out decimal share) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out share) && share is >= 0 and <= 1;

    private static List<AlertChannel> BuildChannels(List<AlertChannelDocument>? channels, Action<string, object?, string> error)
    {
        var list = new List<AlertChannel>();
        foreach (var c in channels ?? [])
        {
            var path = $"alerts.channels.{c.Name}";
            if (string.IsNullOrWhiteSpace(c.Name) || list.Any(x => x.Name == c.Name))
            {
                error("alerts.channels", c.Name, "every channel needs a name of its own");
                continue;
            }

            switch (c.Type)
            {
                case "webhook":
                    if (string.IsNullOrWhiteSpace(c.UrlSetting) || c.UrlSetting.Contains("://", StringComparison.Ordinal))
                    {
                        error($"{path}.urlSetting", c.UrlSetting is { } u && u.Contains("://", StringComparison.Ordinal) ? "(a URL)" : c.UrlSetting,
                            "name the app setting that holds the webhook URL (e.g. AlertWebhookUrl), never the URL itself");
                    }

                    if ((c.Format ?? "generic") is not ("teams" or "generic"))
                    {
                        error($"{path}.format", c.Format, "must be teams or generic");
                    }

                    break;
                case "queue":
                    if (c.Queue is null || !QueueName().IsMatch(c.Queue))
                    {
                        error($"{path}.queue", c.Queue, "a queue name is 3–63 lowercase letters, digits and single hyphens");
                    }

                    break;
                default:
                    error($"{path}.type", c.Type, "must be webhook or queue");
                    continue;
            }

            list.Add(new AlertChannel(c.Name, c.Type, c.UrlSetting, c.Type == "webhook" ? c.Format ?? "generic" : null, c.Queue));
        }

        return list;
    }

    [GeneratedRegex("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex QueueName();

    /// <summary>Loads the built-in default policy shipped with the product.</summary>
    internal static FinancePolicy LoadDefault()
    {
        using var stream = typeof(PolicyParser).Assembly.GetManifestResourceStream("Regfin.Core.Policy.default-policy.yaml")
            ?? throw new InvalidOperationException("The default policy resource is missing.");
        using var reader = new StreamReader(stream);
        var errors = new ValidationErrors();
        return Parse(reader.ReadToEnd(), errors)
            ?? throw new InvalidOperationException("The built-in default policy is invalid: " + string.Join("; ", errors.Listed));
    }
}
