using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Governance.Surveys.Tests.Web;

/// <summary>
/// A browser as far as the respondent pages care: plain HTTP/1.1 to the host's HTTP endpoint from a
/// loopback address of its own (127.0.0.x: each test counts link failures on its own address), no
/// redirects followed, and the one cookie the pages set kept by hand, so its attributes can be read.
/// </summary>
public sealed partial class SurveyPageClient : IDisposable
{
    private readonly HttpClient _http;

    public SurveyPageClient(Uri hostAddress, IPAddress source)
    {
        Source = source;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { BaseAddress = hostAddress };
    }

    public IPAddress Source { get; }

    /// <summary>The antiforgery cookie as the client sends it back ("name=value"), once a page has set it.</summary>
    public string? Cookie { get; set; }

    /// <summary>Every Set-Cookie header the pages have sent.</summary>
    public List<string> SetCookies { get; } = [];

    public Task<SurveyPage> GetAsync(string path, CancellationToken ct) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path), ct);

    /// <summary>Posts <paramref name="fields"/> as a browser posts a form.</summary>
    public Task<SurveyPage> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) }, ct);

    /// <summary>Sends <paramref name="request"/> with the cookie, as it is (its address may be absolute).</summary>
    public async Task<SurveyPage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (Cookie is not null)
        {
            request.Headers.Add("Cookie", Cookie);
        }
        using var response = await _http.SendAsync(request, ct);
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            foreach (var cookie in cookies)
            {
                SetCookies.Add(cookie);
                Cookie = cookie.Split(';')[0];
            }
        }
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        return new SurveyPage(response.StatusCode, response.Headers, response.Content.Headers, bytes);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A response of the pages: its status, headers and HTML, and what a test reads in the HTML
/// (the pages are this project's own, well-formed markup: regular expressions are enough).</summary>
public sealed partial record SurveyPage(HttpStatusCode Status, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders, byte[] Bytes)
{
    public string Html => System.Text.Encoding.UTF8.GetString(Bytes);

    public string? Location => Headers.Location?.OriginalString;

    public string Header(string name) =>
        Headers.TryGetValues(name, out var values) || ContentHeaders.TryGetValues(name, out values) ? string.Join(", ", values) : "";

    /// <summary>The form's antiforgery token.</summary>
    public string AntiforgeryToken => AntiforgeryField().Match(Html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
        : throw new InvalidOperationException($"No antiforgery field in the page:\n{Html}");

    /// <summary>The value of the checked radio button of <paramref name="field"/>, or null.</summary>
    public string? Checked(string field) =>
        Regex.Matches(Html, $"<input type=\"radio\" id=\"[^\"]*\" name=\"{Regex.Escape(field)}\" value=\"([^\"]*)\"( checked)?")
            .FirstOrDefault(m => m.Groups[2].Success)?.Groups[1].Value;

    /// <summary>The radio buttons' names on the page, in order, once each.</summary>
    public IReadOnlyList<string> RadioFields => [.. Regex.Matches(Html, "<input type=\"radio\" id=\"[^\"]*\" name=\"([^\"]*)\"").Select(m => m.Groups[1].Value).Distinct()];

    /// <summary>The text fields' names on the page.</summary>
    public IReadOnlyList<string> TextFields => [.. Regex.Matches(Html, "<textarea id=\"([^\"]*)\"").Select(m => m.Groups[1].Value)];

    /// <summary>The content of a text field.</summary>
    public string? Text(string field) =>
        Regex.Match(Html, $"<textarea id=\"{Regex.Escape(field)}\"[^>]*>([^<]*)</textarea>") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    /// <summary>The start tag of the element with <paramref name="id"/>.</summary>
    public string? Tag(string id) => Regex.Match(Html, $"<[a-z]+ [^>]*id=\"{Regex.Escape(id)}\"[^>]*>") is { Success: true } m ? m.Value : null;

    [GeneratedRegex("<input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
