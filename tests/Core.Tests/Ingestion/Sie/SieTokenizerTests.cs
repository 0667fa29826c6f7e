using Regfin.Core.Ingestion.Sie;

namespace Regfin.Core.Tests.Ingestion.Sie;

/// <summary>SieTokenizer: a line into a record name and fields (SIE 4B chapter 5).</summary>
public class SieTokenizerTests
{
    private static SieRecord Tokenize(string line)
    {
        var record = new SieRecord();
        Assert.True(SieTokenizer.TryTokenize(line, record, 1000, out var error), error);
        return record;
    }

    private static string[] Fields(SieRecord record) => [.. Enumerable.Range(0, record.FieldCount).Select(i => record.Field(i).ToString())];

    [Fact]
    public void Any_number_of_spaces_and_tabs_separate_fields()
    {
        var record = Tokenize("  #TRANS\t\t1930   {}  \t -120.50 20240115\t");

        Assert.Equal("#TRANS", record.Name.ToString());
        Assert.Equal(["1930", "", "-120.50", "20240115"], Fields(record));
        Assert.Equal(SieFieldKind.ObjectList, record.Kind(1));
    }

    [Fact]
    public void A_quoted_field_keeps_its_spaces_and_unescapes_a_quote()
    {
        var record = Tokenize("#FNAMN \"Region \\\"Norr\\\"  AB\" \"\" x");

        Assert.Equal(["Region \"Norr\"  AB", "", "x"], Fields(record));
        Assert.Equal(SieFieldKind.Quoted, record.Kind(0));
        Assert.Equal(SieFieldKind.Quoted, record.Kind(1));
        Assert.Equal(SieFieldKind.Plain, record.Kind(2));
    }

    [Fact]
    public void An_object_list_is_one_field_of_dimension_and_object_pairs()
    {
        var record = Tokenize("#TRANS 3010 {1 \"100\" \"6\" \"P 1\"} -900.00");

        Assert.Equal(3, record.FieldCount);
        Assert.Equal(SieFieldKind.ObjectList, record.Kind(1));
        Assert.Equal(2, record.ObjectCount(1));
        Assert.Equal("1", record.ObjectDimension(1, 0).ToString());
        Assert.Equal("100", record.ObjectId(1, 0).ToString());
        Assert.Equal("6", record.ObjectDimension(1, 1).ToString());
        Assert.Equal("P 1", record.ObjectId(1, 1).ToString());
        Assert.True(record.TryFindObject(1, "6", out var project));
        Assert.Equal("P 1", project.ToString());
        Assert.False(record.TryFindObject(1, "2", out _));
        Assert.Equal("-900.00", record.Field(2).ToString());
    }

    [Fact]
    public void An_empty_object_list_has_no_pairs()
    {
        var record = Tokenize("#PSALDO 0 202401 3010 { } -5");

        Assert.Equal(SieFieldKind.ObjectList, record.Kind(3));
        Assert.Equal(0, record.ObjectCount(3));
    }

    [Theory]
    [InlineData("{", "{")]
    [InlineData("  }  ", "}")]
    public void A_brace_line_opens_or_closes_a_voucher_block(string line, string name)
    {
        var record = Tokenize(line);

        Assert.Equal(name, record.Name.ToString());
        Assert.Equal(0, record.FieldCount);
    }

    [Fact]
    public void A_blank_line_is_blank()
    {
        Assert.True(Tokenize(" \t ").IsBlank);
    }

    [Fact]
    public void A_quote_cut_at_the_end_of_the_line_runs_to_the_end()
    {
        var record = Tokenize("#TRANS 3010 {} -900.00 20140127 \"260    aaaa");

        Assert.Equal("260    aaaa", record.Field(4).ToString());
    }

    [Theory]
    [InlineData("#TRANS 3010 {1 \"100\" -900", "not closed")]
    [InlineData("#TRANS 3010 {1 \"100\" 6} -900", "dimension without an object")]
    [InlineData("#TRANS 3010 {1 {2 3}} -900", "do not nest")]
    [InlineData("#FNAMN \"abcdefghijk\"", "longer than the limit")]
    public void A_broken_line_is_refused_with_the_reason(string line, string reason)
    {
        var ok = SieTokenizer.TryTokenize(line, new SieRecord(), 10, out var error);

        Assert.False(ok);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void The_record_is_reused_line_after_line()
    {
        var record = new SieRecord();
        Assert.True(SieTokenizer.TryTokenize("#TRANS 1 {1 \"a\"} 2 3 4 5 6", record, 100, out _));
        Assert.True(SieTokenizer.TryTokenize("#VER A 1", record, 100, out _));

        Assert.Equal("#VER", record.Name.ToString());
        Assert.Equal(["A", "1"], Fields(record));
    }
}
