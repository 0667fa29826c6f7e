using Regfin.Core.ReportingLines;

namespace Regfin.Core.Tests.ReportingLines;

public class AccountMapTests
{
    [Theory]
    [InlineData("3010", ReportLine.OperatingIncome)]
    [InlineData("39701", ReportLine.OperatingIncome)]
    [InlineData("4010", ReportLine.OperatingCosts)]
    [InlineData("7799", ReportLine.OperatingCosts)]
    [InlineData("7810", ReportLine.Depreciation)]
    [InlineData("8010", ReportLine.TaxRevenue)]
    [InlineData("8210", ReportLine.GeneralGrants)]
    [InlineData("8430", ReportLine.FinancialIncome)]
    [InlineData("8510", ReportLine.FinancialCosts)]
    [InlineData("8810", ReportLine.Extraordinary)]
    public void Default_map_follows_the_two_digit_classes(string account, ReportLine line) =>
        Assert.Equal(line, AccountMap.Default.LineOf(account));

    [Theory]
    [InlineData("1930")]
    [InlineData("2440")]
    [InlineData("8910")]
    [InlineData("9999")]
    [InlineData("3")]
    public void Unmapped_accounts_have_no_line(string account) => Assert.Null(AccountMap.Default.LineOf(account));

    [Fact]
    public void Ranges_match_on_leading_digits()
    {
        Assert.True(AccountRange.TryParse("3970-3979", out var range));
        Assert.True(range.Matches("3975"));
        Assert.True(range.Matches("397901"));
        Assert.False(range.Matches("3980"));
        Assert.False(range.Matches("397"));
        Assert.False(AccountRange.TryParse("39-3979", out _));
        Assert.False(AccountRange.TryParse("40-30", out _));
        Assert.False(AccountRange.TryParse("4x", out _));
    }
}
