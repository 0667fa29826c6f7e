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
    };

    /// <summary>A Teams workflow message: one Adaptive Card with the message and the facts.</summary>
    public static JsonObject Teams(TableEntity alert)
    {
        var status = alert.GetString("ToStatus");
        var title = status switch
        {
            "Breach" => "Limitbrott",
            "Warning" => "Varning",
            _ => "Åtgärdat",
        };
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = new JsonArray
            {
                new JsonObject
                {
                    ["type"] = "TextBlock", ["size"] = "Medium", ["weight"] = "Bolder", ["wrap"] = true,
                    ["color"] = status == "Breach" ? "Attention" : status == "Warning" ? "Warning" : "Good",
                    ["text"] = $"{title}: {alert.GetString("RuleId")} ({alert.PartitionKey})",
                },
                new JsonObject { ["type"] = "TextBlock", ["wrap"] = true, ["text"] = alert.GetString("Message") },
                new JsonObject
                {
                    ["type"] = "FactSet",
                    ["facts"] = new JsonArray
                    {
                        Fact("Period", alert.PartitionKey),
                        Fact("Regel", alert.GetString("RuleId")),
                        Fact("Status", $"{alert.GetString("FromStatus") ?? "ny"} → {status}"),
                        Fact("Finanspolicy", alert.GetString("PolicyVersion")),
                        Fact("Idempotensnyckel", alert.GetString("IdempotencyKey")),
                    },
                },
            },
        };
        return new JsonObject
        {
            ["type"] = "message",
            ["idempotencyKey"] = alert.GetString("IdempotencyKey"),
            ["attachments"] = new JsonArray
            {
                new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["contentUrl"] = null, ["content"] = card },
            },
        };
    }

    private static JsonObject Fact(string title, string? value) => new() { ["title"] = title, ["value"] = value ?? "" };

    /// <summary>The JSON text of a payload.</summary>
    public static string Text(JsonObject payload) => payload.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
