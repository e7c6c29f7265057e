using IlertNotify.Checkmk;
using IlertNotify.Delivery;
using IlertNotify.Events;
using IlertNotify.Settings;
using IlertNotify.Site;
using IlertNotify.Spool;

namespace IlertNotify.Cli;

/// <summary>Checkmk's call: context -> event -> durable spool, then a flush within Checkmk's patience.</summary>
internal static class SaveCommand
{
    public static async Task<int> RunAsync(Invocation invocation, CommandContext env)
    {
        var (parameters, notifications) = ReadNotifications(invocation, env);
        // Bulk mode: the rule's parameters came from stdin, after App registered the environment's secrets.
        if (invocation.Bulk)
        {
            foreach (var secret in SecretCandidates.From([], parameters))
            {
                env.Masker.Add(secret);
            }
        }
        if (notifications.Count == 0)
        {
            env.Log.Error("No notification context: neither NOTIFY_* (or NAGIOS_*/ICINGA_*) variables nor KEY=VALUE arguments. Run 'ilert-notify --help'.");
            return ExitCodes.Permanent;
        }

        var settings = SettingsResolver.Resolve(invocation.Overrides, parameters);
        var forwarded = notifications.Where(n => IsForwarded(n, settings, env)).ToList();
        if (forwarded.Count == 0)
        {
            return ExitCodes.Ok;
        }

        var apiKey = SettingsResolver.ResolveApiKey(invocation.Overrides, parameters, invocation.Extras, new PasswordStore(env.Site).Lookup)
            ?? throw ConfigurationException.NoApiKey();
        env.Masker.Add(apiKey);
        settings = settings with { ApiKey = apiKey };

        SiteUserGuard.EnsureMayWrite(settings.SpoolDirectory, env);
        var spool = SpoolDirectory.Open(settings.SpoolDirectory);
        SpoolSelection.Remember(spool, env);
        var notSpooled = new List<NotificationContext>();
        foreach (var notification in forwarded)
        {
            if (!TrySpool(notification, spool, settings, env))
            {
                notSpooled.Add(notification);
            }
        }
        if (notSpooled.Count == forwarded.Count)
        {
            // Nothing held: Checkmk's retry (commercial editions) is the only chance left for these events.
            return ExitCodes.NotSpooled;
        }

        try
        {
            // Checkmk Raw runs notifications one after another: what is not sent within the save's budget waits for cron.
            var policy = new FlushPolicy(env.Clock.GetUtcNow() + env.Delivery.SaveBudget, AvoidTroubledEndpoints: true, RememberIncidents: AckSyncSettings.IsOn(env.Site, spool.Path));
            var summary = await FlushRun.RunAsync(spool, TimeSpan.Zero, policy, env.Delivery, env.Log, env.Masker, env.Clock).ConfigureAwait(false);
            if (summary is not null)
            {
                env.Log.Information("Flush: {Summary}", summary);
            }
        }
        catch (Exception e)
        {
            // The event is safe in the spool and cron sends it: an exit 1 would make Checkmk send it twice.
            env.Log.Warning("Event spooled, but the flush failed: {Error}", e.Message);
        }
        if (env.Site is { } site)
        {
            new CronJob(site).InstallIfMissing(env);
        }
        if (notSpooled.Count > 0)
        {
            // Bulk: the others are spooled and sent; a retry of the whole bulk by Checkmk duplicates them, loses nothing.
            env.Log.Error("{Count} of {Total} notifications NOT spooled: {Which}", notSpooled.Count, forwarded.Count,
                string.Join(", ", notSpooled.Select(n => $"{n.NotificationType} for {n.IncidentKey}")));
            return ExitCodes.NotSpooled;
        }
        return ExitCodes.Ok;
    }

