using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FlowDocs.Testing;

/// <summary>Where the tests' MySQL, Redis and S3 come from.</summary>
public enum BackingServiceSource
{
    /// <summary>Servers already running on this machine (<c>scripts/test-services.sh</c>, FLOWDOCS_TEST_*).</summary>
    Native,

    /// <summary>Throw-away containers started by Testcontainers, once per test process.</summary>
    Containers,
}

/// <summary>
/// The one place that decides which backing services the tests use: Testcontainers when a Docker engine
/// answers, otherwise the native servers. FLOWDOCS_TEST_SERVICES=native or =containers forces one of them.
/// </summary>
public static class BackingServiceSelection
{
    public const string Variable = "FLOWDOCS_TEST_SERVICES";

    public static BackingServiceSource Select(Func<string, string?> environment, Func<bool> dockerAnswers)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(dockerAnswers);
        var choice = environment(Variable)?.Trim();
        if (string.IsNullOrEmpty(choice) || choice.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return dockerAnswers() ? BackingServiceSource.Containers : BackingServiceSource.Native;
        }

        if (choice.Equals("native", StringComparison.OrdinalIgnoreCase))
        {
            return BackingServiceSource.Native;
        }

        if (choice.Equals("containers", StringComparison.OrdinalIgnoreCase))
        {
            return BackingServiceSource.Containers;
        }

        throw new InvalidOperationException($"{Variable}={choice}: use native, containers or auto.");
    }

    /// <summary>
    /// Whether a Docker engine answers <c>GET /_ping</c> on DOCKER_HOST (unix:// or tcp://), by default on
    /// /var/run/docker.sock. No socket, no listener or no answer within the timeout: false.
    /// </summary>
    public static bool DockerAnswers(string? dockerHost, TimeSpan timeout)
    {
        var host = string.IsNullOrWhiteSpace(dockerHost) ? "unix:///var/run/docker.sock" : dockerHost.Trim();
        try
        {
            EndPoint endpoint;
            if (host.StartsWith("unix://", StringComparison.Ordinal))
            {
                var path = host["unix://".Length..];
                if (!File.Exists(path))
                {
                    return false;
                }

                endpoint = new UnixDomainSocketEndPoint(path);
            }
            else if (host.StartsWith("tcp://", StringComparison.Ordinal) && Uri.TryCreate("http://" + host["tcp://".Length..], UriKind.Absolute, out var uri))
            {
                endpoint = new DnsEndPoint(uri.Host, uri.Port);
            }
            else
            {
                return false;
            }

            using var socket = endpoint is UnixDomainSocketEndPoint
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(SocketType.Stream, ProtocolType.Tcp);
            using var cancel = new CancellationTokenSource(timeout);
            socket.ConnectAsync(endpoint, cancel.Token).AsTask().GetAwaiter().GetResult();
            socket.SendAsync("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"u8.ToArray(), SocketFlags.None, cancel.Token).AsTask().GetAwaiter().GetResult();
            var buffer = new byte[256];
            var read = socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token).AsTask().GetAwaiter().GetResult();
            var status = Encoding.ASCII.GetString(buffer, 0, read);
            return status.StartsWith("HTTP/1.", StringComparison.Ordinal) && status.Contains(" 200 ", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
