using FlowDocs.Common.Http;
using FlowDocs.Data.Documents;
using FlowDocs.Data.Imports;
using FlowDocs.Imports.Graph;
using FlowDocs.Workflows.Activities;

namespace FlowDocs.Imports.Sources;

/// <summary>Checks an <see cref="ImportSourceRequest"/> and applies it to a source, collecting every problem at once.</summary>
internal static class ImportSourceRules
{
    private const int MaxCredentialLength = 16 * 1024;

    /// <summary>Applies the request to <paramref name="source"/> (new when <paramref name="creating"/>); returns the new credential, if one was given.</summary>
    public static SourceCredential? Apply(ImportSourceRequest request, ImportSource source, bool creating, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(errors);
        source.Name = Text(errors, "name", request.Name, source.Name, ImportSource.NameMaxLength, creating) ?? source.Name;
        source.DriveId = Identifier(errors, "driveId", request.DriveId, source.DriveId, creating) ?? source.DriveId;
        source.FolderId = Identifier(errors, "folderId", request.FolderId, source.FolderId, required: false) ?? (creating ? "root" : source.FolderId);
        source.EntraTenantId = Identifier(errors, "entraTenantId", request.EntraTenantId, source.EntraTenantId, creating) ?? source.EntraTenantId;
        source.ClientId = Identifier(errors, "clientId", request.ClientId, source.ClientId, creating) ?? source.ClientId;
        if (request.SiteId is not null)
        {
            source.SiteId = request.SiteId.Length == 0 ? null : Identifier(errors, "siteId", request.SiteId, null, required: false);
        }

        if (request.Schedule is not null)
        {
            if (request.Schedule.Trim().Length == 0)
            {
                source.Schedule = null;
            }
            else if (TimeInputs.ParseCron(request.Schedule, out var cronError) is null)
            {
                errors.Add("schedule", cronError!);
            }
            else
            {
                source.Schedule = request.Schedule.Trim();
            }
        }

        if (request.Tags is not null)
        {
            source.Tags = Tags(errors, request.Tags);
        }

        source.DocumentStatus = Enum(errors, "documentStatus", request.DocumentStatus, source.DocumentStatus);
        source.ConflictPolicy = Enum(errors, "conflictPolicy", request.ConflictPolicy, source.ConflictPolicy);
        source.DeletionPolicy = Enum(errors, "deletionPolicy", request.DeletionPolicy, source.DeletionPolicy);
        source.Enabled = request.Enabled ?? source.Enabled;
        return Credential(errors, request, creating);
    }

    private static SourceCredential? Credential(ValidationErrors errors, ImportSourceRequest request, bool creating)
    {
        var secret = string.IsNullOrEmpty(request.ClientSecret) ? null : request.ClientSecret;
        var certificate = string.IsNullOrEmpty(request.CertificateBase64) ? null : request.CertificateBase64;
        if (secret is not null && certificate is not null)
        {
            errors.Add("clientSecret", "give either clientSecret or certificateBase64, not both.");
            return null;
        }

        if (secret is null && certificate is null)
        {
            if (creating)
            {
                errors.Add("clientSecret", "clientSecret or certificateBase64 (a .pfx with its private key) is required.");
            }

            return null;
        }

        if ((secret ?? certificate)!.Length > MaxCredentialLength)
        {
            errors.Add(secret is null ? "certificateBase64" : "clientSecret", $"the credential must be at most {MaxCredentialLength} characters.");
            return null;
        }

        if (certificate is not null && SourceCredential.CheckCertificate(certificate, request.CertificatePassword) is { } problem)
        {
            errors.Add("certificateBase64", problem);
            return null;
        }

        return new SourceCredential(secret, certificate, certificate is null ? null : request.CertificatePassword);
    }

    private static string? Text(ValidationErrors errors, string field, string? value, string? current, int maxLength, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(field, $"{field} is required.");
            }

            return current;
        }

        var trimmed = value.Trim();
        if (trimmed.Length == 0 || trimmed.Length > maxLength || trimmed.Any(char.IsControl))
        {
            errors.Add(field, $"{field} must be 1 to {maxLength} characters without control characters.");
            return current;
        }

        return trimmed;
    }

    /// <summary>Graph ids (drive, item, site, Entra tenant, client) go into URLs: no whitespace, slashes or query characters.</summary>
    private static string? Identifier(ValidationErrors errors, string field, string? value, string? current, bool required)
    {
        var text = Text(errors, field, value, current, ImportSource.IdMaxLength, required);
        if (value is not null && text is not null && text.Any(c => char.IsWhiteSpace(c) || c is '/' or '\\' or '?' or '#' or '%'))
        {
            errors.Add(field, $"{field} must not contain whitespace or any of / \\ ? # %.");
            return current;
        }

        return text;
    }

    private static List<string> Tags(ValidationErrors errors, IReadOnlyList<string> tags) =>
        Document.NormalizeTags(tags, message => errors.Add("tags", message));

    private static TEnum Enum<TEnum>(ValidationErrors errors, string field, string? value, TEnum current)
        where TEnum : struct, System.Enum
    {
        if (value is null)
        {
            return current;
        }

        if (!int.TryParse(value, out _) && System.Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed))
        {
            return parsed;
        }

        errors.Add(field, $"'{value}' is not valid; accepted values: {string.Join(", ", System.Enum.GetNames<TEnum>())}.");
        return current;
    }
}
