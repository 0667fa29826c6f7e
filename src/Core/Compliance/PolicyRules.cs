using Regfin.Core.BalanceRequirement;
using Regfin.Core.Forecast;
using Regfin.Core.Investments;
using Regfin.Core.Policy;
using Regfin.Core.Portfolio;
using Regfin.Core.Primitives;
using Regfin.Core.ReportingLines;

namespace Regfin.Core.Compliance;

/// <summary>
/// The rules a finance policy sets (policy.md, the rules table), built from the policy file's data:
/// each sentence of the policy becomes a rule of one of the four kinds with its filter and bounds,
/// and each range rule with its measure — the figure of <see cref="PeriodFigures"/> it judges —
/// declared in the same place as its id.
/// </summary>
public static class PolicyRules
{
    /// <summary>The rule that judges a segment's share of the pension portfolio (its status is also the allocation row's).</summary>
    public static string AllocationRuleId(string segment) => $"pension.allocation.{segment}";

    /// <summary>Every rule of <paramref name="policy"/>.</summary>
    /// <param name="policy">The version in force.</param>
    /// <param name="year">The year of the period judged (a committee ceiling belongs to a budget year).</param>
    /// <param name="deficitOrigins">The years whose balance-requirement deficits are followed in the period (balancereq.{origin}).</param>
    /// <param name="investmentProjects">The projects of the period's investment follow-up (investment.{project}.overrun); null: none.</param>
    public static IReadOnlyList<LimitRule> From(FinancePolicy policy, int year, IEnumerable<int> deficitOrigins, IEnumerable<InvestmentLine>? investmentProjects = null)
    {
        var rules = new List<LimitRule>();
        if (policy.Pension is { } pension)
        {
            rules.AddRange(Pension(pension));
        }

        if (policy.Debt is { } debt)
        {
            Add(rules, "debt.fixing.average", "Debt", "Genomsnittlig räntebindningstid", "years", debt.AverageFixingYears,
                f => new Measure(f.Debt?.AverageFixingYears, f.NoLoans));
            Add(rules, "debt.maturity.average", "Debt", "Genomsnittlig kapitalbindningstid", "years", debt.AverageMaturityYears,
                f => new Measure(f.Debt?.AverageMaturityYears, f.NoLoans));
            AddMax(rules, "debt.fixing.within12m", "Debt", "Andel av skulden med räntebindning inom 12 månader", debt.MaxShareFixingWithin12Months,
                f => new Measure(f.Debt?.ShareFixingWithin12Months, f.NoLoans));
            AddMax(rules, "debt.maturity.within12m", "Debt", "Andel av skulden som förfaller inom 12 månader", debt.MaxShareMaturingWithin12Months,
                f => new Measure(f.Debt?.ShareMaturingWithin12Months, f.NoLoans));
            AddMax(rules, "debt.lender.single", "Debt", "Största enskilda långivares andel av skulden", debt.MaxShareSingleLender,
                f => new Measure(f.Debt?.LargestLenderShare, f.NoLoans,
                    f.Debt is { } d ? $"{d.LargestLender} ({SwedishFormat.Percent(d.LargestLenderShare)})" : null));
        }

        if (policy.Liquidity is { } liquidity)
        {
            if (liquidity.MinPaymentReadinessDays is { } days)
            {
                rules.Add(new RangeRule("liquidity.readiness", "Liquidity", "Betalningsberedskap i dagar (egna medel, enligt likviditetsprognosen)", "days",
                    new Bounds(days, null), f => f.Liquidity is not { } last ? new Measure(null, f.NoCash)
                        : new Measure(last.PaymentReadinessDays, last.Reason,
                            $"per {last.Date:yyyy-MM-dd}, lägsta prognos {SwedishFormat.Msek(last.MinimumProjected ?? 0)} den {last.MinimumProjectedDate:yyyy-MM-dd}",
                            AtLeast: last.AtLeast == true)));
            }

            if (liquidity.MinLiquidFundsSek is { } funds)
            {
                rules.Add(new RangeRule("liquidity.minimum", "Liquidity", "Likvida medel, lägsta nivå", "SEK", new Bounds(funds, null),
                    f => new Measure(f.Liquidity?.LiquidFunds, f.NoCash, f.Liquidity is { } last ? $"per {last.Date:yyyy-MM-dd}" : null)));
            }
        }

        var goals = policy.Goals;
        AddGoal(rules, "goal.result", KpiCatalog.ResultShare, goals.ResultShareMin, atLeast: true, onForecast: true);
        AddGoal(rules, "goal.equityratio", KpiCatalog.EquityRatioInclPensions, goals.EquityRatioInclPensionsMin, atLeast: true);
        AddGoal(rules, "goal.debt", KpiCatalog.DebtShare, goals.DebtShareMax, atLeast: false);
        AddGoal(rules, "goal.selffinancing", KpiCatalog.SelfFinancingRatio, goals.SelfFinancingRatioMin, atLeast: true);

        // A ceiling is a full-year target of its budget year: before December the committee's
        // forecast growth is judged (Warning when above), in December the actual.
        foreach (var committee in policy.Committees.Values.Where(c => c.CeilingFor(year) is not null).OrderBy(c => c.Code, StringComparer.Ordinal))
        {
            var code = committee.Code;
            var ceiling = committee.CeilingFor(year)!.Value;
            rules.Add(new RangeRule($"committee.{code}.netcostgrowth", "Committee",
                $"{committee.Name}: nettokostnadsutveckling {year} högst {SwedishFormat.Percent(ceiling)}", "fraction",
                new Bounds(null, ceiling),
                f => f.Committees.FirstOrDefault(c => c.Committee == code) is not { } result ? null
                    : f.Period.Month < 12 && result.ForecastGrowth is { } forecast
                        ? new Measure(forecast, null, $"{ForecastSources.OnForecast} ({ForecastSources.Describe(result.Forecast?.Source, result.Forecast?.AsOf)})")
                        : new Measure(result.NetCostGrowth, "föregående års nettokostnad saknas (no prior-year ledger)",
                            f.Period.Month < 12 ? "utfall hittills i år (ingen prognos)" : "utfall för helåret"),
                Judging.YearEndGoal));
        }

        foreach (var origin in deficitOrigins.Distinct().Order())
        {
            rules.Add(new RangeRule($"balancereq.{origin}", "BalanceRequirement",
                $"Negativt balanskravsresultat {origin} ska vara återställt inom tre år", "SEK", new Bounds(0, null),
                f => f.Deficits.FirstOrDefault(o => o.Origin == origin) is { } o
                    ? new Measure(o.Remaining, null, $"{Swedish(o.Status)}: återstår {SwedishFormat.Msek(-o.Remaining)} att återställa senast {o.Deadline}",
                        Due: o.Status == OriginStatus.Overdue)
                    : null,
                Judging.Deadline));
        }

        rules.AddRange(Investments(policy.Investments, investmentProjects ?? []));
        return rules;

        // A goal judges a figure of the monthly report: its label is the figure's. A full-year goal
        // on the result is judged on the forecast before December (never Breach then), on the actual in December.
        void AddGoal(List<LimitRule> list, string id, KpiDefinition figure, decimal? goal, bool atLeast, bool onForecast = false)
        {
            if (goal is { } g)
            {
                list.Add(new RangeRule(id, "Goals", figure.LabelSv, "fraction", atLeast ? new Bounds(g, null) : new Bounds(null, g),
                    f => f.Kpi(figure) is not { } row ? new Measure(null, f.NoLedger)
                        : onForecast && f.Period.Month < 12 && row.Forecast?.Value is { } forecast
                            ? new Measure(forecast, null, $"{ForecastSources.OnForecast} ({ForecastSources.Describe(row.Forecast.Source, row.Forecast.AsOf)})")
                            : new Measure(row.Value, row.Reason ?? f.NoLedger, onForecast ? (f.Period.Month < 12 ? "utfall hittills i år (ingen prognos)" : "utfall för helåret") : null),
                    Judging.YearEndGoal));
            }
        }
    }

