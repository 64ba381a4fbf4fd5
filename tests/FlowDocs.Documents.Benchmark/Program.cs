using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using FlowDocs.Documents;
using FlowDocs.Testing;

// Uploads and downloads one large file through the real HTTP API (Kestrel on loopback, embedded profile:
// SQLite + filesystem blobs) and compares each direction with a plain file copy on the same disk, measured
// in the same round. Several rounds (default 3) run one after the other and the median ratio is reported, so
// that one disturbed round on a shared machine does not decide the result. Also reports how far the managed
// heap grew above its idle size while bytes were moving (the peak over all rounds).
//   dotnet run -c Release --project tests/FlowDocs.Documents.Benchmark -- [sizeMiB=1024] [rounds=3]
// The load command (LoadRun.cs): ... -- load [clients=1000] [embedded|production]
if (args.Length > 0 && args[0] == "load")
{
    return await LoadRun.RunAsync(args[1..]);
}

var sizeMiB = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1024;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var size = sizeMiB * 1024L * 1024L;
var work = Directory.CreateTempSubdirectory("flowdocs-bench-").FullName;
var source = Path.Combine(work, "source.bin");
var copy = Path.Combine(work, "copy.bin");
var downloaded = Path.Combine(work, "downloaded.bin");

try
{
    Console.WriteLine($"FlowDocs documents benchmark: {sizeMiB} MiB through HTTP, {rounds} round(s), work folder {work}");
    await WriteSourceAsync(source, size);

    ConsoleHosting.UseServerContentRoot();
    await using var factory = new FlowDocsFactory(StoreProfile.Embedded)
        .With(DocumentsOptions.MaxUploadBytesKey, (size + 1).ToString(CultureInfo.InvariantCulture))
        .With("Serilog:MinimumLevel:Default", "Error");
    factory.UseKestrel(0);
    factory.StartServer();
    // CreateDefaultClient, not CreateClient: the latter adds a redirect handler that buffers request bodies.
    using var client = factory.CreateDefaultClient();
    client.DefaultRequestHeaders.Add(
        TestAuthenticationHandler.Header,
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(TestUser.Member(Guid.NewGuid()))));
    client.Timeout = Timeout.InfiniteTimeSpan;

    // Warm up the endpoints (JIT, database, first blob) so they do not count against either direction.
    var warm = await client.PostAsync("/api/documents?fileName=warm.bin", new ByteArrayContent(new byte[1024]), CancellationToken.None);
    warm.EnsureSuccessStatusCode();

    var results = new List<Round>();
    using var heap = new HeapSampler();
    for (var round = 1; round <= rounds; round++)
    {
        // New bytes each round: the same bytes again would be stored once (deduplication) and measure less work.
        await StampAsync(source, round);
        var sourceHash = await HashFileAsync(source);
        Console.WriteLine($"round {round}/{rounds}");

        var copyTime = await TimeAsync("baseline: file copy", () => CopyFileAsync(source, copy, size));
        File.Delete(copy);

        heap.Reset();
        Guid documentId = default;
        var uploadTime = await TimeAsync("upload: POST /api/documents", async () =>
        {
            await using var file = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            using var content = new StreamContent(new ProgressStream(file, size, "upload"), 81920);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Headers.ContentLength = size;
            var response = await client.PostAsync($"/api/documents?fileName=bench-{round}.bin", content, CancellationToken.None);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Upload failed: {(int)response.StatusCode} {body}");
            }

            documentId = body.GetProperty("document").GetProperty("id").GetGuid();
            if (body.GetProperty("version").GetProperty("sha256").GetString() != sourceHash)
            {
                throw new InvalidOperationException("The server computed a different SHA-256 than the source file has.");
            }
        });
        var uploadHeap = heap.TakePeakGrowth();

        var downloadTime = await TimeAsync("download: GET /api/documents/{id}/content", async () =>
        {
            using var response = await client.GetAsync($"/api/documents/{documentId}/content", HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            await using var file = new FileStream(downloaded, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await new ProgressStream(body, size, "download").CopyToAsync(file, 81920);
        });
        var downloadHeap = heap.TakePeakGrowth();

        if (await HashFileAsync(downloaded) != sourceHash)
        {
            throw new InvalidOperationException("The downloaded bytes differ from the uploaded ones.");
        }

        File.Delete(downloaded);
        results.Add(new Round(copyTime, uploadTime, downloadTime, uploadHeap, downloadHeap));
        Console.WriteLine($"  upload ratio {copyTime / uploadTime:F2}, download ratio {copyTime / downloadTime:F2}");
    }

    double MiBps(TimeSpan t) => sizeMiB / t.TotalSeconds;
    static T Median<T>(IEnumerable<T> values) => values.Order().ElementAt((values.Count() - 1) / 2);
    var copyMedian = Median(results.Select(r => r.Copy));
    Console.WriteLine();
    Console.WriteLine($"size                 {sizeMiB} MiB, {rounds} round(s), medians (SHA-256 verified both ways every round)");
    Console.WriteLine($"file copy            {MiBps(copyMedian),8:F1} MiB/s");
    Console.WriteLine($"upload   (HTTP)      {MiBps(Median(results.Select(r => r.Upload))),8:F1} MiB/s   ratio to copy {Median(results.Select(r => r.Copy / r.Upload)):F2}   peak managed-heap growth {results.Max(r => r.UploadHeap) / 1048576.0:F1} MiB");
    Console.WriteLine($"download (HTTP)      {MiBps(Median(results.Select(r => r.Download))),8:F1} MiB/s   ratio to copy {Median(results.Select(r => r.Copy / r.Download)):F2}   peak managed-heap growth {results.Max(r => r.DownloadHeap) / 1048576.0:F1} MiB");
    Console.WriteLine("(ratios are per round, copy and transfer measured in the same round; client and server share this process: the heap figures include both sides)");
    return 0;
}
finally
{
    Directory.Delete(work, recursive: true);
}

