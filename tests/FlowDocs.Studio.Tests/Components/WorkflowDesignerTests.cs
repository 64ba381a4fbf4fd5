using System.Text.Json.Nodes;
using Bunit;
using FlowDocs.Studio.Api;
using FlowDocs.Studio.Components.Pages;
using FlowDocs.Studio.Components.Parts;
using FlowDocs.Studio.Logic.Designer;
using Microsoft.AspNetCore.Components.Web;

namespace FlowDocs.Studio.Tests.Components;

public sealed class WorkflowDesignerTests : StudioTestContext
{
    private void Definition(string json = """{"activities":[{"id":"start","type":"Elsa.Start","metadata":{"designer":{"position":{"x":0,"y":0}}}}],"connections":[]}""", bool published = false) =>
        Api.Definitions.Add(new DefinitionDetail(
            FakeStudioApi.Summary("d", 1, latest: true, published: published, name: "Demo"),
            JsonNode.Parse($$"""{"definitionId":"d","name":"Demo","root":{{json}}}""")!.AsObject()));

    /// <summary>Opens the designer; validation in the background only when a test asks for it (its renders would race the test's clicks).</summary>
    private IRenderedComponent<WorkflowDesigner> Open(TimeSpan? validationDelay = null)
    {
        var page = Render<WorkflowDesigner>(p => p.Add(x => x.DefinitionId, "d").Add(x => x.ValidationDelay, validationDelay ?? Timeout.InfiniteTimeSpan));
        page.WaitForAssertion(() => Assert.Contains("Demo", page.Find("h1").TextContent));
        return page;
    }

    private static JsonObject LastSavedActivity(FakeStudioApi api, string id) =>
        api.Saved.Last()["root"]!["activities"]!.AsArray().OfType<JsonObject>().Single(a => a["id"]!.GetValue<string>() == id);

    [Fact]
    public void The_palette_lists_the_catalogue_by_category_and_the_search_narrows_it()
    {
        Definition();
        var page = Open();

        var palette = page.Find("[data-testid=palette]");
        Assert.Equal(["Flow", "Primitives", "Timers"], palette.QuerySelectorAll("h2").Select(h => h.TextContent));
        Assert.Equal(6, palette.QuerySelectorAll(".flow-palette-item").Length);

        page.Find("#palette-search").Input("write");

        page.WaitForAssertion(() => Assert.Equal(["Elsa.WriteLine"], page.FindAll(".flow-palette-item").Select(i => i.GetAttribute("data-type"))));
    }

