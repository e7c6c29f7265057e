using IlertNotify.Events;
using IlertNotify.Settings;
using IlertNotify.Site;
using IlertNotify.Spool;

namespace IlertNotify.Cli;

/// <summary>
/// <c>queue retarget</c>: queued events keep the endpoint, proxy and key they were saved with, so after fixing a
/// wrong one in the rule they would keep failing. This rewrites them (each atomically, under its own name, so the
/// order holds) to the given endpoint (<c>-e</c>/<c>-p</c>), proxy (<c>-x</c>) and key (<c>--key-from-stdin</c>),
/// and makes them due at once.
/// </summary>
internal sealed record QueueRetarget(Uri? Endpoint, string? Proxy, string? ApiKey)
{
    public static QueueRetarget From(Invocation invocation, QueueRequest request, CommandContext env)
    {
        var (endpoint, proxy) = FromFlags(invocation);
        var key = request.KeyFromStdin ? env.Stdin.ReadLine()?.Trim() : null;
        if (request.KeyFromStdin && string.IsNullOrEmpty(key))
        {
            throw new UsageException("--key-from-stdin: stdin held no key");
        }
        env.Masker.Add(key);
        return endpoint is null && proxy is null && key is null
            ? throw new UsageException("queue retarget needs a new endpoint (-e), proxy (-x) or key (--key-from-stdin)")
            : new QueueRetarget(endpoint, proxy, key);
    }

    /// <summary>The endpoint (<c>-e</c>, <c>-p</c>) and proxy (<c>-x</c>) given on the command line, or null.</summary>
    public static (Uri? Endpoint, string? Proxy) FromFlags(Invocation invocation)
    {
        var flags = invocation.Overrides;
        return (flags.Endpoint is { Length: > 0 } given ? SettingsResolver.ParseEndpoint(given, flags.Port) : null,
            flags.Proxy is { Length: > 0 } named ? ProxySetting.Parse(named).Value : null);
    }

    /// <returns>The event as it goes out from now on.</returns>
    public IlertEvent Apply(IlertEvent e)
    {
        var format = e.Format;
        var key = ApiKey ?? format.ApiKeyOf(e.Url, e.Body) ?? throw new FormatException("the event holds no API key");
        var url = format.Url(Endpoint ?? format.EndpointOf(e.Url), key);
        return e with
        {
            Url = url,
            Body = format.WithApiKey(e.Body, key),
            Proxy = Proxy ?? e.Proxy,
            Source = AlertSourceId.For(url, key),
        };
    }

    public int Run(SpoolDirectory spool, IEnumerable<string> selected, CommandContext env)
    {
        var changed = 0;
        foreach (var file in selected)
        {
            var entry = SpoolDirectory.Read(file);
            var moved = Apply(entry.Event);
            env.Masker.Add(entry.Event.ApiKey());
            if (spool.Rewrite(entry, moved, entry.Record with { NextAttempt = null }) is { } unsynced)
            {
                env.Log.Warning("{File} rewritten, not yet durable: {Warning}", entry.Name, unsynced);
            }
            env.Log.Information("Re-targeted {File} ({Incident}) to {Url}", entry.Name, moved.Incident, moved.Url.GetLeftPart(UriPartial.Authority));
            changed++;
        }
        return changed;
    }
}
