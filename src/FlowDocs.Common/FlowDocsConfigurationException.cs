namespace FlowDocs.Common;

/// <summary>
/// A setting is missing or wrong. The message is one line that names the setting and what it accepts,
/// so the host can print it and stop instead of failing later with a stack trace.
/// </summary>
public sealed class FlowDocsConfigurationException : Exception
{
    public FlowDocsConfigurationException(string setting, string problem)
        : base($"Configuration error: {setting}: {problem}")
    {
        Setting = setting;
    }

    public FlowDocsConfigurationException()
    {
        Setting = string.Empty;
    }

    public FlowDocsConfigurationException(string message)
        : base(message)
    {
        Setting = string.Empty;
    }

    public FlowDocsConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Setting = string.Empty;
    }

    public string Setting { get; }
}
