using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;

namespace Regfin.Core.Alerts;

/// <summary>
/// The bodies an alert is delivered as: <c>generic</c> JSON (webhooks and the queue) and <c>teams</c>,
/// a message with an Adaptive Card as a Teams workflow ("When a Teams webhook request is received")
/// accepts. Both carry the idempotency key. Built with System.Text.Json, so every text is escaped.
/// </summary>
public static class AlertPayloads
{
    /// <summary>The generic JSON object of an alert row.</summary>
    public static JsonObject Generic(TableEntity alert) => new()
    {
        ["idempotencyKey"] = alert.GetString("IdempotencyKey"),
        ["alertId"] = alert.RowKey,
        ["period"] = alert.PartitionKey,
        ["ruleId"] = alert.GetString("RuleId"),
        ["area"] = alert.GetString("Area"),
        ["fromStatus"] = alert.GetString("FromStatus"),
        ["toStatus"] = alert.GetString("ToStatus"),
        ["measured"] = alert.GetDouble("Measured"),
        ["unit"] = alert.GetString("Unit"),
        ["policyVersion"] = alert.GetString("PolicyVersion"),
        ["raisedAt"] = alert.GetDateTimeOffset("RaisedAt")?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["message"] = alert.GetString("Message"),
        ["headline"] = Headline(alert),
        ["fromStatusText"] = StatusText(alert, "FromStatus"),
        ["toStatusText"] = StatusText(alert, "ToStatus"),
    };

    /// <summary>The alert's headline in the rule's own words (the start of its message, <see cref="Compliance.BoardWords.Headline"/>).</summary>
    public static string Headline(TableEntity alert)
    {
        var message = alert.GetString("Message") ?? "";
        var end = message.IndexOf($" {alert.PartitionKey}:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }

    /// <summary>A stored status of the alert's rule in its family's words ("varning", "uppfylls inte enligt prognos", "över ramen"; "ny" for none).</summary>
    private static string StatusText(TableEntity alert, string column) =>
        Compliance.BoardWords.StatusWord(alert.GetString("Area") ?? "", alert.GetString(column), Primitives.Period.Parse(alert.PartitionKey),
            alert.GetString("Message")?.Contains(Forecast.ForecastSources.OnForecast, StringComparison.Ordinal) == true);

    /// <summary>A Teams workflow message: one Adaptive Card with the message and the facts.</summary>
    public static JsonObject Teams(TableEntity alert)
    {
        var status = alert.GetString("ToStatus");
        var title = Headline(alert);
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            // JsonArray's constructor, not a collection initializer: Add<T> needs run-time code (Native AOT).
            ["body"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "TextBlock", ["size"] = "Medium", ["weight"] = "Bolder", ["wrap"] = true,
                    ["color"] = status == "Breach" ? "Attention" : status == "Warning" ? "Warning" : "Good",
                    ["text"] = $"{title} ({alert.PartitionKey})",
                },
                new JsonObject { ["type"] = "TextBlock", ["wrap"] = true, ["text"] = alert.GetString("Message") },
                new JsonObject
                {
                    ["type"] = "FactSet",
                    ["facts"] = new JsonArray(
                        Fact("Period", alert.PartitionKey),
                        Fact("Regel", alert.GetString("RuleId")),
                        Fact("Status", $"{StatusText(alert, "FromStatus")} → {StatusText(alert, "ToStatus")}"),
                        Fact("Finanspolicy", alert.GetString("PolicyVersion")),
                        Fact("Idempotensnyckel", alert.GetString("IdempotencyKey"))),
                }),
        };
        return new JsonObject
        {
            ["type"] = "message",
            ["idempotencyKey"] = alert.GetString("IdempotencyKey"),
            ["attachments"] = new JsonArray(
                new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["contentUrl"] = null, ["content"] = card }),
        };
    }

    private static JsonObject Fact(string title, string? value) => new() { ["title"] = title, ["value"] = value ?? "" };

    /// <summary>The JSON text of a payload.</summary>
    public static string Text(JsonObject payload) => payload.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
