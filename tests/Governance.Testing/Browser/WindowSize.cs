namespace Governance.Testing.Browser;

/// <summary>The size of the page's viewport in CSS pixels (device scale factor 1).</summary>
public readonly record struct WindowSize(int Width, int Height)
{
    /// <summary>A laptop screen.</summary>
    public static WindowSize Desktop { get; } = new(1280, 900);

    /// <summary>A tablet held upright.</summary>
    public static WindowSize Tablet { get; } = new(768, 1024);

    /// <summary>A small phone: the respondents' pages must not scroll sideways at this width.</summary>
    public static WindowSize Phone { get; } = new(360, 740);

    public override string ToString() => $"{Width}×{Height}";
}
