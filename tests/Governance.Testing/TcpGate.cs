using System.Net;
using System.Net.Sockets;

namespace Governance.Testing;

/// <summary>
/// A TCP relay in front of a real server (RabbitMQ, a gRPC host) that a test can close and open: a
/// network outage without stopping the server, which other tests share. Closed, it cuts every open
/// connection and refuses new ones; open, it relays bytes both ways.
/// </summary>
public sealed class TcpGate : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Task _accepting;
    private volatile bool _open = true;

    public TcpGate(string upstreamHost, int upstreamPort, bool open = true)
    {
        UpstreamHost = upstreamHost;
        UpstreamPort = upstreamPort;
        _open = open;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string UpstreamHost { get; }

    public int UpstreamPort { get; }

    /// <summary>The loopback port to connect to instead of the upstream.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public bool IsOpen => _open;

    /// <summary>Connections attempted through the gate, refused ones included: whether a client tried at all.</summary>
    public int Attempts => _attempts;

    private int _attempts;

    /// <summary>Cuts every connection through the gate and refuses new ones until <see cref="Open"/>.</summary>
    public void Close()
    {
        _open = false;
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
            _connections.Clear();
        }
    }

    public void Open() => _open = true;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            Interlocked.Increment(ref _attempts);
            if (!_open)
            {
                client.Dispose();
                continue;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(UpstreamHost, UpstreamPort, _stop.Token);
        }
        catch (Exception)
        {
            client.Dispose();
            upstream.Dispose();
            return;
        }
        lock (_connections)
        {
            if (!_open)
            {
                client.Dispose();
                upstream.Dispose();
                return;
            }
            _connections.Add(client);
            _connections.Add(upstream);
        }
        try
        {
            await Task.WhenAny(Pump(client, upstream), Pump(upstream, client));
        }
        finally
        {
            client.Dispose();
            upstream.Dispose();
            lock (_connections)
            {
                _connections.Remove(client);
                _connections.Remove(upstream);
            }
        }
    }

    private async Task Pump(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), _stop.Token);
        }
        catch (Exception)
        {
            // A cut connection ends the relay; that is the point of the gate.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Close();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
