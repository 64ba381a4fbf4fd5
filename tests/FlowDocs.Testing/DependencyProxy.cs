using System.Net;
using System.Net.Sockets;

namespace FlowDocs.Testing;

/// <summary>What a <see cref="DependencyProxy"/> does with connections.</summary>
public enum ProxyMode
{
    /// <summary>Passes bytes both ways: the dependency is up.</summary>
    Forward,

    /// <summary>Accepts and closes at once, and cuts open connections: the dependency is down.</summary>
    Refuse,

    /// <summary>Accepts and never answers, and stops open connections: the dependency hangs (a SIGSTOPped server).</summary>
    Freeze,
}

/// <summary>
/// A loopback TCP proxy in front of a real backing service, so a test can take the dependency down or freeze it
/// under a running server without disturbing the shared service itself.
/// </summary>
public sealed class DependencyProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private CancellationTokenSource _connections = new();

    public DependencyProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ProxyMode Mode { get; private set; } = ProxyMode.Forward;

    /// <summary>Switches mode; leaving <see cref="ProxyMode.Forward"/> ends (Refuse) or stalls (Freeze) every open connection.</summary>
    public void Set(ProxyMode mode)
    {
        Mode = mode;
        if (mode == ProxyMode.Forward)
        {
            return;
        }

        var previous = Interlocked.Exchange(ref _connections, new CancellationTokenSource());
        previous.Cancel();
        previous.Dispose();
        if (mode == ProxyMode.Refuse)
        {
            lock (_open)
            {
                foreach (var client in _open)
                {
                    client.Dispose();
                }

                _open.Clear();
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            switch (Mode)
            {
                case ProxyMode.Refuse:
                    client.Client.LingerState = new LingerOption(true, 0);
                    client.Dispose();
                    break;
                case ProxyMode.Freeze:
                    Track(client);
                    break;
                default:
                    Track(client);
                    _ = ForwardAsync(client, _connections.Token);
                    break;
            }
        }
    }

    private void Track(TcpClient client)
    {
        lock (_open)
        {
            _open.Add(client);
        }
    }

    private async Task ForwardAsync(TcpClient client, CancellationToken frozen)
    {
        using var target = new TcpClient();
        try
        {
            await target.ConnectAsync(_targetHost, _targetPort, frozen);
            var up = client.GetStream().CopyToAsync(target.GetStream(), frozen);
            var down = target.GetStream().CopyToAsync(client.GetStream(), frozen);
            await Task.WhenAny(up, down);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Frozen or cut: a frozen connection stays open (tracked) and silent; a cut one is closed by Set.
        }

        if (!frozen.IsCancellationRequested)
        {
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Set(ProxyMode.Refuse);
        _stop.Dispose();
        _connections.Dispose();
    }
}
