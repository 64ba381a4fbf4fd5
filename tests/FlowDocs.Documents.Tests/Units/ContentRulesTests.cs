using System.Text;
using FlowDocs.Data.Documents;
using FlowDocs.Documents.Content;
using FlowDocs.Documents.ListDocuments;
using FlowDocs.Documents.UploadSessions;

namespace FlowDocs.Documents.Tests.Units;

public sealed class ContentRulesTests
{
    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "application/pdf")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "image/jpeg")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14 }, "application/zip")]
    [InlineData(new byte[] { 0x00, 0x01, 0x02, 0xFE }, "application/octet-stream")]
    [InlineData(new byte[] { }, "application/octet-stream")]
    public void Sniffer_recognises_formats_by_their_first_bytes(byte[] head, string expected) =>
        Assert.Equal(expected, ContentSniffer.Sniff(head));

    [Fact]
    public void Sniffer_calls_utf8_text_text_even_when_a_character_is_cut_at_the_end()
    {
        var text = Encoding.UTF8.GetBytes("Grüße aus Köln\r\n");

        Assert.Equal("text/plain", ContentSniffer.Sniff(text));
        Assert.Equal("text/plain", ContentSniffer.Sniff(text.AsSpan(0, 4)));
    }

    [Theory]
    [InlineData("report.pdf", null)]
    [InlineData("  Übersicht 2026.xlsx ", null)]
    [InlineData(null, "required")]
    [InlineData("a/b", "path separators")]
    [InlineData("a\\b", "path separators")]
    [InlineData("..", "'..'")]
    [InlineData("a\u0007b", "control characters")]
    [InlineData("invoice\u202Efdp.exe", "invisible formatting")]
    [InlineData("a\u200Bb.pdf", "invisible formatting")]
    [InlineData("\uFEFFa.pdf", "invisible formatting")]
    public void File_names_are_validated(string? name, string? error)
    {
        var message = FileNames.Validate(name, out var normalised);

        if (error is null)
        {
            Assert.Null(message);
            Assert.Equal(name!.Trim(), normalised);
        }
        else
        {
            Assert.Contains(error, message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("invoice\u202Efdp.exe", "invoicefdp.exe")]
    [InlineData("a\u0000\u200Bb.pdf", "ab.pdf")]
    [InlineData("plain.pdf", "plain.pdf")]
    public void Imported_names_are_neutralised_not_refused(string raw, string expected)
    {
        Assert.Equal(expected, FileNames.Neutralise(raw));
        Assert.Null(FileNames.Validate(FileNames.Neutralise(raw), out _));
    }

    [Fact]
    public void File_names_over_the_stored_limit_and_of_1000_characters_are_refused()
    {
        Assert.Contains("at most 255", FileNames.Validate(new string('a', 256), out _), StringComparison.Ordinal);
        Assert.Contains("shorter than 1000", FileNames.Validate(new string('a', 1000), out _), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"abc\"", "abc", true)]
    [InlineData("W/\"abc\"", "abc", true)]
    [InlineData("\"x\", \"abc\"", "abc", true)]
    [InlineData("*", "abc", true)]
    [InlineData("\"abd\"", "abc", false)]
    public void If_match_compares_etags(string header, string sha, bool matches) =>
        Assert.Equal(matches, ETags.Matches(header, sha));

    [Fact]
    public void Cursor_round_trips_and_garbage_decodes_to_null()
    {
        var cursor = new ListCursor("title", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), "alpha", Guid.NewGuid());

        Assert.Equal(cursor, ListCursor.Decode(cursor.Encode()));
        Assert.Null(ListCursor.Decode("not-a-cursor"));
        Assert.Null(ListCursor.Decode(Convert.ToBase64String("{}"u8.ToArray()).TrimEnd('=')));
    }

    [Fact]
    public void Coverage_counts_overlaps_once_and_lists_the_gaps()
    {
        var chunks = new[] { Chunk(0, 100), Chunk(50, 100), Chunk(300, 50) };

        var (received, missing) = Coverage.Of(400, chunks);
        var plan = Coverage.Plan(chunks);

        Assert.Equal(200, received);
        Assert.Equal([new ByteRange(150, 299), new ByteRange(350, 399)], missing);
        Assert.Equal([(0L, 0L), (50L, 50L)], plan.Take(2).Select(p => (p.Chunk.Offset, p.Skip)));
    }

    private static UploadChunk Chunk(long offset, long length) => new() { Offset = offset, Length = length, BlobKey = $"k/{offset}" };
}
