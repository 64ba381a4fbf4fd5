using FlowDocs.Data.Documents;

namespace FlowDocs.Documents;

public sealed record DocumentResponse(
    Guid Id,
    string Title,
    string? Description,
    DocumentStatus Status,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> Metadata,
    Guid CurrentVersionId,
    int CurrentVersionNumber,
    string CurrentFileName,
    string ETag,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string UpdatedBy,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? TrashedAt,
    string? CheckedOutBy,
    DateTimeOffset? CheckedOutUntil,
    string? Owner = null)
{
    internal static DocumentResponse From(Document d) => new(
        d.Id, d.Title, d.Description, d.Status, d.Tags, d.Metadata, d.CurrentVersionId, d.CurrentVersionNumber, d.CurrentFileName,
        ETags.Quote(d.CurrentSha256), d.CreatedBy, d.CreatedAt, d.UpdatedBy, d.UpdatedAt, d.TrashedAt, d.CheckedOutBy, d.CheckedOutUntil, d.Owner);
}

public sealed record VersionResponse(
    Guid Id,
    Guid DocumentId,
    int Number,
    string? Label,
    string Sha256,
    long Size,
    string ContentType,
    string? DeclaredContentType,
    string SniffedContentType,
    string FileName,
    string? Comment,
    VersionOrigin Origin,
    int? SourceVersionNumber,
    string? ExternalId,
    string? ExternalETag,
    string CreatedBy,
    DateTimeOffset CreatedAt)
{
    internal static VersionResponse From(DocumentVersion v) => new(
        v.Id, v.DocumentId, v.Number, v.Label, v.Sha256, v.Size, ServedContentType(v), v.DeclaredContentType, v.SniffedContentType,
        v.FileName, v.Comment, v.Origin, v.SourceVersionNumber, v.ExternalId, v.ExternalETag, v.CreatedBy, v.CreatedAt);

    /// <summary>What the client declared wins; the sniffed type stands in when nothing (or only "binary") was declared.</summary>
    internal static string ServedContentType(DocumentVersion v) =>
        v.DeclaredContentType is null or Content.ContentSniffer.OctetStream ? v.SniffedContentType : v.DeclaredContentType;
}

/// <summary>An existing version whose bytes are the same as the uploaded ones (they share one stored object).</summary>
public sealed record DuplicateOf(Guid DocumentId, Guid VersionId, int VersionNumber);

/// <summary>Answer to an upload, import or revert: the document after the change and the version added.</summary>
public sealed record VersionAddedResponse(DocumentResponse Document, VersionResponse Version, DuplicateOf? DuplicateOf);

internal static class ETags
{
    public static string Quote(string sha256) => $"\"{sha256}\"";

    /// <summary>True when an If-Match header value names <paramref name="sha256"/> (or is "*").</summary>
    public static bool Matches(string ifMatch, string sha256)
    {
        foreach (var candidate in ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
            if (tag == "*" || string.Equals(tag.Trim('"'), sha256, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
