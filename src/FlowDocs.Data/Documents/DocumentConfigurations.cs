using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FlowDocs.Data.Documents;

/// <summary>
/// Timestamps are stored as Unix milliseconds: SQLite cannot compare or order DateTimeOffset columns, and
/// keyset paging on UpdatedAt must behave the same on both providers.
/// </summary>
internal static class DocumentColumns
{
    public static readonly ValueConverter<DateTimeOffset, long> UnixMilliseconds = new(
        v => v.ToUnixTimeMilliseconds(),
        v => DateTimeOffset.FromUnixTimeMilliseconds(v));

    public static readonly ValueConverter<DateTimeOffset?, long?> NullableUnixMilliseconds = new(
        v => v.HasValue ? v.Value.ToUnixTimeMilliseconds() : null,
        v => v.HasValue ? DateTimeOffset.FromUnixTimeMilliseconds(v.Value) : null);

    public static PropertyBuilder<DateTimeOffset> AsUnixMilliseconds(this PropertyBuilder<DateTimeOffset> property) =>
        property.HasConversion(UnixMilliseconds);

    public static PropertyBuilder<DateTimeOffset?> AsUnixMilliseconds(this PropertyBuilder<DateTimeOffset?> property) =>
        property.HasConversion(NullableUnixMilliseconds);
}

internal sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> builder)
    {
        builder.ToTable("Documents");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Title).HasMaxLength(Document.TitleMaxLength).IsRequired();
        builder.Property(d => d.SortTitle).HasMaxLength(Document.TitleMaxLength).IsRequired();
        builder.Property(d => d.Description).HasMaxLength(Document.DescriptionMaxLength);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.CurrentFileName).HasMaxLength(DocumentVersion.FileNameMaxLength).IsRequired();
        builder.Property(d => d.CurrentSha256).HasMaxLength(64).IsUnicode(false).IsRequired();
        builder.Property(d => d.CreatedBy).HasMaxLength(200).IsRequired();
        builder.Property(d => d.UpdatedBy).HasMaxLength(200).IsRequired();
        builder.Property(d => d.TrashedBy).HasMaxLength(200);
        builder.Property(d => d.CheckedOutBy).HasMaxLength(200);
        builder.Property(d => d.Owner).HasMaxLength(200);
        builder.Property(d => d.CreatedAt).AsUnixMilliseconds();
        builder.Property(d => d.UpdatedAt).AsUnixMilliseconds();
        builder.Property(d => d.TrashedAt).AsUnixMilliseconds();
        builder.Property(d => d.CheckedOutUntil).AsUnixMilliseconds();
        builder.Property(d => d.Revision).IsConcurrencyToken();

        builder.Property(d => d.Tags)
            .HasConversion(
                v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
                v => JsonSerializer.Deserialize<List<string>>(v, JsonSerializerOptions.Default) ?? new List<string>(),
                new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s)), v => v.ToList()))
            .HasColumnType("text")
            .IsRequired();
        builder.Property(d => d.Metadata)
            .HasConversion(
                v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
                v => JsonSerializer.Deserialize<Dictionary<string, string>>(v, JsonSerializerOptions.Default) ?? new Dictionary<string, string>(),
                new ValueComparer<Dictionary<string, string>>(
                    (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                    v => v.Aggregate(0, (h, p) => HashCode.Combine(h, p.Key, p.Value)),
                    v => new Dictionary<string, string>(v)))
            .HasColumnType("longtext")
            .IsRequired();

        // The list's two sort orders, each a range scan in the tenant that skips the trash.
        builder.HasIndex(d => new { d.TenantId, d.TrashedAt, d.UpdatedAt, d.Id });
        builder.HasIndex(d => new { d.TenantId, d.TrashedAt, d.SortTitle, d.Id });
        builder.HasIndex(d => new { d.TenantId, d.Status, d.UpdatedAt });
    }
}

