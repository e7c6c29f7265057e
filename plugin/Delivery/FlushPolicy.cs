using IlertNotify.Settings;

namespace IlertNotify.Delivery;

/// <summary>How a flush may spend its time.</summary>
/// <param name="Deadline">Nothing is sent, and no request slot waited for, past this moment.</param>
/// <param name="AvoidTroubledEndpoints">A save's flush: endpoints that did not answer lately, and paused alert
/// sources, are left to cron rather than tried again while Checkmk waits.</param>
/// <param name="RateBudget">From the command line (<c>send --rate-limit</c>): overrides the budget queued events were saved with.</param>
/// <param name="RememberIncidents">The site has the two-way sync on: problems iLert takes are remembered (<c>Spool.IncidentMemory</c>).</param>
internal sealed record FlushPolicy(DateTimeOffset Deadline, bool AvoidTroubledEndpoints, RateBudget? RateBudget = null, bool RememberIncidents = false);
