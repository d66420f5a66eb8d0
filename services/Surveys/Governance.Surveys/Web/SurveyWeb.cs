using Governance.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Governance.Surveys.Web;

/// <summary>What the respondent pages need of the host: the settings and the failure count, Razor
/// components rendered on the server only, antiforgery with its one cookie, and log rules that keep the
/// token (in the path) out of every log line.</summary>
public static class SurveyWeb
{
    /// <summary>The antiforgery cookie: the only cookie the pages set.</summary>
    public const string AntiforgeryCookie = "survey_csrf";

    /// <summary>
    /// Categories that write a request's path, and so a survey token, with the level below which they are
    /// silenced. ASP.NET Core's hosting category writes "Request starting ... /survey/{token}" and opens a
    /// scope with the path around every line of the request (also around gRPC calls, whose paths are
    /// method names): off entirely, since it opens the scope whenever any level is on. Routing's matcher
    /// writes the path at Debug, and Kestrel a request line it refuses. Set after the configuration's rules, so "Default": "Trace" cannot
    /// bring them back; <c>SurveyPageLogTests</c> walks the pages with every other category at Trace.
    /// </summary>
    public static readonly IReadOnlyList<(string Category, LogLevel Level)> PathLoggingCategories =
    [
        ("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None),
        ("Microsoft.AspNetCore.Routing.Matching", LogLevel.Information),
        ("Microsoft.AspNetCore.Server.Kestrel.BadRequests", LogLevel.Information),
    ];

    public static WebApplicationBuilder AddSurveyPages(this WebApplicationBuilder builder)
    {
        var options = SurveyWebOptions.From(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<LinkFailures>();
        // Static server rendering only: no circuit, no script (the pages are RazorComponentResults).
        builder.Services.AddRazorComponents();
        // One application name, so replicas installed under different paths can share a key ring.
        var keys = builder.Services.AddDataProtection().SetApplicationName("Governance.Surveys");
        if (options.KeysDirectory is { } directory)
        {
            keys.PersistKeysToFileSystem(new DirectoryInfo(directory));
        }
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = AntiforgeryCookie;
            o.Cookie.Path = SurveyPages.Prefix;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // The pages send X-Frame-Options: DENY themselves.
            o.SuppressXFrameOptionsHeader = true;
        });
        foreach (var (category, level) in PathLoggingCategories)
        {
            builder.Logging.AddFilter(category, level);
        }
        // Nor in a span: the token is taken out of every exported path and URL (http.route keeps the template).
        builder.Services.AddSecretPathPrefix(SurveyPages.Prefix + "/");
        return builder;
    }
}
