using System.Diagnostics.CodeAnalysis;

[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "namespaceanddescendants", Target = "~N:FlowDocs.Imports.Benchmark",
    Justification = "The module is named after its domain (imports); FlowDocs is consumed from C# only, where Imports is no keyword.")]