    /// <summary>The rule of a project's overrun (its id is data: the project id).</summary>
    public static string OverrunRuleId(string projectId) => $"investment.{projectId}.overrun";

    /// <summary>
    /// investment.{project}.overrun, one per project of the follow-up: the measure is the project's
    /// ForecastTotal, the bound its DecidedTotal × (1 + overrunMargin); above it is a Warning, never a
    /// Breach (a target: the council decides on a new total); NotEvaluated without either total.
    /// </summary>
    private static IEnumerable<LimitRule> Investments(InvestmentsPolicy policy, IEnumerable<InvestmentLine> projects)
    {
        var margin = policy.OverrunMargin;
        foreach (var project in projects.Where(p => p.ProjectId is not null).OrderBy(p => p.ProjectId, StringComparer.Ordinal))
        {
            var id = project.ProjectId!;
            yield return new RangeRule(OverrunRuleId(id), "Investments",
                $"{id} {project.ProjectName}: prognostiserad totalutgift högst beslutad totalutgift + {SwedishFormat.Percent(margin)}", "SEK",
                new Bounds(null, project.DecidedTotal * (1 + margin)),
                f => f.Investments is not { } followUp || followUp.Project(id) is not { } line ? null
                    : line.DecidedTotal is not { } decided ? new Measure(null, "beslutad totalutgift saknas (no DecidedTotal)")
                    : line.ForecastTotal is not { } forecast ? new Measure(null, "prognos för totalutgiften saknas (no ForecastTotal)")
                    : new Measure(forecast, null,
                        $"prognos {SwedishFormat.Msek(forecast)} mot beslutad {SwedishFormat.Msek(decided)}"
                        + (decided != 0 ? $" ({(forecast >= decided ? "+" : "")}{SwedishFormat.Percent(forecast / decided - 1)})" : "")
                        + $", per {followUp.AsOf}"),
                Judging.Target);
        }
    }

