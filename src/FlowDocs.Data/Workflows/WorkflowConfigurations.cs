using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlowDocs.Data.Workflows;

internal sealed class WorkflowDefinitionConfiguration : IEntityTypeConfiguration<WorkflowDefinition>
{
    public void Configure(EntityTypeBuilder<WorkflowDefinition> builder)
    {
        builder.ToTable("WorkflowDefinitions");
        builder.Property(d => d.DefinitionId).HasMaxLength(100);
        builder.Property(d => d.Name).HasMaxLength(200);
        builder.Property(d => d.Description).HasMaxLength(2000);
        builder.Property(d => d.SourceHash).HasMaxLength(64);
        builder.Property(d => d.UpdatedBy).HasMaxLength(200);
        builder.Property(d => d.UpdatedByName).HasMaxLength(200);
        builder.Property(d => d.Json).IsRequired();
        builder.Property(d => d.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(d => new { d.TenantId, d.DefinitionId, d.Version }).IsUnique();
        builder.HasIndex(d => new { d.TenantId, d.IsLatest, d.Name });
    }
}

internal sealed class WorkflowInstanceConfiguration : IEntityTypeConfiguration<WorkflowInstance>
{
    public void Configure(EntityTypeBuilder<WorkflowInstance> builder)
    {
        builder.ToTable("WorkflowInstances");
        builder.Property(i => i.DefinitionId).HasMaxLength(100);
        builder.Property(i => i.Name).HasMaxLength(200);
        builder.Property(i => i.CorrelationId).HasMaxLength(200);
        builder.Property(i => i.StartKey).HasMaxLength(WorkflowInstance.StartKeyMaxLength);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.SubStatus).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.StateJson).IsRequired();
        builder.Property(i => i.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(i => new { i.TenantId, i.DefinitionId, i.CreatedAt });
        builder.HasIndex(i => new { i.TenantId, i.CorrelationId });
        // One instance per trigger occurrence, whoever delivers it how often (NULL for manual starts: never equal).
        builder.HasIndex(i => new { i.TenantId, i.StartKey }).IsUnique();
        builder.HasIndex(i => new { i.TenantId, i.SubStatus, i.CreatedAt });
        // The recovery sweep looks across tenants for pending instances not touched lately.
        builder.HasIndex(i => new { i.SubStatus, i.UpdatedAt });
    }
}

internal sealed class WorkflowBookmarkConfiguration : IEntityTypeConfiguration<WorkflowBookmark>
{
    public void Configure(EntityTypeBuilder<WorkflowBookmark> builder)
    {
        builder.ToTable("WorkflowBookmarks");
        builder.Property(b => b.ActivityId).HasMaxLength(100);
        builder.Property(b => b.Name).HasMaxLength(100);
        builder.Property(b => b.Key).HasMaxLength(200);
        builder.Property(b => b.CorrelationId).HasMaxLength(200);
        builder.HasIndex(b => b.InstanceId);
        builder.HasIndex(b => new { b.TenantId, b.Name, b.Key });
        builder.HasIndex(b => b.DueAt);
    }
}

internal sealed class WorkflowJournalEntryConfiguration : IEntityTypeConfiguration<WorkflowJournalEntry>
{
    public void Configure(EntityTypeBuilder<WorkflowJournalEntry> builder)
    {
        builder.ToTable("WorkflowJournal");
        builder.Property(j => j.ActivityId).HasMaxLength(100);
        builder.Property(j => j.ActivityType).HasMaxLength(100);
        builder.Property(j => j.EventName).HasMaxLength(40);
        builder.Property(j => j.Outcome).HasMaxLength(100);
        builder.Property(j => j.Message).HasMaxLength(4000);
        builder.HasIndex(j => new { j.InstanceId, j.Sequence }).IsUnique();
    }
}

internal sealed class WorkflowTriggerConfiguration : IEntityTypeConfiguration<WorkflowTrigger>
{
    public void Configure(EntityTypeBuilder<WorkflowTrigger> builder)
    {
        builder.ToTable("WorkflowTriggers");
        builder.Property(t => t.DefinitionId).HasMaxLength(100);
        builder.Property(t => t.ActivityId).HasMaxLength(100);
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.Key).HasMaxLength(200);
        builder.HasIndex(t => new { t.TenantId, t.Name, t.Key });
        builder.HasIndex(t => new { t.TenantId, t.DefinitionId });
    }
}
