namespace FlowDocs.Common.Paging;

/// <summary>
/// Page/size paging with a hard maximum. Lists answer <see cref="PagedList{T}"/> with <c>HasMore</c> instead of
/// a total count, so a list stays one indexed range scan at millions of rows.
/// </summary>
public readonly record struct PageRequest(int Page, int PageSize)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;

    public int Skip => (Page - 1) * PageSize;

    /// <summary>Validates query values; returns an error message naming the parameter, or null.</summary>
    public static string? TryCreate(int? page, int? pageSize, out PageRequest request)
    {
        request = new PageRequest(page ?? 1, pageSize ?? DefaultSize);
        if (request.Page < 1)
        {
            return "page must be 1 or more.";
        }

        return request.PageSize is < 1 or > MaxSize ? $"pageSize must be between 1 and {MaxSize}." : null;
    }
}

public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, bool HasMore);

public static class PageExtensions
{
    /// <summary>A list that is always short (a tenant's roles, a definition's versions) as one whole page, in the same envelope.</summary>
    public static PagedList<T> ToWholePage<T>(this IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new PagedList<T>(items, 1, items.Count, false);
    }

    /// <summary>Takes one more row than asked to learn whether another page exists.</summary>
    public static PagedList<T> ToPage<T>(this IReadOnlyList<T> rowsPlusOne, PageRequest request)
    {
        ArgumentNullException.ThrowIfNull(rowsPlusOne);
        var hasMore = rowsPlusOne.Count > request.PageSize;
        return new PagedList<T>(hasMore ? rowsPlusOne.Take(request.PageSize).ToList() : rowsPlusOne, request.Page, request.PageSize, hasMore);
    }
}
