using System.Text;
using IlertNotify.Checkmk;
using IlertNotify.Logging;
using IlertNotify.Settings;
using IlertNotify.Site;
using IlertNotify.Spool;

namespace IlertNotify.Cli;

/// <summary>
/// <c>queue retarget --from-rule [--rule N|ID]</c>: re-targets queued events to where the site's iLert (spooled) rule
/// sends today (endpoint, proxy, key), so an admin fixes the rule once and never types the key. Which rule: the one
/// named with <c>--rule</c>; else the only enabled one; else, per event, the enabled rule whose key is the key the event
/// carries (an endpoint or proxy was fixed). An event no rule claims, or that two differing rules claim, stops the
/// whole run before anything is changed, with the rules listed (keys masked). <c>-e</c>/<c>-x</c> still win.
/// Each event is then rewritten by <see cref="QueueRetarget"/>: atomically, under its own name, so the order holds.
/// </summary>
internal sealed class QueueRuleRetarget(QueueRequest request, Invocation invocation, CommandContext env)
{
    private List<(NotificationRule Rule, RuleTarget? Target, string? Problem)>? rules;

    public static QueueRuleRetarget From(Invocation invocation, QueueRequest request, CommandContext env) =>
        request.KeyFromStdin
            ? throw new UsageException("queue retarget: --from-rule takes the key from the rule; leave out --key-from-stdin (or --from-rule)")
            : new QueueRuleRetarget(request, invocation, env);

    public int Run(SpoolDirectory spool, IEnumerable<string> selected, CommandContext context)
    {
        var files = selected.ToList();
        if (files.Count == 0)
        {
            return 0;
        }
        var plan = new List<(string File, RuleTarget Target)>();
        var refused = new List<string>();
        var (candidates, followAll) = Candidates();
        foreach (var file in files)
        {
            SpoolEntry entry;
            try
            {
                entry = SpoolDirectory.Read(file);
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or FormatException)
            {
                refused.Add($"  {Path.GetFileName(file)}: unreadable ({failure.Message}); purge it or re-target without it");
                continue;
            }
            var key = entry.Event.ApiKey();
            env.Masker.Add(key);
            var claimed = followAll ? candidates : candidates.Where(target => target.ApiKey == key).ToList();
            var distinct = claimed.DistinctBy(target => (target.Endpoint, target.Proxy, target.ApiKey, target.Format.Name, target.Rule.GlobalProxy)).ToList();
            var problem = distinct.Count switch
            {
                0 => $"its key {SecretMasker.Mask(key ?? "")} is in no enabled rule",
                > 1 => $"rules {string.Join(", ", claimed.Select(target => "#" + target.Rule.Number))} hold its key and differ",
                _ when distinct[0].Format.Name != entry.Event.Format.Name =>
                    $"it was written for source type {entry.Event.Format.RuleValue}, rule {distinct[0].Rule.Name} sends to source type {distinct[0].Format.RuleValue} (re-targeting does not rewrite the payload)",
                _ when distinct[0].Proxy is null && invocation.Overrides.Proxy is not { Length: > 0 } =>
                    $"rule {distinct[0].Rule.Name} uses the global proxy '{distinct[0].Rule.GlobalProxy}': give its URL with -x",
                _ => null,
            };
            if (problem is null)
            {
                plan.Add((file, distinct[0]));
            }
            else
            {
                refused.Add($"  {LogText.Escape(entry.Event.Incident)} ({entry.Name}): {problem}");
            }
        }
        if (refused.Count > 0)
        {
            throw new UsageException(new StringBuilder()
                .AppendLine($"queue retarget --from-rule: {refused.Count} of {files.Count} selected event(s) in {spool.Path} have no rule to follow; nothing was changed:")
                .AppendJoin('\n', refused.Take(20)).AppendLine(refused.Count > 20 ? $"\n  ... and {refused.Count - 20} more" : "")
                .AppendLine(Listing())
                .Append("Name the rule with --rule N (its number above, or its rule id), select fewer events (--incident, --older-than), or give -e, -x and --key-from-stdin without --from-rule.")
                .ToString());
        }
        var explicitFlags = QueueRetarget.FromFlags(invocation);
        var changed = 0;
        foreach (var group in plan.GroupBy(step => step.Target))
        {
            var target = group.Key;
            env.Log.Information("Following rule {Rule} ({Source}): {Count} event(s) to {Endpoint}, key {Key}, proxy {Proxy}",
                target.Rule.Name, target.Rule.Source, group.Count(), (explicitFlags.Endpoint ?? target.Endpoint).ToString(), SecretMasker.Mask(target.ApiKey), explicitFlags.Proxy is { } flag ? ProxySetting.Redact(flag) : target.Proxy?.ToString());
        }
        var retargets = plan.Select(step => step.Target).Distinct().ToDictionary(
            target => target,
            target => new QueueRetarget(explicitFlags.Endpoint ?? target.Endpoint, explicitFlags.Proxy ?? target.Proxy!.Value, target.ApiKey));
        foreach (var (file, target) in plan)
        {
            changed += retargets[target].Run(spool, [file], context);
        }
        return changed;
    }

