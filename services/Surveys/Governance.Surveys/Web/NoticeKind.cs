namespace Governance.Surveys.Web;

/// <summary>The pages that say one thing (<c>Components/NoticePage.razor</c>), each always the same.</summary>
public enum NoticeKind
{
    /// <summary>The link cannot be used: unknown, malformed, used, or its round closed (404).</summary>
    Unusable,

    /// <summary>Too many unusable links from this address (429).</summary>
    TooMany,

    /// <summary>The answers are submitted (/survey/tak).</summary>
    Thanks,

    /// <summary>A form without a valid antiforgery token, or not a page's form (400).</summary>
    BadForm,

    /// <summary>The database cannot be reached (503).</summary>
    Unavailable,
}
