using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FlowDocs.Data.Tasks;

/// <summary>
/// Task timestamps are stored as UTC date-times with microseconds. MySQL's provider keeps a DateTimeOffset in a
/// whole-second DATETIME and reads even a DATETIME(6) back without its fraction, so a due date would come back
/// earlier than it was given; as DateTime(6) it round-trips, and stays comparable and sortable in SQLite too.
/// </summary>
internal static class TaskColumns
{
    private static readonly ValueConverter<DateTimeOffset, DateTime> Utc = new(
        v => v.UtcDateTime,
        v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));

    public static PropertyBuilder<DateTimeOffset> AsUtcMicroseconds(this PropertyBuilder<DateTimeOffset> property) =>
        property.HasConversion(Utc).HasPrecision(6);

    public static PropertyBuilder<DateTimeOffset?> AsUtcMicroseconds(this PropertyBuilder<DateTimeOffset?> property) =>
        property.HasConversion(Utc).HasPrecision(6);
}

internal sealed class UserTaskConfiguration : IEntityTypeConfiguration<UserTask>
{
    public void Configure(EntityTypeBuilder<UserTask> builder)
    {
        builder.ToTable("UserTasks");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Title).HasMaxLength(200).IsRequired();
        builder.Property(t => t.Description).HasMaxLength(4000);
        builder.Property(t => t.Assignee).HasMaxLength(191);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Priority).HasConversion<int>();
        builder.Property(t => t.Outcome).HasMaxLength(100);
        builder.Property(t => t.CompletionComment).HasMaxLength(4000);
        builder.Property(t => t.OriginWorkflowInstanceId).HasMaxLength(64);
        builder.Property(t => t.OriginActivityId).HasMaxLength(100);
        builder.Property(t => t.CreatedBy).HasMaxLength(191).IsRequired();
        builder.Property(t => t.ExcludedUser).HasMaxLength(191);
        builder.Property(t => t.CompletedBy).HasMaxLength(191);
        builder.Property(t => t.ConcurrencyStamp).IsConcurrencyToken();

        builder.Property(t => t.DueAt).AsUtcMicroseconds();
        builder.Property(t => t.CreatedAt).AsUtcMicroseconds();
        builder.Property(t => t.CompletedAt).AsUtcMicroseconds();
        builder.Property(t => t.UpdatedAt).AsUtcMicroseconds();
        builder.Property(t => t.AssignedAt).AsUtcMicroseconds();
        builder.Property(t => t.Outcomes)
            .HasConversion(
                v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
                v => JsonSerializer.Deserialize<List<string>>(v, JsonSerializerOptions.Default) ?? new List<string>(),
                new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode(StringComparison.Ordinal))), v => v.ToList()))
            .HasMaxLength(2000);

        // Inbox queries: mine by status and due date; a document's tasks; overdue sweeps.
        builder.HasIndex(t => new { t.TenantId, t.Assignee, t.Status, t.DueAt });
        builder.HasIndex(t => new { t.TenantId, t.DocumentId });
        builder.HasIndex(t => new { t.TenantId, t.CreatedBy, t.Status });
        builder.HasIndex(t => new { t.TenantId, t.Status, t.DueAt });
        builder.HasIndex(t => new { t.TenantId, t.OriginActivityRunId });

        builder.HasMany(t => t.Candidates).WithOne().HasForeignKey(c => c.TaskId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Comments).WithOne().HasForeignKey(c => c.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UserTaskCandidateConfiguration : IEntityTypeConfiguration<UserTaskCandidate>
{
    public void Configure(EntityTypeBuilder<UserTaskCandidate> builder)
    {
        builder.ToTable("UserTaskCandidates");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(8);
        builder.Property(c => c.Value).HasMaxLength(191).IsRequired();
        builder.Property(c => c.Key).HasMaxLength(200).IsRequired();
        builder.Property(c => c.DueSort).AsUtcMicroseconds();
        builder.Property(c => c.Priority).HasConversion<int>();
        builder.HasIndex(c => new { c.TenantId, c.IsOffered, c.Key, c.TaskId });

        // The inbox's offers of one key, already in page order: by due date then priority, or the reverse.
        builder.HasIndex(c => new { c.TenantId, c.IsOffered, c.Key, c.DueSort, c.Priority, c.TaskId }, "IX_UserTaskCandidates_Offers_Due")
            .IsDescending(false, false, false, false, true, false);
        builder.HasIndex(c => new { c.TenantId, c.IsOffered, c.Key, c.Priority, c.DueSort, c.TaskId }, "IX_UserTaskCandidates_Offers_Priority")
            .IsDescending(false, false, false, true, false, false);
    }
}

internal sealed class UserTaskCommentConfiguration : IEntityTypeConfiguration<UserTaskComment>
{
    public void Configure(EntityTypeBuilder<UserTaskComment> builder)
    {
        builder.ToTable("UserTaskComments");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Author).HasMaxLength(191).IsRequired();
        builder.Property(c => c.Text).HasMaxLength(4000).IsRequired();
        builder.Property(c => c.CreatedAt).AsUtcMicroseconds();
    }
}
