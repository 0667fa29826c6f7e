using System.IO.Compression;
using System.Text;
using Regfin.Core.Ingestion;
using Regfin.Tests.Support;

namespace Regfin.Core.Tests.Ingestion;

/// <summary>
/// The corpus of bad files: each is rejected, with the reason a finance officer needs, and nothing
/// of it would be imported. Next to them, every sample file of every kind is accepted.
/// </summary>
public class BadFileCorpusTests
{
    private const string Ledger = "Period;Committee;Account;Amount\n";
    private const string Holdings = "AsOf;Portfolio;InstrumentId;InstrumentName;AssetClass;Currency;MarketValueSek;CurrencyHedged;Rating\n";
    private const string Loans = "AsOf;LoanId;Lender;PrincipalSek;RateType;RatePercent;StartDate;MaturityDate;NextFixingDate\n";
    private const string Policy = "validFrom: 2025-01-01\n";
    private const string Investments = "Period;Projekt;Projektnamn;Nämnd;Kategori;Årsbudget;Utfall;Prognos\n";

    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        // name, kind, extension, content (or a {generator}), expected reason
        { "empty", "ledger", ".csv", "", "file is empty" },
        { "BOM only", "ledger", ".csv", "\uFEFF", "file is empty" },
        { "binary", "ledger", ".csv", "{binary}", "not a text file" },
        { "header only", "ledger", ".csv", Ledger, "header but no rows" },
        { "missing column", "ledger", ".csv", "Period;Committee;Amount\n2025-10;RS;1\n", "required column Account" },
        { "duplicated header", "ledger", ".csv", "Period;Committee;Account;Amount;Amount\n2025-10;RS;4010;1;1\n", "appears twice" },
        { "column twice by alias", "ledger", ".csv", "Period;Committee;Account;Amount;Belopp\n2025-10;RS;4010;1;1\n", "given twice" },
        { "NaN", "ledger", ".csv", Ledger + "2025-10;RS;4010;NaN\n", "not an amount" },
        { "Infinity", "ledger", ".csv", Ledger + "2025-10;RS;4010;Infinity\n", "not an amount" },
        { "huge exponent", "ledger", ".csv", Ledger + "2025-10;RS;4010;1E400\n", "not an amount" },
        { "text amount", "ledger", ".csv", Ledger + "2025-10;RS;4010;tusen\n", "not an amount" },
        { "impossible period", "ledger", ".csv", Ledger + "2025-13;RS;4010;1\n", "not a period" },
        { "account with letters", "ledger", ".csv", Ledger + "2025-10;RS;40A0;1\n", "digits only" },
        { "unclosed quote", "ledger", ".csv", "Period;Committee;Account;Amount;Text\n2025-10;RS;4010;1;\"open\n2025-10;RS;4010;2;x\n", "quote" },
        { "field too long", "ledger", ".csv", "{longfield}", "longer than" },
        { "ledger as yaml", "ledger", ".yaml", "a: 1\n", "must be CSV or XLSX" },
        { "impossible date", "flows", ".csv", "Date;Portfolio;AssetClass;AmountSek\n2025-02-30;P;Equity;1\n", "not a date" },
        { "unknown asset class", "flows", ".csv", "Date;Portfolio;AssetClass;AmountSek\n2025-02-28;P;Guld;1\n", "must be one of" },
        { "negative market value", "holdings", ".csv", Holdings + "2025-10-31;P;X1;A;Equity;SEK;-5;;\n", "cannot be negative" },
        { "foreign fixed income without hedge flag", "holdings", ".csv", Holdings + "2025-10-31;P;X1;A;FixedIncome;EUR;5;;AAA\n", "CurrencyHedged" },
        { "duplicate instrument", "holdings", ".csv", Holdings + "2025-10-31;P;X1;A;Equity;SEK;5;;\n2025-10-31;P;X1;B;Equity;SEK;6;;\n", "duplicate instrument" },
        { "bad currency", "holdings", ".csv", Holdings + "2025-10-31;P;X1;A;Equity;kronor;5;;\n", "currency code" },
        { "bad rating", "holdings", ".csv", Holdings + "2025-10-31;P;X1;A;FixedIncome;SEK;5;;AAAA\n", "not a rating" },
        { "bad boolean", "holdings", ".csv", Holdings + "2025-10-31;P;X1;A;Equity;USD;5;kanske;\n", "yes/no" },
        { "floating loan without fixing date", "loans", ".csv", Loans + "2025-10-31;L1;KI;100;Rörlig;3;2024-01-01;2027-01-01;\n", "next fixing date" },
        { "loan matured before AsOf", "loans", ".csv", Loans + "2025-10-31;L1;KI;100;Fast;3;2020-01-01;2025-01-01;\n", "matured before" },
        { "zero principal", "loans", ".csv", Loans + "2025-10-31;L1;KI;0;Fast;3;2024-01-01;2027-01-01;\n", "more than zero" },
        { "unknown rate type", "loans", ".csv", Loans + "2025-10-31;L1;KI;100;Variabel;3;2024-01-01;2027-01-01;\n", "must be one of" },
        { "duplicate loan", "loans", ".csv", Loans + "2025-10-31;L1;KI;100;Fast;3;2024-01-01;2027-01-01;\n2025-10-31;L1;KI;200;Fast;3;2024-01-01;2027-01-01;\n", "duplicate loan" },
        { "index level zero", "indices", ".csv", "Date;Index;Level\n2025-10-31;SIXRX;0\n", "more than zero" },
        { "index level negative", "indices", ".csv", "Date;Index;Level\n2025-10-31;SIXRX;-3\n", "more than zero" },
        { "cpi text level", "cpi", ".csv", "Period;KPI\n2025-10;hög\n", "not a number" },
        { "cpi period twice", "cpi", ".csv", "Period;KPI\n2025-10;410\n2025-10;411\n", "duplicate" },
        { "unknown balance item", "balance", ".csv", "Period;Post;Belopp\n2025-10;Skulder;5\n", "must be one of" },
        { "negative total assets", "balance", ".csv", "Period;Post;Belopp\n2025-10;Summa tillgångar;-5\n", "cannot be negative" },
        { "negative provision", "pension", ".csv", "AsOf;Provision;ContingentLiability\n2025-10-31;-1;5\n", "cannot be negative" },
        { "forecast before AsOf", "cashforecast", ".csv", "AsOf;Date;Category;AmountSek\n2025-10-31;2025-10-30;Löner;-5\n", "after AsOf" },
        { "Datum is ambiguous in cashforecast", "cashforecast", ".csv", "AsOf;Datum;Category;AmountSek\n2025-10-31;2025-11-05;Löner;-5\n", "required column Date" },
        { "bank account twice on one day", "cash", ".csv", "Date;Account;BalanceSek\n2025-10-31;A;1\n2025-10-31;A;2\n", "duplicate bank account" },
        { "negative waiver", "balancerequirement", ".csv", "Year;Kind;Result;Waiver\n2024;Actual;-5;-1\n", "cannot be negative" },
        { "deadline before year", "balancerequirement", ".csv", "Year;Kind;Result;DeadlineYear\n2024;Actual;-5;2023\n", "deadline" },
        { "unknown unit", "balancerequirement", ".csv", "Year;Kind;Result;Unit\n2024;Actual;-5;EUR\n", "must be one of" },
        { "forecast class spanning two lines", "forecast", ".csv", "Prognosmånad;Nämnd;Konto;Prognos\n2025-10;RS;4;100\n2025-10;RS;7;100\n", "the account class 7 spans OperatingCosts and Depreciation" },
        { "forecast comment with an unquoted separator", "prognos", ".csv", "Prognosmånad;Nämnd;Konto;Prognos;Kommentar\n2025-10;RS;4;100;Bättre; underskottet kvarstår\n", "the row has 6 fields but the header 5" },
        { "forecast account twice", "prognos", ".csv", "Prognosmånad;Nämnd;Konto;Prognos\n2025-10;RS;4;100\n2025-10;RS;4;200\n", "duplicate account" },
        { "forecast month not a period", "prognos", ".csv", "Prognosmånad;Nämnd;Konto;Prognos\n2025-13;RS;4;100\n", "not a period" },
        { "negative investment budget", "investeringar", ".csv", Investments + "2025-10;P1;A;RS;IT;-5;0;0\n", "BudgetYear cannot be negative" },
        { "project twice in a period", "investeringar", ".csv", Investments + "2025-10;P1;A;RS;IT;5;0;0\n2025-10;P1;B;RS;IT;5;0;0\n", "duplicate project: 'P1'" },
        { "unknown investment category", "investeringar", ".csv", Investments + "2025-10;P1;A;RS;Byggnad;5;0;0\n", "must be one of Property" },
        { "negative overrun margin", "policy", ".yaml", Policy + "investments:\n  overrunMargin: -0.05\n", "cannot be negative" },
        { "not a zip", "ledger", ".xlsx", "Period;Committee\n", "not an XLSX workbook" },
        { "zip bomb", "ledger", ".xlsx", "{zipbomb}", "zip bomb" },
        { "policy as csv", "policy", ".csv", "a;b\n", "must be YAML or JSON" },
        { "policy with unknown field", "policy", ".yaml", Policy + "colour: blue\n", "unknown field 'colour'" },
        { "policy not YAML", "policy", ".yaml", "validFrom: [2025\n  : : :\n", "cannot be read" },
        { "policy without validFrom", "policy", ".yaml", "name: x\n", "validFrom is required" },
        { "allocation min above max", "policy", ".yaml", Policy + "pensionPortfolio:\n  portfolio: P\n  realReturnRequirement: 0.03\n  allocation:\n    Equity: { min: 0.8, normal: 1.0, max: 0.7, benchmark: { SIXRX: 1 } }\n", "min ≤ normal ≤ max" },
        { "benchmark weights not 1", "policy", ".yaml", Policy + "pensionPortfolio:\n  portfolio: P\n  realReturnRequirement: 0.03\n  allocation:\n    Equity: { min: 0, normal: 1.0, max: 1, benchmark: { SIXRX: 0.5, MSCI: 0.4 } }\n", "sum to 1" },
        { "normal allocations not 1", "policy", ".yaml", Policy + "pensionPortfolio:\n  portfolio: P\n  realReturnRequirement: 0.03\n  allocation:\n    Equity: { min: 0, normal: 0.5, max: 1, benchmark: { SIXRX: 1 } }\n", "normal allocations must sum to 1" },
        { "overlapping account lines", "policy", ".yaml", Policy + "accounts:\n  OperatingCosts: [\"40-79\"]\n", "overlap" },
        { "webhook URL in the policy", "policy", ".yaml", Policy + "alerts:\n  channels:\n    - { name: t, type: webhook, urlSetting: \"https://example.invalid/hook?sig=x\" }\n", "never the URL itself" },
        { "ceiling keyed by a word", "policy", ".yaml", Policy + "committees:\n  RS: { name: Regionstyrelsen, netCostGrowthMax: { nästa: 0.02 } }\n", "a key is a budget year" },
        { "ceiling as text", "policy", ".yaml", Policy + "committees:\n  RS: { name: Regionstyrelsen, netCostGrowthMax: { 2026: hög } }\n", "a ceiling is a growth rate" },
        { "bad rating floor", "policy", ".yaml", Policy + "pensionPortfolio:\n  portfolio: P\n  realReturnRequirement: 0.03\n  minRating: Z\n", "not a rating" },
        { "issuer limit above 1", "policy", ".yaml", Policy + "pensionPortfolio:\n  portfolio: P\n  realReturnRequirement: 0.03\n  issuerLimits:\n    Corporate: 1.5\n", "share between 0 and 1" },
        { "unknown inflation measure", "policy", ".json", "{\"validFrom\": \"2025-01-01\", \"pensionPortfolio\": {\"portfolio\": \"P\", \"realReturnRequirement\": 0.03, \"inflationMeasure\": \"cpif\"}}", "yoy or annualAverage" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_file_is_rejected_with_the_right_reason(string name, string kind, string extension, string content, string reason)
    {
        Assert.True(InputKinds.TryResolve(kind, out var inputKind), name);
        await using var raw = await RawFile.CaptureAsync(new MemoryStream(Bytes(content)), 1L << 30, CancellationToken.None);
        var errors = new ValidationErrors();

        var parsed = FileParser.Parse(inputKind, extension, raw!, new IngestionLimits(), errors);

        Assert.Null(parsed);
        Assert.Contains(errors.Listed, e => e.Reason.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void The_corpus_holds_at_least_forty_bad_files() => Assert.True(Cases.Count >= 40, $"{Cases.Count} cases");

    public static TheoryData<string> SampleFiles => new(Directory.EnumerateFiles(TestFiles.SampleInbox, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(TestFiles.SampleInbox, f)).Order());

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public async Task Every_sample_file_of_every_kind_is_accepted(string relative)
    {
        var name = InboxBlobName.TryParse(relative.Replace('\\', '/'), out var error);
        Assert.True(name is not null, error);
        await using var raw = await RawFile.CaptureAsync(Path.Combine(TestFiles.SampleInbox, relative), 1L << 30, CancellationToken.None);
        var errors = new ValidationErrors();
        var parsed = FileParser.Parse(name.Kind, name.Extension, raw!, new IngestionLimits(), errors);
        Assert.True(parsed is not null, string.Join("; ", errors.Listed));
        Assert.True(parsed.Rows > 0);
    }

    [Fact]
    public void Sample_inbox_covers_every_kind()
    {
        var kinds = Directory.EnumerateDirectories(TestFiles.SampleInbox).Select(d => InputKinds.TryResolve(Path.GetFileName(d), out var k) ? k : (InputKind?)null).ToHashSet();
        Assert.Equal(Enum.GetValues<InputKind>().Cast<InputKind?>().ToHashSet(), kinds);
    }

    private static byte[] Bytes(string content) => content switch
    {
        "{binary}" => [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0xFF, 0xFF],
        "{longfield}" => Encoding.UTF8.GetBytes("Period;Committee;Account;Amount;Text\n2025-10;RS;4010;1;" + new string('x', 1_000_001) + "\n"),
        "{zipbomb}" => ZipBomb(),
        _ => Encoding.UTF8.GetBytes(content),
    };

    /// <summary>A zip whose one entry inflates 30 MB of zeros from a few kilobytes.</summary>
    private static byte[] ZipBomb()
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 30; i++)
            {
                entry.Write(zeros);
            }
        }

        return memory.ToArray();
    }
}
