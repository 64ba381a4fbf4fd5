namespace FlowDocs.Common;

/// <summary>
/// Every FlowDocs module names its ActivitySource and Meter "FlowDocs.&lt;Module&gt;"; the host exports all
/// of them (wildcard) when an OTLP endpoint is configured.
/// </summary>
public static class Telemetry
{
    public const string NamePrefix = "FlowDocs";

    public const string Wildcard = NamePrefix + "*";
}
