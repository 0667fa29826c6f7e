using System.Collections.Concurrent;

namespace Regfin.Core.Ingestion.Sie;

/// <summary>
/// Reads and tokenizes a SIE file's lines on a thread of its own, in batches, while the reader
/// handles the records of the batch before: the decoding, line splitting and tokenizing overlap the
/// record handling, on a second core (a region's year of vouchers is millions of lines). The lines
/// come out in file order; a bounded number of batches are reused, so memory stays flat. Anything
/// the tokenizer finds is carried in the line (<see cref="TokenizedLine"/>) and reported by the
/// reader in order.
/// </summary>
internal sealed class SieLinePipeline : IDisposable
{
    private const int LinesPerBatch = 1024;
    private const int BatchesAhead = 2;

    private readonly SieLineReader _lines;
    private readonly int _maxFieldLength;
    private readonly CancellationToken _cancellation;
    private readonly CancellationTokenSource _stop;
    private readonly BlockingCollection<Batch> _filled = new(BatchesAhead);
    private readonly ConcurrentQueue<Batch> _free = new();
    private Task? _producer;

    public SieLinePipeline(SieLineReader lines, int maxFieldLength, CancellationToken cancellationToken)
    {
        _lines = lines;
        _maxFieldLength = maxFieldLength;
        _cancellation = cancellationToken;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>The number of lines of the file (once <see cref="Read"/> has gone through them all).</summary>
    public long LineCount { get; private set; }

    /// <summary>The tokenized lines in order; each is valid until the enumeration moves past its batch.</summary>
    public IEnumerable<TokenizedLine> Read()
    {
        _producer = Task.Factory.StartNew(Produce, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var completed = false;
        try
        {
            foreach (var batch in _filled.GetConsumingEnumerable(_stop.Token))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    yield return batch.Lines[i];
                }

                _free.Enqueue(batch);
            }

            completed = true;
        }
        finally
        {
            // The reader finished, stopped early (a refused file) or failed: end the producer and wait
            // for it. Its own failure (the stream could not be read) is thrown only when the reader got
            // to the end; otherwise the reader's outcome stands.
            _stop.Cancel();
            var failure = Join();
            if (completed && failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }
        }

        _cancellation.ThrowIfCancellationRequested();
    }

    /// <summary>Waits for the producer; its failure, if it failed other than by being stopped.</summary>
    private Exception? Join()
    {
        try
        {
            _producer?.GetAwaiter().GetResult();
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private void Produce()
    {
        try
        {
            var batch = Rent();
            var pastFirst = false;
            while (_lines.TryReadLine(out var text, out var tooLong))
            {
                var slot = batch.Lines[batch.Count++];
                slot.Reset(_lines.LineNumber, tooLong);
                if (!tooLong)
                {
                    if (!pastFirst)
                    {
                        if (text.Trim(" \t").IsEmpty)
                        {
                            slot.LeadingBlank = true;
                        }
                        else
                        {
                            pastFirst = true;
                            slot.FirstText = text.ToString();
                        }
                    }

                    slot.HasReplacement = text.Contains('\uFFFD');
                    if (!SieTokenizer.TryTokenize(text, slot.Record, _maxFieldLength, out var error))
                    {
                        slot.Error = error;
                        slot.ErrorValue = (text.Length > 80 ? text[..80] : text).ToString();
                    }
                }
                else
                {
                    pastFirst = true;
                }

                if (batch.Count == LinesPerBatch)
                {
                    _filled.Add(batch, _stop.Token);
                    batch = Rent();
                }
            }

            LineCount = _lines.LineNumber;
            if (batch.Count > 0)
            {
                _filled.Add(batch, _stop.Token);
            }
        }
        finally
        {
            _filled.CompleteAdding();
        }
    }

    private Batch Rent()
    {
        if (_free.TryDequeue(out var batch))
        {
            batch.Count = 0;
            return batch;
        }

        return new Batch();
    }

    public void Dispose()
    {
        _stop.Cancel();
        Join(); // the producer stops at its next line once cancelled; its error was surfaced by Read or has no one left to hear it
        _filled.Dispose();
        _stop.Dispose();
    }

    private sealed class Batch
    {
        public TokenizedLine[] Lines { get; } = Enumerable.Range(0, LinesPerBatch).Select(_ => new TokenizedLine()).ToArray();

        public int Count { get; set; }
    }
}

/// <summary>One line of a SIE file as the tokenizer left it.</summary>
internal sealed class TokenizedLine
{
    /// <summary>The line number (1 for the first).</summary>
    public long Line { get; private set; }

    /// <summary>The line was over the length limit (and is empty).</summary>
    public bool TooLong { get; private set; }

    /// <summary>A blank line before the first record.</summary>
    public bool LeadingBlank { get; set; }

    /// <summary>For the first line that is not blank: its text (it must start with #FLAGGA).</summary>
    public string? FirstText { get; set; }

    /// <summary>The line holds U+FFFD (bytes that were not valid in the file's encoding).</summary>
    public bool HasReplacement { get; set; }

    /// <summary>Why the line could not be tokenized; null when it could.</summary>
    public string? Error { get; set; }

    /// <summary>The start of the line, for the error's value.</summary>
    public string? ErrorValue { get; set; }

    /// <summary>The tokenized record.</summary>
    public SieRecord Record { get; } = new();

    public void Reset(long line, bool tooLong)
    {
        Line = line;
        TooLong = tooLong;
        LeadingBlank = false;
        FirstText = null;
        HasReplacement = false;
        Error = null;
        ErrorValue = null;
    }
}
