using System.Globalization;
using FlowDocs.Studio.Tests.Browser;
using FlowDocs.Testing;

// Opens a 200-activity workflow (a chain: Start, 198 write-lines, End, 199 connections, 20 per row) and a 2-activity
// baseline in the Studio designer in headless Chromium against the real server (Kestrel on loopback, embedded profile),
// and reports the median time until every node is drawn ("open") and until a click on a node shows it selected
// ("interactive"), in milliseconds and as the ratio 200 / 2, with the phases in between. One unmeasured round of each
// first (JIT, circuit, browser caches); then the two alternate, so a disturbance on a shared machine hits both.
//   dotnet run -c Release --project tests/FlowDocs.Studio.Benchmark -- [rounds=7] [activities=200]
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
var large = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
if (!File.Exists(StudioBrowserHost.ChromiumPath))
{
    Console.Error.WriteLine($"Chromium is not installed at {StudioBrowserHost.ChromiumPath} (scripts/install-prerequisites.sh installs it).");
    return 1;
}

ConsoleHosting.UseServerContentRoot();
// The test host runs in Development, where static assets are served "no-cache" (for hot reload): the browser would ask
// for every script and stylesheet on every page, which no deployed server makes it do.
await using var host = await StudioBrowserHost.StartAsync(f => f
    .With("Serilog:MinimumLevel:Default", "Error")
    .With("EnableStaticAssetsDevelopmentCaching", "true"));
var page = await host.SignInAsync("/studio/workflows");
await page.Context.AddInitScriptAsync(DesignerLoad.PhaseRecorder);
var sizes = new[] { 2, large };
foreach (var size in sizes)
{
    await DesignerLoad.CreateAsync(page, $"bench-{size}", size);
    await DesignerLoad.OpenAsync(page, $"bench-{size}", size);
}

if (args.Contains("--profile"))
{
    // Where the browser's main thread spent one opening of each size (Chromium's cumulative counters, before and after).
    var cdp = await page.Context.NewCDPSessionAsync(page);
    await cdp.SendAsync("Performance.enable");
    async Task<Dictionary<string, double>> MetricsAsync()
    {
        var answer = await cdp.SendAsync("Performance.getMetrics");
        return answer!.Value.GetProperty("metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble());
    }

    foreach (var size in sizes)
    {
        var before = await MetricsAsync();
        var opening = await DesignerLoad.OpenAsync(page, $"bench-{size}", size);
        var after = await MetricsAsync();
        var spent = string.Join(", ", new[] { "TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration" }
            .Select(name => string.Create(CultureInfo.InvariantCulture, $"{name} {(after[name] - before[name]) * 1000:0} ms")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{size} activities: open {opening.Open:0} ms, interactive {opening.Interactive:0} ms, canvas {opening.Canvas:0}, fitted {opening.Ready:0}; browser main thread: {spent}"));
        var resources = await page.EvaluateAsync<string[]>(
            "() => performance.getEntriesByType('resource').map(r => `${r.name.replace(location.origin, '')}: ${r.startTime.toFixed(0)}-${r.responseEnd.toFixed(0)} ms, ${r.transferSize} bytes over the wire`)");
        Console.WriteLine("  " + string.Join(Environment.NewLine + "  ", resources));
    }

    return 0;
}

var results = sizes.ToDictionary(s => s, _ => new List<DesignerOpening>());
for (var round = 1; round <= rounds; round++)
{
    foreach (var size in sizes)
    {
        var opening = await DesignerLoad.OpenAsync(page, $"bench-{size}", size);
        results[size].Add(opening);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"round {round}/{rounds}, {size,3} activities: open {opening.Open:0} ms, interactive {opening.Interactive:0} ms"));
    }
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

DesignerOpening MedianOf(int size)
{
    var r = results[size];
    return new DesignerOpening(Median(r.Select(o => o.Open)), Median(r.Select(o => o.Interactive)), Median(r.Select(o => o.Html)),
        Median(r.Select(o => o.DomReady)), Median(r.Select(o => o.Negotiated)), Median(r.Select(o => o.Canvas)),
        Median(r.Select(o => o.Nodes)), Median(r.Select(o => o.Ready)));
}

var small = MedianOf(2);
var big = MedianOf(large);
string Row(string name, DesignerOpening o) => string.Create(CultureInfo.InvariantCulture,
    $"  {name,-15} open {o.Open,5:0} ms  interactive {o.Interactive,5:0} ms  | html {o.Html:0}, dom ready {o.DomReady:0}, circuit negotiated {o.Negotiated:0}, canvas {o.Canvas:0}, first node {o.Nodes:0}, fitted {o.Ready:0}");
var report = string.Join(Environment.NewLine,
    string.Create(CultureInfo.InvariantCulture, $"Designer load benchmark (Release, headless Chromium, median of {rounds} rounds after one warm-up, {DateTimeOffset.UtcNow:u}, {Environment.ProcessorCount} cores)"),
    Row("2 activities", small),
    Row($"{large} activities", big),
    string.Create(CultureInfo.InvariantCulture, $"  ratio {large}/2      open {big.Open / small.Open:0.00}x, interactive {big.Interactive / small.Interactive:0.00}x"));
Console.WriteLine(report);
await File.WriteAllTextAsync(Path.Combine(StudioBrowserHost.ArtifactsPath, "designer-benchmark.txt"), report + Environment.NewLine);
return 0;