static async Task StampAsync(string path, int round)
{
    await using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None);
    await file.WriteAsync(BitConverter.GetBytes((long)round));
}

static async Task WriteSourceAsync(string path, long size)
{
    var block = new byte[1024 * 1024];
    await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
    for (long written = 0; written < size; written += block.Length)
    {
        RandomNumberGenerator.Fill(block);
        await file.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, size - written)));
        if (written % (128L * 1024 * 1024) == 0)
        {
            Console.Write($"\rwriting source file  {written * 100 / size,3}%");
        }
    }

    Console.WriteLine("\rwriting source file  100%");
}

static async Task CopyFileAsync(string from, string to, long size)
{
    await using var input = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
    await using var output = new FileStream(to, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
    await new ProgressStream(input, size, "copy").CopyToAsync(output, 81920);
    await output.FlushAsync();
}

static async Task<string> HashFileAsync(string path)
{
    await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1024 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
    return Convert.ToHexStringLower(await SHA256.HashDataAsync(file));
}

static async Task<TimeSpan> TimeAsync(string what, Func<Task> run)
{
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var watch = Stopwatch.StartNew();
    await run();
    watch.Stop();
    allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
    Console.WriteLine($"\r{what,-44} {watch.Elapsed.TotalSeconds,7:F2} s, {allocated / 1048576.0,8:F1} MiB allocated");
    return watch.Elapsed;
}

/// <summary>Samples the managed heap every 20 ms and reports the peak above the idle level.</summary>
internal sealed class HeapSampler : IDisposable
{
    private readonly Timer _timer;
    private long _baseline;
    private long _peak;

    public HeapSampler()
    {
        _baseline = Idle();
        _timer = new Timer(_ => Interlocked.Exchange(ref _peak, Math.Max(Interlocked.Read(ref _peak), GC.GetTotalMemory(false))), null, 0, 20);
    }

    /// <summary>Starts a new measurement from the idle level now.</summary>
    public void Reset()
    {
        _baseline = Idle();
        Interlocked.Exchange(ref _peak, _baseline);
    }

    public long TakePeakGrowth()
    {
        var growth = Math.Max(0, Interlocked.Read(ref _peak) - _baseline);
        _baseline = Idle();
        Interlocked.Exchange(ref _peak, _baseline);
        return growth;
    }

    private static long Idle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(true);
    }

    public void Dispose() => _timer.Dispose();
}

/// <summary>Passes reads through and prints how far along they are.</summary>
internal sealed class ProgressStream(Stream inner, long total, string label) : Stream
{
    private long _read;
    private int _lastPercent = -1;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => total;

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Report(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Report(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Report(int read)
    {
        _read += read;
        var percent = (int)(_read * 100 / Math.Max(1, total));
        if (percent / 5 != _lastPercent / 5)
        {
            _lastPercent = percent;
            Console.Write($"\r{label,-10} {percent,3}%  {_read / 1048576,6} MiB");
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

internal sealed record Round(TimeSpan Copy, TimeSpan Upload, TimeSpan Download, long UploadHeap, long DownloadHeap);
