using IlertNotify.Checkmk;
using IlertNotify.Delivery;
using IlertNotify.Settings;
using IlertNotify.Spool;
using Serilog;

namespace IlertNotify.Sync;

/// <summary>
/// One run of the two-way sync, after the flush: only while remembered problems are open, read the accepted alerts
/// (one or two requests), pair them with those problems, and acknowledge each in the core that is still a problem
/// and not yet acknowledged there: sticky, persistent, with <c>Accepted in iLert by NAME (URL)</c>. Queries before and
/// after where the core can be asked (livestatus). Never throws for what iLert or the core did.
/// </summary>
internal sealed class AckSyncRun(AckSyncSettings settings, ICoreChannel core, DeliveryOptions options, ILogger log, TimeProvider clock)
{
    // Saves flush under the same lock with no wait: the sync holds it only to merge what it learned.
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(5);

    /// <param name="startIndex">Where the last run stopped reading iLert's accepted alerts (<see cref="AckSyncReport.NextStartIndex"/>).</param>
    public async Task<AckSyncReport> RunAsync(IReadOnlyList<SpoolDirectory> spools, DateTimeOffset deadline, int startIndex = 0)
    {
        var now = clock.GetUtcNow();
        var memories = spools.Select(spool => (Spool: spool, Memory: IncidentMemory.Load(spool.IncidentsPath, now))).ToList();
        var open = memories.SelectMany(m => m.Memory.Open).Where(incident => incident.AcknowledgedFor is null).ToList();
        var report = new AckSyncReport { Open = open.Count };
        if (open.Count == 0)
        {
            return report;
        }

        // Filter by source id when every open problem's source is known by id; else ask unfiltered and learn the ids.
        var known = memories.SelectMany(m => m.Memory.SourceIds).GroupBy(pair => pair.Key).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        var sourceIds = open.All(incident => known.ContainsKey(incident.Source))
            ? open.Select(incident => known[incident.Source]).Distinct().ToList()
            : [];
        var answer = await AlertsClient.FetchAcceptedAsync(settings, sourceIds, deadline - clock.GetUtcNow(), options, clock, startIndex).ConfigureAwait(false);
        report = report with { Requests = answer.Requests, Failure = answer.Failure, Error = answer.Detail, NextStartIndex = answer.NextStartIndex };

        var openSources = open.Select(incident => incident.Source).ToHashSet(StringComparer.Ordinal);
        var learned = AlertMatcher.BySource(open, answer.Alerts)
            .Where(pair => openSources.Contains(pair.Key))
            .SelectMany(pair => pair.Value.Where(alert => alert.SourceId is not null).Take(1).Select(alert => (Source: pair.Key, Id: alert.SourceId!.Value)))
            .ToList();
        var matches = AlertMatcher.Match(open, answer.Alerts);
        report = report with { Accepted = matches.Count };
        var handled = new List<(RememberedIncident Incident, long AlertId)>();
        var sent = new List<(RememberedIncident Incident, IlertAlert Alert)>();
        foreach (var (incident, alert) in matches)
        {
            if (clock.GetUtcNow() >= deadline)
            {
                log.Information("Ack sync: the run's time is up; {Count} accepted alert(s) wait for the next run", matches.Count - handled.Count);
                break;
            }
            var outcome = await AcknowledgeAsync(incident, alert, deadline).ConfigureAwait(false);
            if (outcome is Outcome.CoreUnavailable { Reason: var reason })
            {
                report = report with { Error = reason };
                log.Warning("Ack sync: {Reason}; trying again next run", reason);
                break;
            }
            if (outcome is Outcome.Sent)
            {
                sent.Add((incident, alert));
                continue;
            }
            report = report with { Skipped = report.Skipped + 1 };
            if (outcome is not Outcome.LeaveForNextRun)
            {
                handled.Add((incident, alert.Id));
            }
        }
        var confirmed = await ConfirmAsync(sent, deadline).ConfigureAwait(false);
        handled.AddRange(confirmed.Select(pair => (pair.Incident, pair.Alert.Id)));
        report = report with { Acknowledged = confirmed.Count };
        Merge(memories.Select(m => m.Spool), learned, handled);
        return report;
    }

    private abstract record Outcome
    {
        public sealed record Sent : Outcome;
        public sealed record Done : Outcome;
        public sealed record LeaveForNextRun : Outcome;
        public sealed record CoreUnavailable(string Reason) : Outcome;
    }

