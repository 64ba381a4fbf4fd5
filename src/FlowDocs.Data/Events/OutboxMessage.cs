using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlowDocs.Data.Events;

/// <summary>
/// An event stored in the transaction of the change that raised it (the transactional outbox). It is deleted once
/// every handler has run; until then the sweep retries it. Not tenant-filtered: the sweep reads across tenants, and
/// the handlers run inside <see cref="TenantId"/>.
/// </summary>
public sealed class OutboxMessage
{
    public const int EventTypeMaxLength = 300;
    public const int ErrorMaxLength = 2000;

    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>"Namespace.Type, Assembly" of the event record.</summary>
    public string EventType { get; set; } = "";

    public string PayloadJson { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>When the sweep may dispatch it (again). Ahead of CreatedAt, so the sweep does not race the inline dispatch.</summary>
    public DateTime NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>Handlers that already succeeded ("registration position:type", one per line): a retry skips them.</summary>
    public string? HandledBy { get; set; }

    public string? LastError { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.Property(m => m.EventType).HasMaxLength(OutboxMessage.EventTypeMaxLength).IsRequired();
        builder.Property(m => m.PayloadJson).IsRequired();
        builder.Property(m => m.LastError).HasMaxLength(OutboxMessage.ErrorMaxLength);
        builder.HasIndex(m => m.NextAttemptAt);
    }
}