    /// <summary>
    /// The rules events may follow: the named one, else every enabled one. Every event follows the named rule, or the
    /// only enabled one (it must resolve); among several, only by key, and a rule that does not resolve claims none.
    /// </summary>
    private (List<RuleTarget> Targets, bool FollowAll) Candidates()
    {
        var all = Rules();
        var named = request.Rule is { } reference ? all.Where(rule => rule.Rule.IsNamed(reference)).ToList() : null;
        if (named is { Count: 0 })
        {
            throw new UsageException($"queue retarget --rule {request.Rule}: the site has no iLert (spooled) rule with that number or id\n{Listing()}");
        }
        var chosen = named ?? all.Where(rule => !rule.Rule.Disabled).ToList();
        if (chosen.Count == 0)
        {
            throw new ConfigurationException($"queue retarget --from-rule: the site has no enabled notification rule with method iLert (spooled) in {env.Site?.NotificationRules}\n{Listing()}");
        }
        var followAll = named is not null || chosen.Count == 1;
        if (followAll && chosen[0].Problem is { } problem)
        {
            throw new ConfigurationException(problem);
        }
        return (chosen.Where(rule => rule.Target is not null).Select(rule => rule.Target!).ToList(), followAll);
    }

    private List<(NotificationRule Rule, RuleTarget? Target, string? Problem)> Rules()
    {
        if (rules is not null)
        {
            return rules;
        }
        var store = new PasswordStore(env.Site);
        rules = [];
        foreach (var rule in NotificationRuleReader.Read(env.Site))
        {
            // Before anything can fail: a message about the rule must not show a typed key.
            env.Masker.Add(RuleTarget.TypedKey(rule));
            try
            {
                var target = RuleTarget.Resolve(rule, store.Lookup);
                env.Masker.Add(target.ApiKey);
                rules.Add((rule, target, null));
            }
            catch (ConfigurationException e)
            {
                rules.Add((rule, null, e.Message));
            }
        }
        return rules;
    }

    /// <summary>The site's iLert (spooled) rules as an admin chooses among them: number, description, target, key masked.</summary>
    private string Listing()
    {
        var all = Rules();
        if (all.Count == 0)
        {
            return "The site has no notification rule with method iLert (spooled).";
        }
        var lines = all.Select(rule =>
            $"  #{rule.Rule.Number}{(rule.Rule.Id.Length > 0 ? $" ({LogText.Escape(rule.Rule.Id)})" : "")} '{LogText.Escape(rule.Rule.Description)}'{(rule.Rule.Disabled ? " [disabled]" : "")}: " +
            (rule.Target is { } target
                ? $"source type {target.Format.RuleValue} at {target.Endpoint.GetLeftPart(UriPartial.Authority)}, key {SecretMasker.Mask(target.ApiKey)}, proxy {(rule.Rule.GlobalProxy is { } global ? $"global '{global}'" : target.Proxy!.ToString())}"
                : rule.Problem));
        return "The site's iLert (spooled) rules:\n" + string.Join('\n', lines);
    }
}
