using FlowDocs.Common;
using FlowDocs.Data.Imports;
using FlowDocs.Imports.WorkflowActivities;
using Microsoft.Extensions.Configuration;

namespace FlowDocs.Imports.Tests;

public sealed class ImportUnitTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_source_without_a_schedule_is_due_every_time_the_workflow_runs()
    {
        Assert.True(ImportFromGraphActivity.IsDue(new ImportSource { CreatedAt = Created }, Created));
    }

    [Theory]
    [InlineData("0 */6 * * *", null, "2026-11-01T11:59:00Z", false)]
    [InlineData("0 */6 * * *", null, "2026-11-01T12:00:00Z", true)]
    [InlineData("0 */6 * * *", "2026-11-01T12:00:00Z", "2026-11-01T17:59:59Z", false)]
    [InlineData("0 */6 * * *", "2026-11-01T12:00:00Z", "2026-11-01T18:00:30Z", true)]
    [InlineData("30 0 0 * * *", null, "2026-11-02T00:00:30Z", true)]
    public void A_scheduled_source_is_due_once_per_occurrence(string schedule, string? lastScheduled, string now, bool due)
    {
        var source = new ImportSource { CreatedAt = Created, Schedule = schedule, LastScheduledAt = lastScheduled is null ? null : DateTimeOffset.Parse(lastScheduled, System.Globalization.CultureInfo.InvariantCulture) };
        Assert.Equal(due, ImportFromGraphActivity.IsDue(source, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Settings_default_to_Microsoft_Graph_and_Entra_ID_and_refuse_a_chunk_size_Graph_would_refuse()
    {
        var defaults = ImportsSettings.Read(new ConfigurationBuilder().Build());
        Assert.Equal(new Uri("https://graph.microsoft.com/v1.0"), defaults.GraphBaseUrl);
        Assert.Equal(new Uri("https://login.microsoftonline.com/"), defaults.AuthorityHost);
        Assert.Null(defaults.NotificationUrl);
        Assert.Equal(0, defaults.UploadChunkSize % ImportsSettings.ChunkUnit);

        var odd = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [ImportsSettings.UploadChunkSizeKey] = "500000" }).Build();
        var error = Assert.Throws<FlowDocsConfigurationException>(() => ImportsSettings.Read(odd));
        Assert.Contains("320 KiB", error.Message, StringComparison.Ordinal);
        var badUrl = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [ImportsSettings.NotificationUrlKey] = "not a url" }).Build();
        Assert.Contains(ImportsSettings.NotificationUrlKey, Assert.Throws<FlowDocsConfigurationException>(() => ImportsSettings.Read(badUrl)).Message, StringComparison.Ordinal);
    }
}