    /// <returns>False when this notification could not be spooled (logged with why); the others go on.</returns>
    private static bool TrySpool(NotificationContext notification, SpoolDirectory spool, NotifierSettings settings, CommandContext env)
    {
        var now = env.Clock.GetUtcNow();
        var e = EventFactory.Create(notification, settings, now);
        try
        {
            var written = spool.Add(e, now);
            if (written.Repaired is { } repaired)
            {
                env.Log.Warning("Repaired the spool's event counter: {Repair}", repaired);
            }
            env.Log.Information("Spooled {Type} for {Incident} to {Url} as {File}", e.NotificationType, e.Incident, e.Url.GetLeftPart(UriPartial.Authority), Path.GetFileName(written.Path));
            if (written.DurabilityWarning is { } warning)
            {
                // In the spool and sent from there: an exit 1 would make Checkmk deliver it a second time.
                env.Log.Warning("Spooled, durability not confirmed: {Warning}", warning);
            }
            return true;
        }
        catch (SpoolException failure)
        {
            env.Log.Error("Event NOT spooled: {Type} for {Incident}: {Error}", e.NotificationType, e.Incident, failure.Message);
            return false;
        }
    }

    private static (IReadOnlyDictionary<string, string> Parameters, IReadOnlyList<NotificationContext> Notifications) ReadNotifications(Invocation invocation, CommandContext env)
    {
        if (!invocation.Bulk)
        {
            var single = new NotificationContext(env.Variables, invocation.Extras);
            return (env.Variables, single.IsPresent ? [single] : []);
        }
        var bulk = BulkInput.Read(env.Stdin);
        var parameters = new Dictionary<string, string>(env.Variables, StringComparer.Ordinal);
        foreach (var (key, value) in bulk.Parameters)
        {
            parameters[key] = value;
        }
        // The rule's parameters arrive once, before the notifications; each event needs them (the Checkmk format sends
        // the rule's fields, such as ILERT_PRIORITY, with every event).
        var ruleParameters = bulk.Parameters.Where(pair => pair.Key.StartsWith("NOTIFY_PARAMETER_", StringComparison.Ordinal)).ToList();
        return (parameters, bulk.Notifications.Select(n => new NotificationContext(WithRuleParameters(n, ruleParameters), invocation.Extras)).ToList());
    }

    private static Dictionary<string, string> WithRuleParameters(IReadOnlyDictionary<string, string> notification, IEnumerable<KeyValuePair<string, string>> ruleParameters)
    {
        var merged = new Dictionary<string, string>(notification, StringComparer.Ordinal);
        foreach (var (key, value) in ruleParameters)
        {
            merged.TryAdd(key, value);
        }
        return merged;
    }

    /// <summary>
    /// The ACKNOWLEDGEMENT the core raises for the sync's own acknowledgement (its author is the sync's): iLert accepted
    /// that alert already, and sending it back would only echo.
    /// </summary>
    private static bool IsOwnAcknowledgement(NotificationContext notification, NotifierSettings settings, CommandContext env)
    {
        if (notification.NotificationType != "ACKNOWLEDGEMENT")
        {
            return false;
        }
        AckSyncSettings? sync;
        try
        {
            sync = AckSyncSettings.Load(AckSyncSettings.PathFor(env.Site, settings.SpoolDirectory));
        }
        catch (Exception e) when (e is ConfigurationException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
        if (sync is null || !string.Equals(notification.NotificationAuthor, sync.Author, StringComparison.Ordinal))
        {
            return false;
        }
        env.Log.Information("Not sent to iLert: ACKNOWLEDGEMENT for {Incident} by {Author}, the two-way sync's own acknowledgement of an alert accepted in iLert",
            notification.IncidentKey, sync.Author);
        return true;
    }

    private static bool IsForwarded(NotificationContext notification, NotifierSettings settings, CommandContext env)
    {
        if (notification.NotificationType.Length == 0)
        {
            // Ignoring it would drop every notification of a miswired command without a trace in the core's log.
            throw new ConfigurationException($"notification for '{notification.IncidentKey}' has no type: neither NOTIFY_, NAGIOS_ or ICINGA_NOTIFICATIONTYPE nor a NOTIFICATIONTYPE= argument");
        }
        if (settings.TypeFilter.Forwards(notification.NotificationType))
        {
            return !IsOwnAcknowledgement(notification, settings, env);
        }
        env.Log.Information(
            "Ignored {Type} notification for {Incident}: forwarded types are {Forwarded}",
            notification.NotificationType,
            notification.IncidentKey,
            string.Join(",", settings.TypeFilter.Forwarded));
        return false;
    }
}
