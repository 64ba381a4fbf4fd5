using System.Text.Json;
using FlowDocs.Data.Documents;
using FlowDocs.Data.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlowDocs.Data.Imports;

internal sealed class ImportSourceConfiguration : IEntityTypeConfiguration<ImportSource>
{
    public void Configure(EntityTypeBuilder<ImportSource> builder)
    {
        builder.ToTable("ImportSources");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(ImportSource.NameMaxLength).IsRequired();
        builder.Property(s => s.SiteId).HasMaxLength(ImportSource.IdMaxLength);
        builder.Property(s => s.DriveId).HasMaxLength(ImportSource.IdMaxLength).IsRequired();
        builder.Property(s => s.FolderId).HasMaxLength(ImportSource.IdMaxLength).IsRequired();
        builder.Property(s => s.EntraTenantId).HasMaxLength(100).IsRequired();
        builder.Property(s => s.ClientId).HasMaxLength(100).IsRequired();
        builder.Property(s => s.ProtectedCredential).HasColumnType("text").IsRequired();
        builder.Property(s => s.CredentialKind).HasMaxLength(16).IsRequired();
        builder.Property(s => s.Schedule).HasMaxLength(100);
        builder.Property(s => s.DocumentStatus).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.ConflictPolicy).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.DeletionPolicy).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.DeltaLink).HasColumnType("text");
        builder.Property(s => s.ResumeLink).HasColumnType("text");
        builder.Property(s => s.SubscriptionId).HasMaxLength(100);
        builder.Property(s => s.ProtectedClientState).HasColumnType("text");
        builder.Property(s => s.CreatedBy).HasMaxLength(200).IsRequired();
        builder.Property(s => s.UpdatedBy).HasMaxLength(200).IsRequired();
        builder.Property(s => s.CreatedAt).AsUtcMicroseconds();
        builder.Property(s => s.UpdatedAt).AsUtcMicroseconds();
        builder.Property(s => s.SubscriptionExpiresAt).AsUtcMicroseconds();
        builder.Property(s => s.LastScheduledAt).AsUtcMicroseconds();
        builder.Property(s => s.Revision).IsConcurrencyToken();
        builder.Property(s => s.Tags)
            .HasConversion(
                v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
                v => JsonSerializer.Deserialize<List<string>>(v, JsonSerializerOptions.Default) ?? new List<string>(),
                new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s)), v => v.ToList()))
            .HasColumnType("text")
            .IsRequired();
        builder.HasIndex(s => new { s.TenantId, s.Name }).IsUnique();

        // Change notifications name the subscription only: the webhook finds its source across tenants by it.
        builder.HasIndex(s => s.SubscriptionId);
    }
}

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> builder)
    {
        builder.ToTable("ImportRuns");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.RequestedBy).HasMaxLength(200).IsRequired();
        builder.Property(r => r.Message).HasMaxLength(ImportItemError.MessageMaxLength);
        builder.Property(r => r.QueuedAt).AsUtcMicroseconds();
        builder.Property(r => r.StartedAt).AsUtcMicroseconds();
        builder.Property(r => r.FinishedAt).AsUtcMicroseconds();
        builder.Property(r => r.HeartbeatAt).AsUtcMicroseconds();
        builder.HasIndex(r => new { r.TenantId, r.SourceId, r.QueuedAt });
        builder.HasIndex(r => new { r.Status, r.HeartbeatAt });
        builder.HasIndex(r => r.WorkflowBookmarkId);
        builder.HasOne<ImportSource>().WithMany().HasForeignKey(r => r.SourceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImportItemErrorConfiguration : IEntityTypeConfiguration<ImportItemError>
{
    public void Configure(EntityTypeBuilder<ImportItemError> builder)
    {
        builder.ToTable("ImportItemErrors");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.ItemId).HasMaxLength(ImportSource.IdMaxLength).IsRequired();
        builder.Property(e => e.ItemName).HasMaxLength(DocumentVersion.FileNameMaxLength);
        builder.Property(e => e.Message).HasMaxLength(ImportItemError.MessageMaxLength).IsRequired();
        builder.Property(e => e.At).AsUtcMicroseconds();
        builder.HasIndex(e => new { e.RunId, e.At });
        builder.HasOne<ImportRun>().WithMany().HasForeignKey(e => e.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImportedItemConfiguration : IEntityTypeConfiguration<ImportedItem>
{
    public void Configure(EntityTypeBuilder<ImportedItem> builder)
    {
        builder.ToTable("ImportedItems");
        builder.HasKey(i => new { i.SourceId, i.ItemId });
        builder.Property(i => i.ItemId).HasMaxLength(ImportSource.IdMaxLength);
        builder.Property(i => i.ETag).HasMaxLength(200);
        builder.Property(i => i.QuickXorHash).HasMaxLength(100);
        builder.Property(i => i.Name).HasMaxLength(DocumentVersion.FileNameMaxLength);
        builder.Property(i => i.ImportedAt).AsUtcMicroseconds();
        builder.Property(i => i.DeletedAt).AsUtcMicroseconds();
        builder.HasIndex(i => new { i.SourceId, i.LastSeenRunId });
        builder.HasIndex(i => i.DocumentId);
        builder.HasOne<ImportSource>().WithMany().HasForeignKey(i => i.SourceId).OnDelete(DeleteBehavior.Cascade);
    }
}
