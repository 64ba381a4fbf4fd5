using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using FlowDocs.Common.Paging;
using FlowDocs.Data;
using FlowDocs.Data.Documents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Documents.ListDocuments;

public sealed record ListDocumentsQuery(
    [property: FromQuery] string? Status,
    [property: FromQuery] string? Tag,
    [property: FromQuery] string? Q,
    [property: FromQuery] string? UpdatedSince,
    [property: FromQuery] string? Sort,
    [property: FromQuery] bool? Trash,
    [property: FromQuery] int? Page,
    [property: FromQuery] int? PageSize,
    [property: FromQuery] string? Cursor);

/// <summary>
/// One page of documents. <see cref="NextCursor"/> continues after the last item (keyset paging: as fast
/// on page 2,000 as on page 1, and stable while documents are added); <see cref="Page"/> is the page
/// number in page/size mode and 0 in cursor mode.
/// </summary>
public sealed record DocumentPage(IReadOnlyList<DocumentResponse> Items, int Page, int PageSize, bool HasMore, string? NextCursor);

internal static class ListDocumentsEndpoint
{
    private const string ByUpdated = "updated";
    private const string ByTitle = "title";

    public static async Task<Results<Ok<DocumentPage>, ProblemHttpResult>> HandleAsync(
        [AsParameters] ListDocumentsQuery query, FlowDocsDbContext db, CancellationToken cancellationToken)
    {
        var rules = new DocumentRules();
        if (PageRequest.TryCreate(query.Cursor is null ? query.Page : 1, query.PageSize, out var paging) is { } pagingError)
        {
            rules.Add(pagingError.Split(' ')[0], pagingError);
        }

        if (query.Cursor is not null && query.Page is not null)
        {
            rules.Add("cursor", "send either cursor or page, not both.");
        }

        var sort = (query.Sort ?? ByUpdated).ToLowerInvariant();
        if (sort is not (ByUpdated or ByTitle))
        {
            rules.Add("sort", $"'{query.Sort}' is not a sort order; accepted values: {ByUpdated}, {ByTitle}.");
        }

        var status = rules.Status(query.Status);
        var tag = query.Tag?.Trim().ToLowerInvariant();
        DateTimeOffset? since = null;
        if (query.UpdatedSince is not null)
        {
            if (DateTimeOffset.TryParse(query.UpdatedSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                since = parsed;
            }
            else
            {
                rules.Add("updatedSince", $"'{query.UpdatedSince}' is not a date and time (ISO 8601, e.g. 2026-01-31T12:00:00Z).");
            }
        }

        var cursor = query.Cursor is null ? null : ListCursor.Decode(query.Cursor);
        if (query.Cursor is not null && (cursor is null || cursor.Sort != sort))
        {
            rules.Add("cursor", "the cursor is not valid for this list (it must come from nextCursor of the same sort order).");
        }

        if (!rules.IsValid)
        {
            return rules.ToResult();
        }

        var documents = db.Set<Document>().AsNoTracking()
            .Where(d => query.Trash == true ? d.TrashedAt != null : d.TrashedAt == null);
        if (status is { } s)
        {
            documents = documents.Where(d => d.Status == s);
        }

        if (!string.IsNullOrEmpty(tag))
        {
            documents = documents.Where(d => db.Set<DocumentTag>().Any(t => t.DocumentId == d.Id && t.Tag == tag));
        }

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            // LIKE is case-insensitive on both providers (SQLite for ASCII, MySQL by collation). The escape
            // character is '!' because MySQL reads a backslash inside the ESCAPE literal as a string escape.
            var pattern = "%" + query.Q.Trim().Replace("!", "!!", StringComparison.Ordinal).Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal) + "%";
            // SQLite's LIKE folds ASCII letters only: the title is also matched against SortTitle, which is stored
            // folded (lower case, no accents, NFC), with the query folded the same way — so RÉSUMÉ, resume and
            // re + U+0301 + sume + U+0301 find "résumé" on both stores.
            var folded = DocumentRules.SortKey(pattern);
            documents = documents.Where(d => EF.Functions.Like(d.Title, pattern, "!")
                || EF.Functions.Like(d.SortTitle, folded, "!")
                || (d.Description != null && EF.Functions.Like(d.Description, pattern, "!"))
                || EF.Functions.Like(d.CurrentFileName, pattern, "!"));
        }

        if (since is { } from)
        {
            documents = documents.Where(d => d.UpdatedAt >= from);
        }

        // string.Compare runs in SQL (the stores compare SortTitle by code point: SQLite's BINARY, MySQL's utf8mb4_bin).
#pragma warning disable CA1309
        documents = (sort, cursor) switch
        {
            (ByTitle, { } c) => documents.Where(d => string.Compare(d.SortTitle, c.Title) > 0 || (d.SortTitle == c.Title && d.Id.CompareTo(c.Id) > 0)),
            (ByUpdated, { } c) => documents.Where(d => d.UpdatedAt < c.UpdatedAt || (d.UpdatedAt == c.UpdatedAt && d.Id.CompareTo(c.Id) < 0)),
            _ => documents,
        };
#pragma warning restore CA1309
        documents = sort == ByTitle
            ? documents.OrderBy(d => d.SortTitle).ThenBy(d => d.Id)
            : documents.OrderByDescending(d => d.UpdatedAt).ThenByDescending(d => d.Id);
        if (cursor is null)
        {
            documents = documents.Skip(paging.Skip);
        }

        var rows = await documents.Take(paging.PageSize + 1).ToListAsync(cancellationToken);
        var page = rows.ToPage(paging);
        var last = page.Items.Count > 0 ? page.Items[^1] : null;
        return TypedResults.Ok(new DocumentPage(
            page.Items.Select(DocumentResponse.From).ToList(),
            cursor is null ? page.Page : 0,
            page.PageSize,
            page.HasMore,
            page.HasMore && last is not null ? new ListCursor(sort, last.UpdatedAt, last.SortTitle, last.Id).Encode() : null));
    }
}

/// <summary>Where a keyset page ended; opaque to clients (base64url JSON).</summary>
internal sealed record ListCursor(string Sort, DateTimeOffset UpdatedAt, string Title, Guid Id)
{
    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this, JsonSerializerOptions.Web));

    public static ListCursor? Decode(string value)
    {
        try
        {
            return JsonSerializer.Deserialize<ListCursor>(Base64Url.DecodeFromChars(value), JsonSerializerOptions.Web) is { Title: not null, Sort: not null } c ? c : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }
}
