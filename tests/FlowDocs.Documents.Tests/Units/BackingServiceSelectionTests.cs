using System.Net.Sockets;
using System.Text;
using FlowDocs.Testing;

namespace FlowDocs.Documents.Tests.Units;

/// <summary>
/// The tests' choice of backing services (tests/FlowDocs.Testing/BackingServiceSelection.cs): containers when
/// a Docker engine answers, the native servers otherwise, FLOWDOCS_TEST_SERVICES forcing either.
/// </summary>
public sealed class BackingServiceSelectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public void A_docker_engine_that_answers_selects_the_containers() =>
        Assert.Equal(BackingServiceSource.Containers, BackingServiceSelection.Select(_ => null, () => true));

    [Fact]
    public void Without_a_docker_engine_the_native_services_are_used() =>
        Assert.Equal(BackingServiceSource.Native, BackingServiceSelection.Select(_ => null, () => false));

    [Theory]
    [InlineData("native", true, BackingServiceSource.Native)]
    [InlineData("Containers", false, BackingServiceSource.Containers)]
    [InlineData("auto", true, BackingServiceSource.Containers)]
    [InlineData(" auto ", false, BackingServiceSource.Native)]
    public void The_variable_decides_when_it_is_set(string value, bool docker, BackingServiceSource expected)
    {
        var asked = false;
        var source = BackingServiceSelection.Select(
            name => name == BackingServiceSelection.Variable ? value : null,
            () => (asked = true) && docker);

        Assert.Equal(expected, source);
        Assert.Equal(value.Trim() == "auto", asked);
    }

    [Fact]
    public void An_unknown_value_is_an_error() =>
        Assert.Throws<InvalidOperationException>(() => BackingServiceSelection.Select(_ => "docker", () => true));

    [Fact]
    public void A_missing_socket_is_no_docker_engine() =>
        Assert.False(BackingServiceSelection.DockerAnswers("unix:///nonexistent/flowdocs/docker.sock", Timeout));

    [Fact]
    public void A_host_in_an_unknown_form_is_no_docker_engine() =>
        Assert.False(BackingServiceSelection.DockerAnswers("ssh://user@host", Timeout));

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK", true)]
    [InlineData("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n", false)]
    public async Task A_socket_answers_ping_like_docker_or_not(string answer, bool expected)
    {
        var directory = Directory.CreateTempSubdirectory("flowdocs-docker-");
        var path = Path.Combine(directory.FullName, "docker.sock");
        try
        {
            using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(1);
            var request = new StringBuilder();
            var server = Task.Run(async () =>
            {
                using var connection = await listener.AcceptAsync(TestContext.Current.CancellationToken);
                var buffer = new byte[1024];
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await connection.ReceiveAsync(buffer, SocketFlags.None, TestContext.Current.CancellationToken);
                    if (read == 0)
                    {
                        break;
                    }

                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                await connection.SendAsync(Encoding.ASCII.GetBytes(answer), SocketFlags.None, TestContext.Current.CancellationToken);
            }, TestContext.Current.CancellationToken);

            var answered = BackingServiceSelection.DockerAnswers($"unix://{path}", Timeout);
            await server;

            Assert.Equal(expected, answered);
            Assert.StartsWith("GET /_ping HTTP/1.0", request.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
