using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowDocs.Documents;

/// <summary>Why a use case refused: becomes an RFC 7807 answer with this status.</summary>
internal sealed record DocumentProblem(int Status, string Title, string Detail)
{
    public static DocumentProblem NotFound(Guid documentId) =>
        new(StatusCodes.Status404NotFound, "Document not found.", $"Document '{documentId}' does not exist.");

    public static DocumentProblem VersionNotFound(Guid documentId, int number) =>
        new(StatusCodes.Status404NotFound, "Version not found.", $"Document '{documentId}' has no version {number}.");

    public static DocumentProblem InTrash(Guid documentId) =>
        new(StatusCodes.Status409Conflict, "Document is in the trash.", $"Document '{documentId}' is in the trash; restore it first.");

    public static DocumentProblem PreconditionFailed(string current) =>
        new(StatusCodes.Status412PreconditionFailed, "The document changed.", $"If-Match does not match the current version's ETag {current}; someone else added a version first.");

    public static DocumentProblem Locked(string holder, DateTimeOffset until) =>
        new(StatusCodes.Status423Locked, "Document is checked out.", $"Document is checked out by '{holder}' until {until:O}.");

    public static DocumentProblem Conflict(string detail) => new(StatusCodes.Status409Conflict, "Conflict.", detail);

    public static DocumentProblem Invalid(string detail) => new(StatusCodes.Status400BadRequest, "The request is not valid.", detail);

    public static DocumentProblem TooLarge(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "Content too large.", $"The content is larger than the limit of {maxBytes} bytes (FlowDocs:Documents:MaxUploadBytes).");

    public ProblemHttpResult ToResult() => TypedResults.Problem(Detail, statusCode: Status, title: Title);
}
