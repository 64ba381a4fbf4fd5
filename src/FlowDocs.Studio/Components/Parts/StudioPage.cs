using FlowDocs.Studio.Api;
using FlowDocs.Studio.Logic;
using Microsoft.AspNetCore.Components;

namespace FlowDocs.Studio.Components.Parts;

/// <summary>
/// What every Studio page does with an API answer that is not a success: an expired session goes back to the login
/// page (and returns here), anything else is shown to the user in the API's own words.
/// </summary>
public abstract class StudioPage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _disposed = new();

    [Inject]
    protected IStudioApi Api { get; set; } = default!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = default!;

    /// <summary>The last failure, shown above the page's content.</summary>
    protected string? Error { get; set; }

    protected bool Loading { get; private set; }

    /// <summary>Cancelled when the user leaves the page or the circuit ends: their requests are no longer wanted.</summary>
    protected CancellationToken PageClosing => _disposed.Token;

    /// <summary>Runs one API interaction; true when it succeeded.</summary>
    protected async Task<bool> CallAsync(Func<CancellationToken, Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Error = null;
        Loading = true;
        try
        {
            await action(PageClosing);
            return true;
        }
        catch (StudioApiException ex) when (ex.Status == 401)
        {
            Navigation.NavigateTo(StudioNavigation.LoginUrl(Navigation), forceLoad: true);
            return false;
        }
        catch (StudioApiException ex)
        {
            Error = ex.Message;
            return false;
        }
        catch (OperationCanceledException) when (PageClosing.IsCancellationRequested)
        {
            return false;
        }
        finally
        {
            Loading = false;
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _disposed.Cancel();
            _disposed.Dispose();
        }
    }
}
