using IlertNotify.Settings;
using IlertNotify.Site;
using IlertNotify.Spool;

namespace IlertNotify.Cli;

/// <summary>Which spools <c>send</c> and <c>status</c> serve: the one named with <c>-d</c>, else the default and every registered one.</summary>
internal static class SpoolSelection
{
    public static IReadOnlyList<string> For(Invocation invocation, NotifierSettings settings, CommandContext env)
    {
        if (invocation.Overrides.SpoolDirectory is { Length: > 0 })
        {
            return [settings.SpoolDirectory];
        }
        var registered = env.Site is { } site ? new SpoolRegistry(site.SpoolRegistry).Known() : [];
        return registered.Prepend(Path.GetFullPath(settings.SpoolDirectory)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Called by <c>save</c>: a spool other than the site's default is remembered for the cron job.</summary>
    public static void Remember(SpoolDirectory spool, CommandContext env)
    {
        if (env.Site is not { } site || spool.Path == Path.GetFullPath(site.DefaultSpool))
        {
            return;
        }
        try
        {
            new SpoolRegistry(site.SpoolRegistry).Remember(spool.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            env.Log.Warning("Cannot record spool {Spool} for the cron job ({Error}); run 'ilert-notify send -d {Spool}' from cron", spool.Path, e.Message, spool.Path);
        }
    }
}
