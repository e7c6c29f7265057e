namespace IlertNotify.Tests.Support;

/// <summary>A private spool per test, and Checkmk-like environments pointing at a fake iLert.</summary>
[Collection(NotifierCollection.Name)]
public abstract class NotifierTestBase(PublishedNotifier notifier) : IDisposable
{
    public const string ApiKey = "il1api0123456789abcdefSECRET";

    protected PublishedNotifier Notifier { get; } = notifier;
    protected string WorkDirectory { get; } = Directory.CreateTempSubdirectory("ilert-e2e-").FullName;
    protected string SpoolDirectory => Path.Combine(WorkDirectory, "spool");
    protected string FailedDirectory => Path.Combine(SpoolDirectory, "failed");

    /// <summary>An endpoint nothing listens on: iLert (or the network) down.</summary>
    protected static string DownEndpoint() => $"http://127.0.0.1:{FakeIlert.FreePort()}";

    protected string[] QueuedFiles() =>
        Directory.Exists(SpoolDirectory) ? Directory.GetFiles(SpoolDirectory, "*.event").Order(StringComparer.Ordinal).ToArray() : [];

    protected string[] FailedFiles(string extension = "*.event") =>
        Directory.Exists(FailedDirectory) ? Directory.GetFiles(FailedDirectory, extension) : [];

    /// <summary>A service PROBLEM as Checkmk passes it, with our rule form's parameters.</summary>
    protected Dictionary<string, string> ServiceNotification(string endpoint, string host = "web01", string service = "CPU load", string type = "PROBLEM", string output = "CRIT - load 12.3") => new()
    {
        ["OMD_SITE"] = "mysite",
        ["NOTIFY_WHAT"] = "SERVICE",
        ["NOTIFY_NOTIFICATIONTYPE"] = type,
        ["NOTIFY_HOSTNAME"] = host,
        ["NOTIFY_HOSTADDRESS"] = "10.0.0.1",
        ["NOTIFY_SERVICEDESC"] = service,
        ["NOTIFY_SERVICESTATE"] = type == "RECOVERY" ? "OK" : "CRITICAL",
        ["NOTIFY_SERVICEOUTPUT"] = output,
        ["NOTIFY_SERVICEPROBLEMID"] = "4711",
        ["NOTIFY_CONTACTNAME"] = "cmkadmin",
        ["NOTIFY_PARAMETER_API_KEY"] = "password\t" + ApiKey,
        ["NOTIFY_PARAMETER_API_KEY_1"] = "password",
        ["NOTIFY_PARAMETER_API_KEY_2"] = ApiKey,
        ["NOTIFY_PARAMETER_ENDPOINT"] = endpoint,
        ["NOTIFY_PARAMETER_SPOOL_DIR"] = SpoolDirectory,
        ["NOTIFY_PARAMETER_TIMEOUT"] = "2",
    };

    protected Task<NotifierResult> SaveAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        NotifierProcess.RunAsync(Notifier.BinaryPath, environment, args);

    protected Task<NotifierResult> SendAsync(params string[] extraArgs) => SendFromAsync(SpoolDirectory, extraArgs);

    /// <summary>The cron job's call for a given spool: no notification context, no rule.</summary>
    protected Task<NotifierResult> SendFromAsync(string spool, params string[] extraArgs) =>
        NotifierProcess.RunAsync(Notifier.BinaryPath, new Dictionary<string, string>(), ["send", "-d", spool, .. extraArgs]);

    /// <summary>The same notification, spooled into another directory (the rule's spool field).</summary>
    protected static Dictionary<string, string> OnSpool(Dictionary<string, string> environment, string spool)
    {
        environment["NOTIFY_PARAMETER_SPOOL_DIR"] = spool;
        return environment;
    }

    /// <summary>A fake Checkmk site ($OMD_ROOT) in the work directory.</summary>
    protected string FakeSite => Path.Combine(WorkDirectory, "site");

    /// <summary>The cron job's environment in <see cref="FakeSite"/>: an <c>omd</c> that succeeds, the shipped cron file in place.</summary>
    protected Dictionary<string, string> FakeSiteEnvironment()
    {
        var fakeBin = Path.Combine(WorkDirectory, "fakebin");
        if (!Directory.Exists(fakeBin))
        {
            Directory.CreateDirectory(fakeBin);
            File.WriteAllText(Path.Combine(fakeBin, "omd"), "#!/bin/sh\nexit 0\n");
            File.SetUnixFileMode(Path.Combine(fakeBin, "omd"), (UnixFileMode)0b111_101_101);
            var shipped = Path.Combine(FakeSite, "local", "lib", "ilert_notify", "ilert_notify.cron");
            Directory.CreateDirectory(Path.GetDirectoryName(shipped)!);
            File.WriteAllText(shipped, "* * * * * $OMD_ROOT/local/bin/ilert-notify send >> $OMD_ROOT/var/log/ilert_notify.log 2>&1\n");
        }
        return new Dictionary<string, string> { ["OMD_ROOT"] = FakeSite, ["OMD_SITE"] = "mysite", ["PATH"] = $"{fakeBin}:/usr/bin:/bin" };
    }

    /// <summary>Removes what a test class made beside <see cref="WorkDirectory"/>.</summary>
    protected virtual void CleanUp()
    {
    }

    public void Dispose()
    {
        CleanUp();
        Directory.Delete(WorkDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
