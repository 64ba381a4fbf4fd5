using System.Text.Json.Nodes;
using FlowDocs.Tasks.WorkflowActivities;

namespace FlowDocs.Tasks.Tests.Units;

public sealed class TaskActivityInputsTests
{
    [Theory]
    [InlineData("Reviewer", new[] { "Reviewer" })]
    [InlineData(" Reviewer , Admin ,", new[] { "Reviewer", "Admin" })]
    [InlineData("a\nb", new[] { "a", "b" })]
    [InlineData("[\"Approve\",\"Reject\"]", new[] { "Approve", "Reject" })]
    [InlineData("[not json", new[] { "[not json" })]
    [InlineData("  ", new string[0])]
    public void List_inputs_accept_separators_and_json_arrays(string text, string[] expected) =>
        Assert.Equal(expected, TaskActivityInputs.SplitText(text));

    [Fact]
    public void A_json_array_value_becomes_its_strings()
    {
        Assert.Equal(["x", "y"], TaskActivityInputs.Split(new JsonArray("x", " ", "y")));
        Assert.Empty(TaskActivityInputs.Split(null));
        Assert.Equal(["42"], TaskActivityInputs.Split(JsonValue.Create(42)));
    }
}
