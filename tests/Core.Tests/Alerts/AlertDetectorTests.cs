using Regfin.Core.Alerts;
using Regfin.Core.Compliance;
using Regfin.Core.Primitives;

namespace Regfin.Core.Tests.Alerts;

public class AlertDetectorTests
{
    private static readonly Period October = new(2025, 10);
    private static readonly DateTimeOffset Now = new(2025, 11, 5, 6, 0, 0, TimeSpan.Zero);

    private static LimitCheck Issuer(LimitStatus status, decimal share) =>
        new("pension.issuer.Stadshypotek", "Pension", "Emittenten Stadshypotek: högsta andel av räntebärande placeringar", share, null, 0.20m,
            "fraction", status, status == LimitStatus.Ok ? null : "SE0000000004 Säkerställd obligation 5534 (727,2\u00A0mnkr)", "Concentration");

    private static IReadOnlyList<Alert> Detect(LimitCheck check, Dictionary<string, (string, int)>? latest = null) =>
        AlertDetector.Detect(October, [check], latest ?? [], "2024-12-01", Now);

    [Fact]
    public void A_first_evaluation_in_breach_raises_one_alert_saying_what_how_much_and_against_which_limit()
    {
        var alert = Assert.Single(Detect(Issuer(LimitStatus.Breach, 0.30m)));

        Assert.Null(alert.FromStatus);
        Assert.Equal("Breach", alert.ToStatus);
        Assert.Equal(1, alert.Sequence);
        Assert.Equal("pension.issuer.Stadshypotek-1", alert.AlertId);
        Assert.Equal("Limitbrott 2025-10: Emittenten Stadshypotek: högsta andel av räntebärande placeringar. Utfall 30,0\u00A0% mot högst 20,0\u00A0% " +
            "(finanspolicy 2024-12-01). SE0000000004 Säkerställd obligation 5534 (727,2\u00A0mnkr)", alert.Message);
        Assert.Matches("^[0-9a-f]{32}$", alert.IdempotencyKey);
    }

    [Fact]
    public void Ok_first_and_unchanged_statuses_raise_nothing()
    {
        Assert.Empty(Detect(Issuer(LimitStatus.Ok, 0.10m)));
        Assert.Empty(Detect(Issuer(LimitStatus.Breach, 0.31m), new() { ["pension.issuer.Stadshypotek"] = ("Breach", 1) }));
        Assert.Empty(Detect(Issuer(LimitStatus.NotEvaluated, 0m)));
        Assert.Empty(Detect(Issuer(LimitStatus.NotEvaluated, 0m), new() { ["pension.issuer.Stadshypotek"] = ("Breach", 1) }));
    }

    [Fact]
    public void Breach_to_Ok_is_one_resolved_alert_with_the_next_sequence_and_its_own_key()
    {
        var first = Assert.Single(Detect(Issuer(LimitStatus.Breach, 0.30m)));
        var resolved = Assert.Single(Detect(Issuer(LimitStatus.Ok, 0.15m), new() { ["pension.issuer.Stadshypotek"] = ("Breach", 1) }));

        Assert.Equal("Breach", resolved.FromStatus);
        Assert.Equal("Ok", resolved.ToStatus);
        Assert.True(resolved.IsResolution);
        Assert.Equal(2, resolved.Sequence);
        Assert.StartsWith("Åtgärdat limitbrott 2025-10: Emittenten Stadshypotek", resolved.Message);
        Assert.NotEqual(first.IdempotencyKey, resolved.IdempotencyKey);
        // The key depends on period, rule and sequence only: the same alert raised again (after a replay) has the same key.
        Assert.Equal(first.IdempotencyKey, Detect(Issuer(LimitStatus.Breach, 0.25m)).Single().IdempotencyKey);
    }

    [Fact]
    public void Warning_and_breach_transitions_each_raise_and_summaries_never_do()
    {
        var warning = Assert.Single(Detect(Issuer(LimitStatus.Warning, 0.19m), new() { ["pension.issuer.Stadshypotek"] = ("Ok", 2) }));
        Assert.Equal(("Ok", "Warning", 3), (warning.FromStatus, warning.ToStatus, warning.Sequence));
        Assert.StartsWith("Varning 2025-10", warning.Message);

        var summary = new LimitCheck("summary.pension", "Pension", "Pensionsportföljen", 16, null, null, "rules", LimitStatus.Breach, null, "Summary");
        Assert.Empty(AlertDetector.Detect(October, [summary], new Dictionary<string, (string, int)>(), "2024-12-01", Now));
    }
}
