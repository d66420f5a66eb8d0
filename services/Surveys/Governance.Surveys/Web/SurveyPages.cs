using Governance.ServiceDefaults.Errors;
using Governance.Surveys.Answering;
using Governance.Surveys.Domain;
using Governance.Surveys.Web.Components;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Governance.Surveys.Web;

/// <summary>
/// The respondent's pages on the host's HTTP endpoint, server-rendered in Danish with no script:
/// <c>GET /survey/{token}</c> shows a theme per page (<c>?side=N</c>; without it the first page with an
/// item not answered) or the summary (<c>?side=opsummering</c>); <c>POST /survey/{token}</c> saves the
/// page's answers and answers 303 to the page its button asks for (post/redirect/get), or submits from the
/// summary and answers 303 to <c>/survey/tak</c>. Every link that cannot be used (unknown, malformed,
/// used, its round closed) gets the same page, byte for byte, with 404, and counts against the client's
/// address (<see cref="LinkFailures"/>). The pages hold no token (forms post to the address they came
/// from, links are relative), and nothing of a request is logged or audited (the answering service's
/// rule; <see cref="SurveyWeb"/> keeps ASP.NET Core's request lines, which carry the path, out of the logs).
/// </summary>
public static class SurveyPages
{
    public const string Prefix = "/survey";
    public const string ThanksPath = Prefix + "/tak";
    public const string StylesheetPath = Prefix + "/assets/survey.css";

    /// <summary>Nothing but this application's own stylesheet; no script, frame, or form elsewhere.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>The largest form a page sends (a text answer is at most 2,000 characters).</summary>
    public const int MaxFormBytes = 256 * 1024;

    private static readonly FormOptions FormLimits = new()
    {
        ValueCountLimit = 1_000,
        KeyLengthLimit = 200,
        ValueLengthLimit = 64 * 1024,
    };

