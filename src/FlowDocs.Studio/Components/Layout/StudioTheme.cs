using MudBlazor;

namespace FlowDocs.Studio.Components.Layout;

/// <summary>
/// MudBlazor's default palette with the status colours darkened to meet WCAG AA contrast (4.5:1) both as text on white
/// (e.g. a red "Delete" text button) and behind white text (e.g. the orange "Unsaved changes" chip); the defaults reach
/// about 2–3.7:1, which axe reports as serious.
/// </summary>
public static class StudioTheme
{
    public static MudTheme Value { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Error = "#c62828",
            Warning = "#b45309",
            Success = "#2e7d32",
            Info = "#0277bd",
        },
    };
}
