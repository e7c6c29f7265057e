namespace IlertNotify.Tests.Support;

/// <summary>
/// One run through a core: a service and a host each go PROBLEM, ACKNOWLEDGEMENT, RECOVERY, then the service enters
/// a downtime. Every forwarded notification must reach the stand-in as the reference plugin would send it (entries,
/// key, path); the downtime must send nothing.
/// </summary>
public static class CoreScenario
{
    // A save under qemu takes 1-2 s; an ignored type stops before the spool, so this is ample for "nothing came".
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(8);

    private static readonly (string Command, string Type, string Host, string Service)[] Forwarded =
    [
        ("PROCESS_SERVICE_CHECK_RESULT;web01;HTTP;2;CRITICAL - connection refused", "PROBLEM", "web01", "HTTP"),
        ("ACKNOWLEDGE_SVC_PROBLEM;web01;HTTP;2;1;0;tester;looking into it", "ACKNOWLEDGEMENT", "web01", "HTTP"),
        ("PROCESS_SERVICE_CHECK_RESULT;web01;HTTP;0;OK - 200 in 0.1 s", "RECOVERY", "web01", "HTTP"),
        ("PROCESS_HOST_CHECK_RESULT;db01;1;DOWN - no answer to ping", "PROBLEM", "db01", ""),
        ("ACKNOWLEDGE_HOST_PROBLEM;db01;2;1;0;tester;on it", "ACKNOWLEDGEMENT", "db01", ""),
        ("PROCESS_HOST_CHECK_RESULT;db01;0;UP - ping 0.2 ms", "RECOVERY", "db01", ""),
    ];

    public static async Task RunAsync(MonitoringCore core, FakeIlert ilert, string expectedKey)
    {
        foreach (var (command, type, host, service) in Forwarded)
        {
            await core.SubmitAsync(command);
            var record = await core.WaitForRecordAsync(type, host, service);
            ReceivedEvent? received = null;
            await core.PollAsync(() => (received = ilert.Received.FirstOrDefault(e => CoreRecord.IdentityOf(e.Entries) == (type, host, service))) is not null, $"{type} for {host}/{service} at the stand-in");

            Assert.Equal(expectedKey, record.ReferenceApiKey());
            Assert.Equal(expectedKey, received!.ApiKey);
            Assert.Equal("/api/v1/events/nagios", received.Path);
            Assert.Empty(record.DifferencesFrom(received.Entries));
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await core.SubmitAsync($"SCHEDULE_SVC_DOWNTIME;web01;HTTP;{now};{now + 600};1;0;600;tester;maintenance");
        await core.WaitForRecordAsync("DOWNTIMESTART", "web01", "HTTP");
        await Task.Delay(Settle);

        Assert.Equal(Forwarded.Length, ilert.Received.Count);
        Assert.Equal(Forwarded.Length, core.Records().Count(r => r.Identity.Type is "PROBLEM" or "ACKNOWLEDGEMENT" or "RECOVERY"));
    }
}
