using System.Text.Unicode;

namespace FlowDocs.Documents.Content;

/// <summary>
/// Recognises common formats from their first bytes, so that what a client declares can be checked and a
/// missing content type still gets a useful one.
/// </summary>
internal static class ContentSniffer
{
    public const string OctetStream = "application/octet-stream";

    private static readonly (byte[] Magic, string Type)[] Signatures =
    [
        ("%PDF-"u8.ToArray(), "application/pdf"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png"),
        ([0xFF, 0xD8, 0xFF], "image/jpeg"),
        ("GIF87a"u8.ToArray(), "image/gif"),
        ("GIF89a"u8.ToArray(), "image/gif"),
        ([0x50, 0x4B, 0x03, 0x04], "application/zip"),
        ([0x50, 0x4B, 0x05, 0x06], "application/zip"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "application/x-ole-storage"),
        ([0x1F, 0x8B], "application/gzip"),
        ("{\\rtf"u8.ToArray(), "application/rtf"),
        ("II*\0"u8.ToArray(), "image/tiff"),
        ("MM\0*"u8.ToArray(), "image/tiff"),
    ];

    public static string Sniff(ReadOnlySpan<byte> head)
    {
        foreach (var (magic, type) in Signatures)
        {
            if (head.StartsWith(magic))
            {
                return type;
            }
        }

        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        return LooksLikeText(head) ? "text/plain" : OctetStream;
    }

    private static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty)
        {
            return false;
        }

        // A multi-byte character may be cut at the end of the sniffed window; only the bytes before it count.
        var end = head.Length;
        for (var i = Math.Max(0, head.Length - 3); i < head.Length; i++)
        {
            if (head[i] >= 0xC0)
            {
                end = i;
            }
        }

        var text = head[..end];
        if (!Utf8.IsValid(text))
        {
            return false;
        }

        foreach (var b in text)
        {
            if (b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r' and not 0x0C)
            {
                return false;
            }
        }

        return true;
    }
}