    [Fact]
    public void The_add_button_places_an_activity_selects_it_and_the_panel_edits_its_inputs_which_save_as_expressions()
    {
        Definition();
        var page = Open();

        page.Find("button[aria-label='Add Write line']").Click();

        Assert.NotNull(page.Find("g[data-node=writeLine1]"));
        Assert.Contains("selected", page.Find("g[data-node=writeLine1]").GetAttribute("class"));

        Assert.Contains("Elsa.WriteLine", page.Find("[data-testid=selected-type]").TextContent);
        Assert.NotNull(page.Find("[data-testid=dirty]"));

        page.Find("#input-text").Change("Hello");
        page.Find("[data-testid=input-text-mode]").Change("JavaScript");
        page.Find("[data-testid=save]").Click();

        page.WaitForAssertion(() => Assert.Contains("save d", Api.Calls));
        Assert.Equal("""{"typeName":"String","expression":{"type":"JavaScript","value":"Hello"}}""", LastSavedActivity(Api, "writeLine1")["text"]!.ToJsonString());
        page.WaitForAssertion(() => Assert.Contains("Saved as version 1 (draft).", page.Find("[data-testid=message]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=dirty]"));
    }

    [Fact]
    public void Each_input_type_has_its_editor()
    {
        Definition("""{"activities":[{"id":"delay","type":"Elsa.Delay"},{"id":"dec","type":"Elsa.FlowDecision"},{"id":"join","type":"Elsa.FlowJoin"}],"connections":[]}""");
        var page = Open();

        page.Find("g[data-node=delay]").PointerDown();
        Assert.Equal("number", page.Find("#input-count").GetAttribute("type"));
        page.Find("#input-count").Change("3");
        Assert.Equal("3", page.Find("#input-count").GetAttribute("value"));

        page.Find("g[data-node=dec]").PointerDown();
        Assert.Equal("checkbox", page.Find("#input-condition").GetAttribute("type"));
        page.Find("#input-condition").Change(true);
        Assert.True(page.Find("#input-condition").HasAttribute("checked"));

        page.Find("g[data-node=join]").PointerDown();
        Assert.Equal(["", "WaitAll", "WaitAny"], page.FindAll("#input-mode option").Select(o => o.GetAttribute("value")));
        page.Find("#input-mode").Change("WaitAny");
        page.Find("[data-testid=input-mode-mode]").Change("Variable");
        Assert.Equal("TEXTAREA", page.Find("#input-mode").TagName);
        Assert.Equal("WaitAny", page.Find("#input-mode").TextContent);
    }

    [Fact]
    public async Task A_script_input_gets_the_code_editor_in_its_language_and_its_text_goes_into_the_draft_as_one_step()
    {
        Definition("""{"activities":[{"id":"log","type":"Elsa.WriteLine","metadata":{"designer":{"position":{"x":0,"y":0}}}}],"connections":[]}""");
        var page = Open();
        page.Find("g[data-node=log]").PointerDown();
        Assert.Equal("INPUT", page.Find("#input-text").TagName);
        Assert.Empty(page.FindComponents<CodeEditor>());
        page.Find("#input-text").Change("1");

        page.Find("[data-testid=input-text-mode]").Change("JavaScript");

        var editor = page.FindComponent<CodeEditor>();
        Assert.Equal("javascript", editor.Instance.Language);
        Assert.Equal("text (JavaScript)", editor.Instance.Label);
        Assert.Equal("javascript", page.Find("[data-testid=input-text-code]").GetAttribute("data-language"));
        Assert.Empty(page.FindAll("textarea#input-text, input#input-text"));

        // What the browser sends when the editor loses the focus.
        await page.InvokeAsync(() => editor.Instance.CodeChanged("variables.Greeting + 41"));
        Assert.Equal("variables.Greeting + 41", page.FindComponent<CodeEditor>().Instance.Value);
        page.Find("[data-testid=undo]").Click();
        Assert.Equal("1", page.FindComponent<CodeEditor>().Instance.Value);
        page.Find("[data-testid=redo]").Click();
        Assert.Equal("variables.Greeting + 41", page.FindComponent<CodeEditor>().Instance.Value);

        page.Find("[data-testid=input-text-mode]").Change("Liquid");
        Assert.Equal("liquid", page.FindComponent<CodeEditor>().Instance.Language);
        page.Find("[data-testid=save]").Click();

        page.WaitForAssertion(() => Assert.Contains("save d", Api.Calls));
        var text = LastSavedActivity(Api, "log")["text"]!;
        Assert.Equal("Liquid", text["expression"]!["type"]!.GetValue<string>());
        Assert.Equal("variables.Greeting + 41", text["expression"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Dragging_from_the_palette_onto_the_canvas_adds_the_activity_where_it_was_dropped()
    {
        Definition();
        var page = Open();

        page.Find(".flow-palette-item[data-type='Elsa.End']").DragStart();
        page.Find("[data-testid=canvas]").Drop(new DragEventArgs { ClientX = 400, ClientY = 300 });

        var node = page.Find("g[data-node=end1]");
        Assert.NotNull(node);
        Assert.StartsWith("translate(", node.GetAttribute("transform"), StringComparison.Ordinal);
    }

    [Fact]
    public void Dragging_a_node_moves_it_as_one_undo_step()
    {
        Definition();
        var page = Open();
        var zoom = double.Parse(page.Find("[data-testid=canvas]").GetAttribute("data-zoom")!, System.Globalization.CultureInfo.InvariantCulture);

        page.Find("g[data-node=start]").PointerDown(new PointerEventArgs { ClientX = 100, ClientY = 100 });
        page.Find("svg.flow-surface").PointerMove(new PointerEventArgs { ClientX = 150, ClientY = 120 });
        page.Find("svg.flow-surface").PointerMove(new PointerEventArgs { ClientX = 200, ClientY = 140 });
        page.Find("svg.flow-surface").PointerUp(new PointerEventArgs { ClientX = 200, ClientY = 140 });

        var expected = FormattableString.Invariant($"translate({100 / zoom:0.##} {40 / zoom:0.##})");
        Assert.Equal(expected, page.Find("g[data-node=start]").GetAttribute("transform"));
        page.Find("[data-testid=undo]").Click();
        Assert.Equal("translate(0 0)", page.Find("g[data-node=start]").GetAttribute("transform"));
        page.Find("[data-testid=redo]").Click();
        Assert.Equal(expected, page.Find("g[data-node=start]").GetAttribute("transform"));
    }

    [Fact]
    public void Dragging_from_an_outcome_port_onto_another_activity_connects_them_and_the_link_is_drawn()
    {
        Definition("""{"activities":[{"id":"start","type":"Elsa.Start"},{"id":"end","type":"Elsa.End"}],"connections":[]}""");
        var page = Open();
        Assert.Empty(page.FindAll("path[data-link]"));

        page.Find("g[data-node=start] circle[data-port=Done]").PointerDown(new PointerEventArgs { ClientX = 200, ClientY = 40 });
        page.Find("svg.flow-surface").PointerMove(new PointerEventArgs { ClientX = 260, ClientY = 40 });
        Assert.NotNull(page.Find("[data-testid=pending-link]"));
        page.Find("g[data-node=end]").PointerUp();
        page.Find("svg.flow-surface").PointerUp();

        var link = page.Find("path[data-link='start:Done>end']");
        Assert.StartsWith("M ", link.GetAttribute("d"), StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=pending-link]"));
        Assert.Contains("start (Done) → end", page.Find("[data-testid=selected-link]").TextContent);
    }

    [Fact]
    public void The_keyboard_connects_through_the_panel_and_deletes_with_the_Delete_key()
    {
        Definition("""{"activities":[{"id":"start","type":"Elsa.Start"},{"id":"end","type":"Elsa.End"}],"connections":[]}""");
        var page = Open();

        page.Find("g[data-node=start]").PointerDown();
        page.Find("#connect-Done").Change("end");
        Assert.NotNull(page.Find("path[data-link='start:Done>end']"));
        Assert.Contains("Done → end", page.Find("[data-testid=port-Done]").TextContent);

        page.Find("[data-testid=canvas]").KeyDown(new KeyboardEventArgs { Key = "Delete" });
        Assert.Empty(page.FindAll("g[data-node=start]"));
        Assert.Empty(page.FindAll("path[data-link]"));

        page.Find("[data-testid=canvas]").KeyDown(new KeyboardEventArgs { Key = "z", CtrlKey = true });
        Assert.NotNull(page.Find("g[data-node=start]"));
        Assert.NotNull(page.Find("path[data-link='start:Done>end']"));
    }

    [Fact]
    public void A_selected_connection_is_deleted_from_the_panel_and_arrow_keys_move_the_selected_activity()
    {
        Definition("""{"activities":[{"id":"start","type":"Elsa.Start","metadata":{"designer":{"position":{"x":0,"y":0}}}},{"id":"end","type":"Elsa.End"}],"connections":[{"source":{"activity":"start","port":"Done"},"target":{"activity":"end","port":"In"}}]}""");
        var page = Open();

        page.Find("path.flow-link-hit").PointerDown();
        page.Find("[data-testid=delete-selection]").Click();
        Assert.Empty(page.FindAll("path[data-link]"));
        Assert.NotNull(page.Find("g[data-node=end]"));

        page.Find("g[data-node=start]").Focus();
        Assert.Contains("selected", page.Find("g[data-node=start]").GetAttribute("class"));
        page.Find("[data-testid=canvas]").KeyDown(new KeyboardEventArgs { Key = "ArrowRight" });
        page.Find("[data-testid=canvas]").KeyDown(new KeyboardEventArgs { Key = "ArrowDown", ShiftKey = true });
        Assert.Equal("translate(10 50)", page.Find("g[data-node=start]").GetAttribute("transform"));
    }

    [Fact]
    public void Problems_are_listed_and_marked_when_the_designer_opens_without_pressing_validate()
    {
        Definition("""{"activities":[{"id":"log","type":"Elsa.WriteLine"}],"connections":[]}""");
        Api.Problems.Add(new ValidationProblemItem("log", "input-missing", "Required input 'text' of 'Elsa.WriteLine' is not set."));
        Api.Problems.Add(new ValidationProblemItem(null, "start-unreachable", "No activity can start the flow."));

        var page = Open(TimeSpan.FromMilliseconds(10));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=problems] .mud-list-item").Count));
        Assert.Contains("log: Required input 'text'", page.Find("[data-testid=problems]").TextContent);
        Assert.Contains("invalid", page.Find("g[data-node=log]").GetAttribute("class"));
        Assert.Contains("Required input 'text'", page.Find("g[data-node=log] [data-testid=node-problem] title").TextContent);
        Assert.Equal("!", page.Find("g[data-node=log] [data-testid=node-problem] text").TextContent);
    }

    [Fact]
    public void Edits_are_validated_once_after_they_pause_and_fixed_problems_disappear_from_the_nodes()
    {
        Definition("""{"activities":[{"id":"log","type":"Elsa.WriteLine","metadata":{"designer":{"position":{"x":0,"y":0}}}}],"connections":[]}""");
        Api.Problems.Add(new ValidationProblemItem("log", "input-missing", "Required input 'text' of 'Elsa.WriteLine' is not set."));
        var page = Open(TimeSpan.FromMilliseconds(300));
        page.WaitForAssertion(() => Assert.Contains("invalid", page.Find("g[data-node=log]").GetAttribute("class")), TimeSpan.FromSeconds(5));
        var before = Api.Calls.Count(c => c == "validate");
        Api.Problems.Clear();

        // Selecting is no edit (no validation); tried again if a render of the canvas replaced the node's handler meanwhile.
        page.WaitForAssertion(() =>
        {
            page.Find("g[data-node=log]").PointerDown();
            Assert.NotNull(page.Find("#input-text"));
        });
        page.Find("#input-text").Change("Hel");
        page.Find("#input-text").Change("Hello");
        page.Find("button[aria-label='Add End']").Click();
        Assert.Equal(before, Api.Calls.Count(c => c == "validate"));

        page.WaitForAssertion(() => Assert.Equal("No problems found.", page.Find("[data-testid=no-problems]").TextContent.Trim()), TimeSpan.FromSeconds(5));
        Assert.DoesNotContain("invalid", page.Find("g[data-node=log]").GetAttribute("class"));
        Thread.Sleep(400);
        Assert.Equal(before + 1, Api.Calls.Count(c => c == "validate"));
        Assert.Equal(2, Api.Validated.Last()["root"]!["activities"]!.AsArray().Count);
        Assert.DoesNotContain(Api.Calls, c => c.StartsWith("save", StringComparison.Ordinal));
    }

    [Fact]
    public void A_failed_background_validation_is_shown()
    {
        Definition();
        var page = Open(TimeSpan.FromMilliseconds(10));
        page.WaitForAssertion(() => Assert.Contains("validate", Api.Calls), TimeSpan.FromSeconds(5));

        Api.Failure = new StudioApiException(503, "The engine is restarting.");
        page.Find("button[aria-label='Add End']").Click();

        page.WaitForAssertion(() => Assert.Equal("Validation failed: The engine is restarting.", page.Find("[data-testid=error]").TextContent.Trim()), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Publishing_saves_first_and_an_invalid_definition_shows_the_422_problems()
    {
        Definition();
        var page = Open();
        page.Find("button[aria-label='Add Write line']").Click();
        Api.Failure = null;

        page.Find("[data-testid=publish]").Click();
        page.WaitForAssertion(() => Assert.Contains("Version 1 is published", page.Find("[data-testid=message]").TextContent));
        var calls = Api.Calls.ToList();
        Assert.Equal(["save d", "publish d"], calls.Where(c => c is "save d" or "publish d").ToList());
        Assert.Contains("validate", calls[calls.IndexOf("save d")..calls.IndexOf("publish d")]);
        Assert.False(page.Find("[data-testid=retract]").HasAttribute("disabled"));

        page.Find("[data-testid=retract]").Click();
        page.WaitForAssertion(() => Assert.Contains("Retracted", page.Find("[data-testid=message]").TextContent));
    }

    [Fact]
    public void A_refused_publish_shows_the_API_text_and_its_problems_on_the_nodes()
    {
        Definition();
        var page = Open();
        Api.Failure = new StudioApiException(422, "Definition 'd' has 1 problem(s) and cannot be published.",
            [new ValidationProblemItem("start", "activity-invalid", "Start is lonely.")]);
        // The failure is for the publish call: the definition is saved already (not dirty, latest), so publish is the first call.

        page.Find("[data-testid=publish]").Click();

        page.WaitForAssertion(() => Assert.Equal("Definition 'd' has 1 problem(s) and cannot be published.", page.Find("[data-testid=error]").TextContent.Trim()));
        Assert.Contains("start: Start is lonely.", page.Find("[data-testid=problems]").TextContent);
        Assert.Contains("invalid", page.Find("g[data-node=start]").GetAttribute("class"));
    }

    [Fact]
    public void Auto_layout_places_every_activity_and_the_workflow_variables_are_edited_when_nothing_is_selected()
    {
        Definition("""{"activities":[{"id":"a","type":"Elsa.Start","metadata":{"designer":{"position":{"x":700,"y":700}}}},{"id":"b","type":"Elsa.End","metadata":{"designer":{"position":{"x":0,"y":0}}}}],"connections":[{"source":{"activity":"a","port":"Done"},"target":{"activity":"b","port":"In"}}]}""");
        var page = Open();

        // Variables first: auto-layout finishes asynchronously (it fits the view), and a row added meanwhile would be
        // reloaded from the design when that render lands.
        page.Find("[data-testid=add-variable]").Click();
        page.Find("[aria-label='Variable 1 name']").Change("approvals");
        page.Find("[aria-label='Variable 1 type']").Change("Int32");
        page.Find("[aria-label='Variable 1 value']").Change("0");
        page.Find("[data-testid=apply-variables]").Click();

        page.Find("[data-testid=arrange]").Click();
        Assert.Equal("translate(0 0)", page.Find("g[data-node=a]").GetAttribute("transform"));
        Assert.Equal("translate(240 0)", page.Find("g[data-node=b]").GetAttribute("transform"));
        page.Find("[data-testid=save]").Click();

        page.WaitForAssertion(() => Assert.Contains("save d", Api.Calls));
        Assert.Equal("""[{"id":"approvals","name":"approvals","typeName":"Int32","value":"0"}]""", Api.Saved.Single()["variables"]!.ToJsonString());

        page.Find("[data-testid=add-variable]").Click();
        page.Find("[aria-label='Variable 2 name']").Change("approvals");
        page.Find("[data-testid=apply-variables]").Click();
        Assert.Contains("declared more than once", page.Find("[data-testid=variable-problem]").TextContent);
    }

    [Fact]
    public void A_copy_is_kept_in_the_browser_per_user_and_a_paste_takes_the_browsers_latest_copy()
    {
        Definition("""
            {"activities":[{"id":"start","type":"Elsa.Start","metadata":{"designer":{"position":{"x":0,"y":0}}}},
                           {"id":"log","type":"Elsa.WriteLine","metadata":{"designer":{"position":{"x":240,"y":0}}}}],
             "connections":[]}
            """);
        var key = DesignerClipboard.KeyPrefix + "me";
        JSInterop.SetupVoid("localStorage.setItem", _ => true).SetVoidResult();
        // What another tab copied last: an activity this workflow does not have.
        var elsewhere = """{"activities":[{"id":"mail","type":"Elsa.WriteLine","metadata":{"designer":{"position":{"x":0,"y":200}}}}],"connections":[]}""";
        JSInterop.Setup<string?>("localStorage.getItem", key).SetResult(elsewhere);
        var page = Open();
        var canvas = () => page.Find("[data-testid=canvas]");

        page.Find("g[data-node=log]").PointerDown();
        canvas().KeyDown(new KeyboardEventArgs { Key = "c", CtrlKey = true });
        var stored = JSInterop.VerifyInvoke("localStorage.setItem");
        var copiedMessage = page.Find("[data-testid=message]").TextContent.Trim();
        canvas().KeyDown(new KeyboardEventArgs { Key = "v", CtrlKey = true });

        Assert.Equal(key, stored.Arguments[0]);
        Assert.Equal(["log"], JsonNode.Parse((string)stored.Arguments[1]!)!["activities"]!.AsArray().Select(a => (string?)a!["id"]));
        Assert.Equal("Copied 1 activity.", copiedMessage);
        // The pasted activity is the other tab's (it lay at 0,200), not this page's "log" (at 240,0); pastes get new ids.
        Assert.Equal(["start", "log", "writeLine1"], page.FindAll("g[data-node]").Select(g => g.GetAttribute("data-node")));
        Assert.Equal("translate(40 240)", page.Find("g[data-node=writeLine1]").GetAttribute("transform"));
    }

    [Fact]
    public void When_the_browser_refuses_storage_the_page_pastes_its_own_copy()
    {
        Definition("""
            {"activities":[{"id":"start","type":"Elsa.Start","metadata":{"designer":{"position":{"x":0,"y":0}}}}],"connections":[]}
            """);
        JSInterop.SetupVoid("localStorage.setItem", _ => true).SetException(new Microsoft.JSInterop.JSException("QuotaExceededError"));
        JSInterop.Setup<string?>("localStorage.getItem", _ => true).SetException(new Microsoft.JSInterop.JSException("SecurityError"));
        var page = Open();
        var canvas = () => page.Find("[data-testid=canvas]");

        page.Find("g[data-node=start]").PointerDown();
        canvas().KeyDown(new KeyboardEventArgs { Key = "c", CtrlKey = true });
        canvas().KeyDown(new KeyboardEventArgs { Key = "v", CtrlKey = true });

        Assert.Equal(2, page.FindAll("g[data-node]").Count);
        Assert.Empty(page.FindAll("[data-testid=error]"));
    }

    [Fact]
    public void Shift_click_selects_several_which_are_copied_pasted_with_new_ids_moved_deleted_and_undone()
    {
        Definition("""
            {"activities":[{"id":"start","type":"Elsa.Start","metadata":{"designer":{"position":{"x":0,"y":0}}}},
                           {"id":"log","type":"Elsa.WriteLine","metadata":{"designer":{"position":{"x":240,"y":0}}}},
                           {"id":"end","type":"Elsa.End","metadata":{"designer":{"position":{"x":480,"y":0}}}}],
             "connections":[{"source":{"activity":"start","port":"Done"},"target":{"activity":"log","port":"In"}},
                            {"source":{"activity":"log","port":"Done"},"target":{"activity":"end","port":"In"}}]}
            """);
        var page = Open();
        var canvas = () => page.Find("[data-testid=canvas]");

        page.Find("g[data-node=log]").PointerDown();
        page.Find("g[data-node=end]").PointerDown(new PointerEventArgs { ShiftKey = true });
        Assert.Equal("2 activities selected", page.Find("[data-testid=selection]").TextContent);
        Assert.All(["log", "end"], id => Assert.Contains("selected", page.Find($"g[data-node={id}]").GetAttribute("class")));
        Assert.DoesNotContain("selected", page.Find("g[data-node=start]").GetAttribute("class"));

        canvas().KeyDown(new KeyboardEventArgs { Key = "c", CtrlKey = true });
        canvas().KeyDown(new KeyboardEventArgs { Key = "v", CtrlKey = true });

        Assert.Equal(["start", "log", "end", "writeLine1", "end1"], page.FindAll("g[data-node]").Select(g => g.GetAttribute("data-node")));
        Assert.NotNull(page.Find("path[data-link='writeLine1:Done>end1']"));
        Assert.Equal("translate(280 40)", page.Find("g[data-node=writeLine1]").GetAttribute("transform"));
        Assert.Contains("selected", page.Find("g[data-node=end1]").GetAttribute("class"));
        Assert.DoesNotContain("selected", page.Find("g[data-node=log]").GetAttribute("class"));

        canvas().KeyDown(new KeyboardEventArgs { Key = "ArrowDown" });
        Assert.Equal("translate(280 50)", page.Find("g[data-node=writeLine1]").GetAttribute("transform"));
        Assert.Equal("translate(520 50)", page.Find("g[data-node=end1]").GetAttribute("transform"));

        canvas().KeyDown(new KeyboardEventArgs { Key = "Delete" });
        Assert.Equal(["start", "log", "end"], page.FindAll("g[data-node]").Select(g => g.GetAttribute("data-node")));

        canvas().KeyDown(new KeyboardEventArgs { Key = "z", CtrlKey = true });
        Assert.Equal(5, page.FindAll("g[data-node]").Count);
        canvas().KeyDown(new KeyboardEventArgs { Key = "z", CtrlKey = true });
        canvas().KeyDown(new KeyboardEventArgs { Key = "z", CtrlKey = true });
        Assert.Equal(["start", "log", "end"], page.FindAll("g[data-node]").Select(g => g.GetAttribute("data-node")));

        canvas().KeyDown(new KeyboardEventArgs { Key = "a", CtrlKey = true });
        canvas().KeyDown(new KeyboardEventArgs { Key = "Delete" });
        Assert.Empty(page.FindAll("g[data-node]"));
    }

    [Fact]
    public void Dragging_one_activity_of_a_selection_moves_them_all_as_one_undo_step()
    {
        Definition("""
            {"activities":[{"id":"a","type":"Elsa.Start","metadata":{"designer":{"position":{"x":0,"y":0}}}},
                           {"id":"b","type":"Elsa.End","metadata":{"designer":{"position":{"x":300,"y":0}}}},
                           {"id":"c","type":"Elsa.End","metadata":{"designer":{"position":{"x":300,"y":200}}}}],
             "connections":[{"source":{"activity":"a","port":"Done"},"target":{"activity":"b","port":"In"}}]}
            """);
        var page = Open();
        page.Find("g[data-node=a]").PointerDown();
        page.Find("g[data-node=b]").PointerDown(new PointerEventArgs { ShiftKey = true });
        var zoom = double.Parse(page.Find("[data-testid=canvas]").GetAttribute("data-zoom")!, System.Globalization.CultureInfo.InvariantCulture);
        var link = page.Find("path[data-link='a:Done>b']").GetAttribute("d");

        page.Find("g[data-node=a]").PointerDown(new PointerEventArgs { ClientX = 100, ClientY = 100 });
        page.Find("svg.flow-surface").PointerMove(new PointerEventArgs { ClientX = 100 + (50 * zoom), ClientY = 100 + (20 * zoom) });

        // While the pointer is still down, the other selected activity (and the link between them) follows; the one
        // outside the selection stays.
        Assert.Equal("translate(50 20)", page.Find("g[data-node=a]").GetAttribute("transform"));
        Assert.Equal("translate(350 20)", page.Find("g[data-node=b]").GetAttribute("transform"));
        Assert.Equal("translate(300 200)", page.Find("g[data-node=c]").GetAttribute("transform"));
        Assert.NotEqual(link, page.Find("path[data-link='a:Done>b']").GetAttribute("d"));
        // Shown only: the design changes (one undo step) on the drop.
        Assert.True(page.Find("[data-testid=undo]").HasAttribute("disabled"));

        page.Find("svg.flow-surface").PointerUp(new PointerEventArgs { ClientX = 100 + (50 * zoom), ClientY = 100 + (20 * zoom) });

        Assert.Equal("translate(50 20)", page.Find("g[data-node=a]").GetAttribute("transform"));
        Assert.Equal("translate(350 20)", page.Find("g[data-node=b]").GetAttribute("transform"));
        Assert.Equal("translate(300 200)", page.Find("g[data-node=c]").GetAttribute("transform"));
        page.Find("[data-testid=undo]").Click();
        Assert.Equal("translate(300 0)", page.Find("g[data-node=b]").GetAttribute("transform"));
    }

    [Fact]
    public void A_shift_drag_on_the_background_selects_the_activities_it_encloses()
    {
        Definition("""
            {"activities":[{"id":"a","type":"Elsa.Start","metadata":{"designer":{"position":{"x":0,"y":0}}}},
                           {"id":"b","type":"Elsa.End","metadata":{"designer":{"position":{"x":300,"y":0}}}},
                           {"id":"c","type":"Elsa.End","metadata":{"designer":{"position":{"x":0,"y":300}}}}],"connections":[]}
            """);
        var page = Open();
        // Diagram → client coordinates from the view's transform (the canvas sits at 0,0 in bUnit).
        var view = System.Text.RegularExpressions.Regex.Match(page.Find("svg.flow-surface > g").GetAttribute("transform")!, @"translate\(([-\d.]+) ([-\d.]+)\) scale\(([\d.]+)\)");
        var (panX, panY, zoom) = (Num(view.Groups[1].Value), Num(view.Groups[2].Value), Num(view.Groups[3].Value));
        PointerEventArgs At(double x, double y, bool shift = false) => new() { ClientX = panX + (x * zoom), ClientY = panY + (y * zoom), ShiftKey = shift };

        page.Find("rect.canvas-background").PointerDown(At(-10, -10, shift: true));
        page.Find("svg.flow-surface").PointerMove(At(500, 120));
        Assert.NotNull(page.Find("[data-testid=band]"));
        page.Find("svg.flow-surface").PointerUp(At(500, 120));

        Assert.Empty(page.FindAll("[data-testid=band]"));
        Assert.Equal("2 activities selected", page.Find("[data-testid=selection]").TextContent);
        Assert.Equal(["a", "b"], page.FindAll("g[data-node].selected").Select(g => g.GetAttribute("data-node")));
        Assert.Equal("translate(0 0)", page.Find("g[data-node=a]").GetAttribute("transform"));
    }

    private static double Num(string text) => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