    private static readonly Lazy<byte[]> Stylesheet = new(() =>
    {
        using var stream = typeof(SurveyPages).Assembly.GetManifestResourceStream("Governance.Surveys.Web.survey.css")
            ?? throw new InvalidOperationException("The survey stylesheet is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static IEndpointRouteBuilder MapSurveyPages(this IEndpointRouteBuilder app)
    {
        // Respondents have no bearer token: the invitation token in the path is the credential.
        var pages = app.MapGroup(Prefix).AllowAnonymous().AddEndpointFilter(SecurityHeadersAsync);
        pages.MapGet("/assets/survey.css", () => TypedResults.Bytes(Stylesheet.Value, "text/css; charset=utf-8"));
        pages.MapGet("/tak", () => Notice(NoticeKind.Thanks));
        pages.MapGet("/{token}", ShowAsync);
        pages.MapPost("/{token}", PostAsync);
        // Any other address under /survey is a link that cannot be used, like an unknown token.
        pages.MapMethods("/{**rest}", [HttpMethods.Get, HttpMethods.Post], (HttpContext context, LinkFailures failures) =>
            failures.IsBlocked(context.Connection.RemoteIpAddress) ? TooMany(context, failures) : Unusable(context, failures));
        return app;
    }

    private static ValueTask<object?> SecurityHeadersAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var headers = invocation.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        // The token is in the address: no other site may learn it from a Referer header.
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        // As the antiforgery token's own headers say (they would overwrite anything else, with a warning).
        headers.CacheControl = "no-cache, no-store";
        headers.Pragma = "no-cache";
        return next(invocation);
    }

    private static async Task<IResult> ShowAsync(HttpContext context, string token, SurveyAnswering answering, LinkFailures failures,
        IAntiforgery antiforgery)
    {
        if (failures.IsBlocked(context.Connection.RemoteIpAddress))
        {
            return TooMany(context, failures);
        }
        OpenQuestionnaire q;
        try
        {
            q = await answering.OpenAsync(token, context.RequestAborted);
        }
        catch (Exception ex) when (IsUnusable(ex))
        {
            return Unusable(context, failures);
        }
        catch (DependencyUnavailableException)
        {
            return Notice(NoticeKind.Unavailable);
        }
        var pages = QuestionnairePages.Pages(q);
        var side = context.Request.Query["side"].ToString();
        var page = side == QuestionnairePages.Summary ? null : QuestionnairePages.PageOf(pages, side) ?? QuestionnairePages.ResumePage(pages, q.Draft);
        var form = FormOf(antiforgery, context);
        return page is null
            ? SummaryOf(q, pages, form, error: null, StatusCodes.Status200OK)
            : Render<QuestionPage>(new QuestionPageView(QuestionnairePages.Heading(q, page), page, pages.Count,
                QuestionnairePages.Items(page, q.Draft), form, Saved: context.Request.Query["gemt"] == "1"), StatusCodes.Status200OK);
    }

    private static async Task<IResult> PostAsync(HttpContext context, string token, SurveyAnswering answering, LinkFailures failures,
        IAntiforgery antiforgery)
    {
        if (failures.IsBlocked(context.Connection.RemoteIpAddress))
        {
            return TooMany(context, failures);
        }
        if (!Invitations.IsTokenForm(token))
        {
            return Unusable(context, failures);
        }
        IFormCollection form;
        try
        {
            form = await ReadFormAsync(context);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or InvalidDataException)
        {
            return Notice(NoticeKind.BadForm, ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest);
        }
        // Before anything is read or saved: a form from elsewhere, or from a page too old, saves nothing.
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Notice(NoticeKind.BadForm, StatusCodes.Status400BadRequest);
        }
        try
        {
            return form["side"] == QuestionnairePages.Summary
                ? await SubmitAsync(context, token, form, answering, antiforgery)
                : await SavePageAsync(context, token, form, answering, antiforgery);
        }
        catch (Exception ex) when (IsUnusable(ex))
        {
            return Unusable(context, failures);
        }
        catch (DependencyUnavailableException)
        {
            return Notice(NoticeKind.Unavailable);
        }
    }

    /// <summary>Saves a page's answers and goes where its button asks: the next or previous page, the
    /// same page with word that the answers are saved, or the summary. Refused answers show the page
    /// again as sent, each with its error, and save nothing.</summary>
    private static async Task<IResult> SavePageAsync(HttpContext context, string token, IFormCollection form, SurveyAnswering answering,
        IAntiforgery antiforgery)
    {
        var q = await answering.OpenAsync(token, context.RequestAborted);
        var pages = QuestionnairePages.Pages(q);
        var page = QuestionnairePages.PageOf(pages, form["side"]);
        if (page is null)
        {
            return SeeOther(context, token, "");
        }
        IReadOnlyList<string> ValuesOf(string field) => form[field].OfType<string>().ToList();
        try
        {
            await answering.SaveAsync(token, QuestionnairePages.AnswersOf(page, ValuesOf), submit: false, context.RequestAborted);
        }
        catch (ValidationException invalid) when (!IsUnusable(invalid))
        {
            return Render<QuestionPage>(new QuestionPageView(QuestionnairePages.Heading(q, page), page, pages.Count,
                QuestionnairePages.ItemsWithErrors(page, ValuesOf, invalid.Violations), FormOf(antiforgery, context), Saved: false),
                StatusCodes.Status422UnprocessableEntity);
        }
        var n = page.Number;
        return form["handling"].ToString() switch
        {
            "naeste" => SeeOther(context, token, n < pages.Count ? $"?side={n + 1}" : $"?side={QuestionnairePages.Summary}"),
            "tilbage" => SeeOther(context, token, $"?side={Math.Max(1, n - 1)}"),
            "gem" => SeeOther(context, token, $"?side={n}&gemt=1"),
            "opsummering" => SeeOther(context, token, $"?side={QuestionnairePages.Summary}"),
            _ => SeeOther(context, token, $"?side={n}"),
        };
    }

    /// <summary>Submits from the summary (its Indsend button) and says thank you; with nothing answered
    /// the summary is shown again with that error.</summary>
    private static async Task<IResult> SubmitAsync(HttpContext context, string token, IFormCollection form, SurveyAnswering answering,
        IAntiforgery antiforgery)
    {
        if (form["handling"] != "indsend")
        {
            // Sent on only with a link that can be used: any other is the unusable link's page, as always.
            await answering.OpenAsync(token, context.RequestAborted);
            return SeeOther(context, token, $"?side={QuestionnairePages.Summary}");
        }
        try
        {
            await answering.SaveAsync(token, [], submit: true, context.RequestAborted);
        }
        catch (ValidationException invalid) when (!IsUnusable(invalid))
        {
            var q = await answering.OpenAsync(token, context.RequestAborted);
            return SummaryOf(q, QuestionnairePages.Pages(q), FormOf(antiforgery, context),
                "Du har ikke svaret på noget endnu. Svar på mindst ét spørgsmål, før du sender.", StatusCodes.Status422UnprocessableEntity);
        }
        return new SeeOtherResult(context.Request.PathBase + ThanksPath);
    }

    private static async Task<IFormCollection> ReadFormAsync(HttpContext context)
    {
        // What a page's form sends and nothing else: URL-encoded, in UTF-8 like the pages (a browser names no
        // charset). Multipart would be read by a parser whose errors on a broken body are not the form's
        // (IOException), and a charset such as UTF-7 throws where the framework looks it up: both were a 500.
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            || !type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || (type.Charset.Length > 0 && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidDataException("A page's form is sent as application/x-www-form-urlencoded in UTF-8.");
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxFormBytes;
        }
        // Read here with the pages' limits; antiforgery validation reads the same form after.
        return await context.Request.ReadFormAsync(FormLimits, context.RequestAborted);
    }

    /// <summary>What makes a link unusable, all told apart by nothing: not a token, unknown or its round
    /// closed (the invitations are gone then), used, or the round no longer open.</summary>
    private static bool IsUnusable(Exception ex) => ex switch
    {
        NotFoundException => true,
        FailedPreconditionException => true,
        ValidationException v => v.Violations.Any(f => f.Field == "invitation_token"),
        _ => false,
    };

    private static IResult Unusable(HttpContext context, LinkFailures failures) =>
        failures.Count(context.Connection.RemoteIpAddress) ? Notice(NoticeKind.Unusable) : TooMany(context, failures);

    private static IResult TooMany(HttpContext context, LinkFailures failures)
    {
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(failures.Window.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Notice(NoticeKind.TooMany);
    }

    private static IResult Notice(NoticeKind kind, int? status = null) =>
        Render<NoticePage>(kind, status ?? kind switch
        {
            NoticeKind.Unusable => StatusCodes.Status404NotFound,
            NoticeKind.TooMany => StatusCodes.Status429TooManyRequests,
            NoticeKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
            NoticeKind.BadForm => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status200OK,
        }, parameter: "Kind");

    private static IResult SummaryOf(OpenQuestionnaire q, IReadOnlyList<QuestionnairePage> pages, Antiforgery form, string? error, int status)
    {
        var sections = QuestionnairePages.Sections(pages, q.Draft);
        return Render<SummaryPage>(new SummaryView(QuestionnairePages.Heading(q, null), sections,
            sections.Sum(s => s.Items.Count(i => i.Answer is not null)), sections.Sum(s => s.Items.Count), form, error), status);
    }

    private static Antiforgery FormOf(IAntiforgery antiforgery, HttpContext context)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return new Antiforgery(tokens.FormFieldName, tokens.RequestToken ?? "");
    }

    private static RazorComponentResult<T> Render<T>(object view, int status, string parameter = "View") where T : Microsoft.AspNetCore.Components.IComponent =>
        new(new Dictionary<string, object?> { [parameter] = view }) { StatusCode = status };

    /// <summary>303 to a page of the same link (<paramref name="query"/> "?side=3", or "" for where to resume).</summary>
    private static SeeOtherResult SeeOther(HttpContext context, string token, string query) =>
        new($"{context.Request.PathBase}{Prefix}/{token}{query}");

    /// <summary>303 See Other, written here: ASP.NET Core's redirect result logs where it redirects to,
    /// which is the token.</summary>
    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
