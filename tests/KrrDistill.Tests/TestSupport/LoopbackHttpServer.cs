using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KrrDistill.Tests.TestSupport;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (a free port), started by a test and stopped on dispose: it serves the files
/// it is given, honours <c>Range: bytes=N-</c> when asked to, and can misbehave on purpose (a wrong body, a body cut
/// short, a stall, a 404). Never listens on anything but the loopback interface.
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, Behaviour> _files = new(StringComparer.Ordinal);
    private readonly List<string> _requests = [];
    private readonly Task _loop;

    public LoopbackHttpServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(Serve);
    }

    /// <summary>How the server answers for one file.</summary>
    public enum Mode
    {
        /// <summary>The whole body (or the range asked for, when ranges are allowed).</summary>
        Serve,

        /// <summary>The full Content-Length announced, half the body sent, then the connection closed.</summary>
        CutShort,

        /// <summary>Headers and the first bytes, then nothing for a minute.</summary>
        Stall,

        /// <summary>404 Not Found.</summary>
        NotFound,
    }

    public int Port { get; }

    /// <summary>The base URL, ending in '/'.</summary>
    public Uri Base => new($"http://127.0.0.1:{Port}/");

    /// <summary>Each request as "GET /name [Range: …]", in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Serves <paramref name="body"/> at <c>/name</c> as <paramref name="mode"/> says.</summary>
    public void Add(string name, byte[] body, Mode mode = Mode.Serve, bool ranges = true)
    {
        lock (_files)
        {
            _files[name] = new Behaviour(body, mode, ranges);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task Serve()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => Answer(client));
        }
    }

    private async Task Answer(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                string? requestLine = await reader.ReadLineAsync(_stop.Token);
                if (requestLine is null)
                {
                    return;
                }

                long? from = null;
                string? line;
                while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync(_stop.Token)))
                {
                    if (line.StartsWith("Range: bytes=", StringComparison.OrdinalIgnoreCase) && line.EndsWith('-'))
                    {
                        from = long.Parse(line["Range: bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
                    }
                }

                string path = requestLine.Split(' ')[1].TrimStart('/');
                lock (_requests)
                {
                    _requests.Add($"GET /{path}" + (from is long f ? $" Range: {f}-" : ""));
                }

                Behaviour? behaviour;
                lock (_files)
                {
                    behaviour = _files.GetValueOrDefault(Uri.UnescapeDataString(path));
                }

                if (behaviour is null || behaviour.Mode == Mode.NotFound)
                {
                    await Write(stream, "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found");
                    return;
                }

                byte[] body = behaviour.Body;
                bool partial = from is long start && behaviour.Ranges && start < body.Length;
                long offset = partial ? from!.Value : 0;
                string status = partial ? "206 Partial Content" : "200 OK";
                string range = partial ? $"Content-Range: bytes {offset}-{body.Length - 1}/{body.Length}\r\n" : "";
                await Write(stream, $"HTTP/1.1 {status}\r\nContent-Length: {body.Length - offset}\r\n{range}Content-Type: application/octet-stream\r\nConnection: close\r\n\r\n");
                int length = (int)(body.Length - offset);
                switch (behaviour.Mode)
                {
                    case Mode.CutShort:
                        await stream.WriteAsync(body.AsMemory((int)offset, length / 2), _stop.Token);
                        return; // the connection closes with half the body sent
                    case Mode.Stall:
                        await stream.WriteAsync(body.AsMemory((int)offset, Math.Min(length, 100)), _stop.Token);
                        await stream.FlushAsync(_stop.Token);
                        await Task.Delay(TimeSpan.FromMinutes(1), _stop.Token);
                        return;
                    default:
                        await stream.WriteAsync(body.AsMemory((int)offset, length), _stop.Token);
                        return;
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // the client went away, or the server is stopping
            }
        }

        async Task Write(NetworkStream stream, string text) => await stream.WriteAsync(Encoding.ASCII.GetBytes(text), _stop.Token);
    }

    private sealed record Behaviour(byte[] Body, Mode Mode, bool Ranges);
}
