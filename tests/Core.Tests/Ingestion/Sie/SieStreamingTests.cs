using Regfin.Core.Ingestion;
using Regfin.Core.Ingestion.Sie;

namespace Regfin.Core.Tests.Ingestion.Sie;

/// <summary>A region's year of vouchers is read in flat memory (formats.md): nothing is kept per line or per voucher.</summary>
[Trait("Category", "Storage")] // a million rows: not in the fast unit run
public class SieStreamingTests
{
    /// <summary>A header, then one voucher block repeated <paramref name="vouchers"/> times, made as it is read (never held whole).</summary>
    private sealed class RepeatedVouchers(int vouchers) : Stream
    {
        private static readonly byte[] Header = SieReader.Cp437.GetBytes(SieTestFiles.WithHeader());
        private static readonly byte[] Voucher = SieReader.Cp437.GetBytes(SieTestFiles.Text(
            "#VER A 1 20240315 \"Leverantörsfaktura\" 20240316",
            "{",
            "#TRANS 4010 {1 \"100\" 6 \"P1\"} 1234.56 20240315 \"Kontorsmaterial åäö\"",
            "#TRANS 2440 {} -1234.56",
            "}"));

        private int _left = vouchers;
        private byte[] _current = Header;
        private int _position;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position == _current.Length)
            {
                if (_left-- <= 0)
                {
                    return 0;
                }

                _current = Voucher;
                _position = 0;
            }

            var n = Math.Min(buffer.Length, _current.Length - _position);
            _current.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void A_million_TRANS_rows_are_summed_without_allocating_per_line()
    {
        const int vouchers = 500_000;
        using var stream = new RepeatedVouchers(vouchers);
        var errors = new ValidationErrors();
        var before = GC.GetAllocatedBytesForCurrentThread();

        var file = SieReader.Read(stream, isUtf8: false, errors);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(errors.IsEmpty, string.Join(" | ", errors.Listed));
        Assert.Equal(vouchers, file!.VoucherCount);
        Assert.Equal(2L * vouchers, file.TransactionCount);
        Assert.Equal(["2024-03 2440 - -617280000.00", "2024-03 4010 100 617280000.00"], SieTestFiles.Lines(file.Ledger));
        Assert.True(allocated < 4_000_000, $"{allocated:N0} bytes allocated for {2 * vouchers:N0} rows");
    }
}