    private async Task<Outcome> AcknowledgeAsync(RememberedIncident incident, IlertAlert alert, DateTimeOffset deadline)
    {
        var link = AlertLink.For(settings.Endpoint, alert.Id);
        string command;
        try
        {
            command = CoreCommands.Acknowledge(incident.Host, incident.Service, settings.Author, $"Accepted in iLert by {alert.AcceptedBy ?? "an iLert user"} ({link})");
        }
        catch (ArgumentException e)
        {
            log.Error("Ack sync: {Incident} was accepted in iLert ({Link}), but is not acknowledged: {Error}", incident.Incident, link, e.Message);
            return new Outcome.Done();
        }
        var left = deadline - clock.GetUtcNow();
        using var timeout = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero, clock);
        try
        {
            if (core.CanQuery)
            {
                var before = await core.QueryAsync(incident.Host, incident.Service, timeout.Token).ConfigureAwait(false);
                if (before is null)
                {
                    log.Information("Ack sync: {Incident} was accepted in iLert ({Link}), but the core knows no such object (renamed or removed): nothing to acknowledge", incident.Incident, link);
                    return new Outcome.Done();
                }
                if (before.State == 0)
                {
                    // OK again: its RECOVERY is on its way to iLert and drops the incident.
                    log.Information("Ack sync: {Incident} was accepted in iLert ({Link}), but is OK again: not acknowledged", incident.Incident, link);
                    return new Outcome.LeaveForNextRun();
                }
                if (before.Acknowledged)
                {
                    log.Information("Ack sync: {Incident} was accepted in iLert ({Link}) and is acknowledged in the core already", incident.Incident, link);
                    return new Outcome.Done();
                }
            }
            await core.SendAsync(command, clock.GetUtcNow(), timeout.Token).ConfigureAwait(false);
            return new Outcome.Sent();
        }
        catch (CoreUnavailableException e)
        {
            return new Outcome.CoreUnavailable(e.Message);
        }
        catch (OperationCanceledException)
        {
            return new Outcome.CoreUnavailable($"{core.Describe} did not answer within the time this run had left");
        }
    }

    // The core takes commands asynchronously (livestatus answers none): it is asked again a few times before the run gives up.
    private static readonly TimeSpan ConfirmWait = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ConfirmPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>Re-checks, where the core can be asked, that each acknowledgement took; one not shown is looked at again next run.</summary>
    private async Task<List<(RememberedIncident Incident, IlertAlert Alert)>> ConfirmAsync(List<(RememberedIncident Incident, IlertAlert Alert)> sent, DateTimeOffset deadline)
    {
        var confirmed = new List<(RememberedIncident Incident, IlertAlert Alert)>();
        var pending = sent;
        var until = clock.GetUtcNow() + ConfirmWait < deadline ? clock.GetUtcNow() + ConfirmWait : deadline;
        while (pending.Count > 0)
        {
            var still = new List<(RememberedIncident Incident, IlertAlert Alert)>();
            foreach (var pair in pending)
            {
                if (!core.CanQuery || await IsAcknowledgedAsync(pair.Incident, deadline).ConfigureAwait(false))
                {
                    confirmed.Add(pair);
                    log.Information("Ack sync: {Incident} acknowledged as {Author}: accepted in iLert by {Who} ({Link})",
                        pair.Incident.Incident, settings.Author, pair.Alert.AcceptedBy ?? "an iLert user", AlertLink.For(settings.Endpoint, pair.Alert.Id));
                }
                else
                {
                    still.Add(pair);
                }
            }
            pending = still;
            if (pending.Count == 0 || clock.GetUtcNow() >= until)
            {
                break;
            }
            await Task.Delay(ConfirmPoll, clock).ConfigureAwait(false);
        }
        foreach (var (incident, _) in pending)
        {
            log.Warning("Ack sync: acknowledged {Incident} through {Core}, but the core does not show it acknowledged; looking again next run", incident.Incident, core.Describe);
        }
        return confirmed;
    }

    private async Task<bool> IsAcknowledgedAsync(RememberedIncident incident, DateTimeOffset deadline)
    {
        var left = deadline - clock.GetUtcNow();
        using var timeout = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero, clock);
        try
        {
            return await core.QueryAsync(incident.Host, incident.Service, timeout.Token).ConfigureAwait(false) is { Acknowledged: true };
        }
        catch (Exception e) when (e is CoreUnavailableException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>What this run learned goes into each spool's memory under the spool lock, re-read there (a flush may have changed it).</summary>
    private void Merge(IEnumerable<SpoolDirectory> spools, List<(string Source, long Id)> learned, List<(RememberedIncident Incident, long AlertId)> handled)
    {
        if (learned.Count == 0 && handled.Count == 0)
        {
            return;
        }
        foreach (var spool in spools)
        {
            using var held = SpoolLock.TryAcquire(spool.LockPath, LockWait);
            if (held is null)
            {
                log.Information("Ack sync: {Lock} is busy; what this run learned is learned again next run", spool.LockPath);
                continue;
            }
            var memory = IncidentMemory.Load(spool.IncidentsPath, clock.GetUtcNow());
            foreach (var (source, id) in learned.Where(l => memory.Open.Any(incident => incident.Source == l.Source)))
            {
                memory.LearnSourceId(source, id);
            }
            foreach (var (incident, alertId) in handled)
            {
                if (memory.Open.FirstOrDefault(known => known.Source == incident.Source && known.Incident == incident.Incident && known.Opened == incident.Opened) is { } current)
                {
                    memory.MarkAcknowledged(current, alertId);
                }
            }
            if (memory.Changed)
            {
                try
                {
                    memory.Save(spool.IncidentsPath, clock.GetUtcNow());
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    log.Warning("Ack sync: cannot store {File}: {Error}", spool.IncidentsPath, e.Message);
                }
            }
        }
    }
}
