using FlowDocs.Workflows.Activities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FlowDocs.Workflows.Catalogue;

public sealed record ActivityCatalogue(IReadOnlyList<ActivityDescriptor> Activities, IReadOnlyList<string> ExpressionTypes);

/// <summary>The designer's palette: every registered activity with category, inputs (types, descriptions) and ports.</summary>
internal static class CatalogueEndpoints
{
    public static void Map(RouteGroupBuilder workflows) =>
        workflows.MapGet("/activities", (ActivityRegistry registry) =>
                TypedResults.Ok(new ActivityCatalogue(registry.Descriptors, ["Literal", "Variable", "JavaScript", "Liquid"])))
            .WithTags("Workflow designer").WithName("GetActivityCatalogue").WithSummary("Lists the activity types the designer can place.");
}
