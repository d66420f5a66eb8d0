using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Governance.Testing.Browser;

/// <summary>
/// A tiny web server on a free loopback port (Kestrel) for HTML documents a test writes itself, each
/// with the response headers it asks for (a Content-Security-Policy, say). A path not added is 404.
/// </summary>
public sealed class LocalPages : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (string Body, string ContentType, IReadOnlyDictionary<string, string> Headers)> pages = new();
    private readonly WebApplication app;

    private LocalPages(WebApplication app) => this.app = app;

    public Uri Address { get; private set; } = null!;

    public static async Task<LocalPages> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new LocalPages(builder.Build());
        server.app.Run(server.Serve);
        await server.app.StartAsync();
        server.Address = new Uri(server.app.Urls.Single());
        return server;
    }

    /// <summary>Serves <paramref name="body"/> at <paramref name="path"/> (from "/"), returns its address.</summary>
    public Uri Add(string path, string body, IReadOnlyDictionary<string, string>? headers = null, string contentType = "text/html; charset=utf-8")
    {
        pages[path] = (body, contentType, headers ?? new Dictionary<string, string>());
        return new Uri(Address, path);
    }

    private async Task Serve(HttpContext context)
    {
        if (!pages.TryGetValue(context.Request.Path.Value ?? "/", out var page))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        foreach (var (name, value) in page.Headers)
        {
            context.Response.Headers[name] = value;
        }
        context.Response.ContentType = page.ContentType;
        await context.Response.WriteAsync(page.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