internal sealed class DocumentTagConfiguration : IEntityTypeConfiguration<DocumentTag>
{
    public void Configure(EntityTypeBuilder<DocumentTag> builder)
    {
        builder.ToTable("DocumentTags");
        builder.HasKey(t => new { t.DocumentId, t.Tag });
        builder.Property(t => t.Tag).HasMaxLength(Document.TagMaxLength);
        builder.HasIndex(t => new { t.TenantId, t.Tag });
        builder.HasOne<Document>().WithMany().HasForeignKey(t => t.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DocumentVersionConfiguration : IEntityTypeConfiguration<DocumentVersion>
{
    public void Configure(EntityTypeBuilder<DocumentVersion> builder)
    {
        builder.ToTable("DocumentVersions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Label).HasMaxLength(DocumentVersion.LabelMaxLength);
        builder.Property(v => v.BlobKey).HasMaxLength(512).IsUnicode(false).IsRequired();
        builder.Property(v => v.Sha256).HasMaxLength(64).IsUnicode(false).IsRequired();
        builder.Property(v => v.DeclaredContentType).HasMaxLength(DocumentVersion.ContentTypeMaxLength);
        builder.Property(v => v.SniffedContentType).HasMaxLength(DocumentVersion.ContentTypeMaxLength).IsRequired();
        builder.Property(v => v.FileName).HasMaxLength(DocumentVersion.FileNameMaxLength).IsRequired();
        builder.Property(v => v.Comment).HasMaxLength(DocumentVersion.CommentMaxLength);
        builder.Property(v => v.Origin).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.ExternalId).HasMaxLength(400);
        builder.Property(v => v.ExternalETag).HasMaxLength(200);
        builder.Property(v => v.CreatedBy).HasMaxLength(200).IsRequired();
        builder.Property(v => v.CreatedAt).AsUnixMilliseconds();

        // Two writers racing for the same number: the second insert fails instead of forking history.
        builder.HasIndex(v => new { v.DocumentId, v.Number }).IsUnique();
        builder.HasIndex(v => new { v.TenantId, v.Sha256 });
        builder.HasOne<Document>().WithMany().HasForeignKey(v => v.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DocumentBlobConfiguration : IEntityTypeConfiguration<DocumentBlob>
{
    public void Configure(EntityTypeBuilder<DocumentBlob> builder)
    {
        builder.ToTable("DocumentBlobs");
        builder.HasKey(b => new { b.TenantId, b.Sha256 });
        builder.Property(b => b.Sha256).HasMaxLength(64).IsUnicode(false);
        builder.Property(b => b.BlobKey).HasMaxLength(512).IsUnicode(false).IsRequired();
        builder.Property(b => b.CreatedAt).AsUnixMilliseconds();
    }
}

internal sealed class DocumentAuditEventConfiguration : IEntityTypeConfiguration<DocumentAuditEvent>
{
    public void Configure(EntityTypeBuilder<DocumentAuditEvent> builder)
    {
        builder.ToTable("DocumentAuditEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Action).HasMaxLength(64).IsRequired();
        builder.Property(e => e.Actor).HasMaxLength(200).IsRequired();
        builder.Property(e => e.At).AsUnixMilliseconds();
        builder.Property(e => e.Before).HasColumnType("longtext");
        builder.Property(e => e.After).HasColumnType("longtext");
        builder.HasIndex(e => new { e.DocumentId, e.At, e.Id });
        builder.Property(e => e.PreviousHash).HasMaxLength(64).IsUnicode(false);
        builder.Property(e => e.Hash).HasMaxLength(64).IsUnicode(false);

        // One event per position: two sealers racing for the same tenant cannot fork the chain.
        builder.HasIndex(e => new { e.TenantId, e.Sequence }).IsUnique();
    }
}

internal sealed class DocumentDecisionConfiguration : IEntityTypeConfiguration<DocumentDecision>
{
    public void Configure(EntityTypeBuilder<DocumentDecision> builder)
    {
        builder.ToTable("DocumentDecisions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.VersionSha256).HasMaxLength(64).IsUnicode(false).IsRequired();
        builder.Property(d => d.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.DecidedBy).HasMaxLength(200).IsRequired();
        builder.Property(d => d.DecidedAt).AsUnixMilliseconds();
        builder.Property(d => d.Comment).HasMaxLength(DocumentDecision.CommentMaxLength);
        builder.Property(d => d.Votes).HasColumnType("longtext");
        builder.Property(d => d.WorkflowDefinitionId).HasMaxLength(200);

        // No foreign key to the document: decisions, like the audit trail, outlive a purge.
        builder.HasIndex(d => new { d.TenantId, d.DocumentId, d.VersionNumber, d.DecidedAt });
    }
}

internal sealed class UploadSessionConfiguration : IEntityTypeConfiguration<UploadSession>
{
    public void Configure(EntityTypeBuilder<UploadSession> builder)
    {
        builder.ToTable("UploadSessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Title).HasMaxLength(Document.TitleMaxLength);
        builder.Property(s => s.FileName).HasMaxLength(DocumentVersion.FileNameMaxLength).IsRequired();
        builder.Property(s => s.ContentType).HasMaxLength(DocumentVersion.ContentTypeMaxLength);
        builder.Property(s => s.Comment).HasMaxLength(DocumentVersion.CommentMaxLength);
        builder.Property(s => s.ExpectedSha256).HasMaxLength(64).IsUnicode(false);
        builder.Property(s => s.CreatedBy).HasMaxLength(200).IsRequired();
        builder.Property(s => s.CreatedAt).AsUnixMilliseconds();
        builder.Property(s => s.ExpiresAt).AsUnixMilliseconds();
        builder.Property(s => s.Revision).IsConcurrencyToken();
        builder.HasIndex(s => s.ExpiresAt);
    }
}

internal sealed class UploadChunkConfiguration : IEntityTypeConfiguration<UploadChunk>
{
    public void Configure(EntityTypeBuilder<UploadChunk> builder)
    {
        builder.ToTable("UploadChunks");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.BlobKey).HasMaxLength(512).IsUnicode(false).IsRequired();
        builder.HasIndex(c => new { c.SessionId, c.Offset });
        builder.HasOne<UploadSession>().WithMany().HasForeignKey(c => c.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}