    private static IEnumerable<LimitRule> Pension(PensionPolicy p)
    {
        const string area = "Pension";
        foreach (var segment in p.Segments)
        {
            var name = segment.Segment;
            yield return new RangeRule(AllocationRuleId(name), area, $"Andel {Segments.Swedish(name).ToLowerInvariant()} av pensionsportföljen",
                "fraction", new Bounds(segment.Allocation.Min, segment.Allocation.Max, segment.Allocation.Normal),
                f => f.Allocation.FirstOrDefault(a => a.Segment == name) is { } share ? new Measure(share.Share, "marknadsvärdet är noll (zero market value)") : null);
        }

        static bool FixedIncome(Holding h) => h.Segment == Segments.FixedIncome;

        if (p.FixedIncomeMustBeHedged)
        {
            yield return new ExposureRule("pension.fx.fixedincome-hedged", area, "Räntebärande placeringar i utländsk valuta ska vara valutasäkrade",
                h => FixedIncome(h) && h.Currency != "SEK", h => h.CurrencyHedged != true);
        }

        if (p.SupervisedOnly)
        {
            yield return new ExposureRule("pension.supervised", area, "Endast instrument under finansiell tillsyn",
                _ => true, h => h.Supervised == false, h => h.Supervised is null);
        }

        if (p.MinRating is { } text && CreditRating.TryParse(text, out var floor))
        {
            var exempt = p.RatingExemptIssuerTypes.ToHashSet(StringComparer.Ordinal);
            yield return new ExposureRule("pension.rating.min", area, $"Räntebärande placeringar ska ha lägst rating {floor}",
                h => FixedIncome(h) && !(h.IssuerType is { } type && exempt.Contains(type)),
                h => h.Rating is not { } rating || !rating.IsAtLeast(floor));
        }

        if (p.IssuerLimits.Count > 0)
        {
            yield return new ConcentrationRule("pension.issuer", area, "Emittenten {0}: högsta andel av räntebärande placeringar",
                FixedIncome, h => h.Issuer is { } issuer && h.IssuerType is { } type && p.IssuerLimits.ContainsKey(type) ? issuer : null,
                holdings => IssuerLimitOf(p.IssuerLimits[holdings[0].IssuerType!], holdings));
        }

        if (p.MaxShareOfPortfolioPerFund is { } fundMax)
        {
            yield return new ConcentrationRule("pension.fund", area, "Fonden {0}: högsta andel av pensionsportföljen",
                _ => true, h => h.IssuerType == "Fund" ? h.Manager ?? h.InstrumentId : null, _ => fundMax);
        }

        if (p.FixedIncomeDuration is { } duration)
        {
            yield return new WeightedAverageRule("pension.duration.fixedincome", area, "Räntebärande placeringars genomsnittliga duration (år)", "years",
                FixedIncome, h => h.Duration, new Bounds(duration.Min, duration.Max));
        }

        if (p.Exclusions.Count > 0)
        {
            var excluded = p.Exclusions.Select(e => e.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
            yield return new ExposureRule("pension.exclusions", area, "Inga placeringar i exkluderade branscher: " + string.Join(", ", p.Exclusions.Select(ExclusionCategories.Swedish)),
                _ => true, h => h.Exclusions.Any(excluded.Contains));
        }

        yield return new RangeRule("pension.return.requirement", area, "Avkastning hittills i år minus avkastningskravet (real avkastning plus inflation)",
            "fraction", new Bounds(0, null),
            f => new Measure(f.TotalReturn?.ExcessYtd, f.TotalReturn?.Reason ?? $"inga innehav för {f.Period} (no holdings)"), Judging.Target);
    }

    /// <summary>
    /// An issuer's limit: its rating is the worst of its holdings' (unrated when any is unrated); of the
    /// rating keys it meets, the most demanding applies; otherwise the default.
    /// </summary>
    public static decimal? IssuerLimitOf(IssuerLimit limit, IReadOnlyList<Holding> holdings)
    {
        var ratings = holdings.Select(h => h.Rating).ToList();
        CreditRating? worst = ratings.Any(r => r is null) ? null : ratings.Select(r => r!.Value).Min();
        if (worst is { } rating)
        {
            var met = limit.ByRating
                .Select(k => (Ok: CreditRating.TryParse(k.Key, out var key), Key: key, Share: k.Value))
                .Where(k => k.Ok && rating.IsAtLeast(k.Key))
                .OrderBy(k => k.Key.Rank).ToList();
            if (met.Count > 0)
            {
                return met[0].Share;
            }
        }

        return limit.Default;
    }

    private static void Add(List<LimitRule> rules, string id, string area, string description, string unit, Policy.Range? range,
        Func<PeriodFigures, Measure?> measure)
    {
        if (range is not null)
        {
            rules.Add(new RangeRule(id, area, description, unit, new Bounds(range.Min, range.Max, range.Normal), measure));
        }
    }

    private static void AddMax(List<LimitRule> rules, string id, string area, string description, decimal? max, Func<PeriodFigures, Measure?> measure)
    {
        if (max is { } m)
        {
            rules.Add(new RangeRule(id, area, description, "fraction", new Bounds(null, m), measure));
        }
    }

    private static string Swedish(OriginStatus status) => status switch
    {
        OriginStatus.Open => "öppet",
        OriginStatus.Overdue => "förfallet",
        _ => "återställt",
    };
}

/// <summary>English names of the rules, for dimrule.</summary>
public static class RuleLabels
{
    /// <summary>The English label of a rule id (patterns with a group or origin are filled in).</summary>
    public static string English(string ruleId)
    {
        var parts = ruleId.Split('.');
        return parts switch
        {
            ["pension", "allocation", var segment] => $"Share of {segment} in the pension portfolio",
            ["pension", "fx", _] => "Foreign-currency fixed income must be currency-hedged",
            ["pension", "supervised"] => "Only instruments under financial supervision",
            ["pension", "rating", "min"] => "Fixed income rated at least the rating floor",
            ["pension", "issuer", ..] => $"Issuer {string.Join('.', parts[2..])}: maximum share of fixed income",
            ["pension", "fund", ..] => $"Fund {string.Join('.', parts[2..])}: maximum share of the portfolio",
            ["pension", "duration", _] => "Market-value-weighted duration of fixed income",
            ["pension", "exclusions"] => "No exposure to excluded sectors",
            ["pension", "return", "requirement"] => "Return year to date less the return requirement",
            ["debt", "fixing", "average"] => "Average interest-rate fixing period",
            ["debt", "maturity", "average"] => "Average capital maturity",
            ["debt", "fixing", "within12m"] => "Share of debt with rate fixing within 12 months",
            ["debt", "maturity", "within12m"] => "Share of debt maturing within 12 months",
            ["debt", "lender", "single"] => "Largest single lender's share",
            ["liquidity", "readiness"] => "Payment readiness in days (own funds)",
            ["liquidity", "minimum"] => "Minimum liquid funds",
            ["goal", "result"] => "Goal: operating result share of tax and grants",
            ["goal", "equityratio"] => "Goal: equity ratio incl. pension commitments",
            ["goal", "debt"] => "Goal: interest-bearing debt share of tax and grants",
            ["goal", "selffinancing"] => "Goal: self-financing ratio of investments",
            ["committee", var code, "netcostgrowth"] => $"{code}: ceiling on net cost growth",
            ["balancereq", var origin] => $"Balance-requirement deficit {origin} restored within three years",
            ["investment", .. var project, "overrun"] when project.Length > 0 => $"Investment project {string.Join('.', project)}: forecast total within the decided total plus the overrun margin",
            ["summary", var area] => $"Summary of {area}: within all limits",
            _ => ruleId,
        };
    }
}
