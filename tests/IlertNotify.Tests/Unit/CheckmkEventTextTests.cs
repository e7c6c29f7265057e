using System.Text;
using System.Text.Json;
using IlertNotify.Checkmk;
using IlertNotify.Formats;

namespace IlertNotify.Tests.Unit;

/// <summary>
/// EVENT_TXT as Checkmk 2.5's built-in iLert body carries it. The expected strings are what Checkmk's templates
/// (docs/DESIGN.md, "Checkmk's EVENT_TXT") give for each context, worked out by hand from the rule.
/// </summary>
public sealed class CheckmkEventTextTests
{
    private static readonly Dictionary<string, string> Service = new()
    {
        ["WHAT"] = "SERVICE",
        ["PREVIOUSSERVICEHARDSHORTSTATE"] = "WARN",
        ["SERVICESHORTSTATE"] = "CRIT",
        ["LASTSERVICESHORTSTATE"] = "OK",
        ["PREVIOUSHOSTHARDSHORTSTATE"] = "UP",
        ["HOSTSHORTSTATE"] = "UP",
    };

    private static readonly Dictionary<string, string> Host = new()
    {
        ["WHAT"] = "HOST",
        ["PREVIOUSHOSTHARDSHORTSTATE"] = "UP",
        ["HOSTSHORTSTATE"] = "DOWN",
        ["LASTHOSTSHORTSTATE"] = "UP",
    };

    [Theory]
    [InlineData("PROBLEM", "WARN -> CRIT")]
    [InlineData("ACKNOWLEDGEMENT", "Acknowledged (CRIT)")]
    [InlineData("FLAPPINGSTART", "Started Flapping")]
    [InlineData("FLAPPINGSTOP", "Stopped Flapping (CRIT)")]
    [InlineData("FLAPPINGDISABLED", "Disabled Flapping (CRIT)")]
    [InlineData("DOWNTIMESTART", "Downtime Start (CRIT)")]
    [InlineData("DOWNTIMEEND", "Downtime End (CRIT)")]
    [InlineData("DOWNTIMECANCELLED", "Downtime Cancelled (CRIT)")]
    [InlineData("CUSTOM", "Custom Notification (CRIT)")]
    [InlineData("ALERTHANDLER (OK)", "ALERTHANDLER (OK)")]
    [InlineData("recovery", "recovery")]
    public void A_service_notification_reads_its_types_template_with_the_service_states(string type, string expected)
    {
        Assert.Equal(expected, CheckmkEventText.For(With(Service, type), isService: true));
    }

    [Theory]
    [InlineData("PROBLEM", "UP -> DOWN")]
    [InlineData("ACKNOWLEDGEMENT", "Acknowledged (DOWN)")]
    [InlineData("FLAPPINGSTART", "Started Flapping")]
    [InlineData("FLAPPINGSTOP", "Stopped Flapping (DOWN)")]
    [InlineData("FLAPPINGDISABLED", "Disabled Flapping (DOWN)")]
    [InlineData("DOWNTIMESTART", "Downtime Start (DOWN)")]
    [InlineData("DOWNTIMEEND", "Downtime End (DOWN)")]
    [InlineData("DOWNTIMECANCELLED", "Downtime Cancelled (DOWN)")]
    [InlineData("CUSTOM", "Custom Notification (DOWN)")]
    [InlineData("ALERTHANDLER (OK)", "ALERTHANDLER (OK)")]
    public void A_host_notification_reads_its_types_template_with_the_host_states(string type, string expected)
    {
        Assert.Equal(expected, CheckmkEventText.For(With(Host, type), isService: false));
    }

    [Fact]
    public void A_recovery_reads_previous_hard_state_to_current_state()
    {
        var context = With(Service, "RECOVERY");
        context["SERVICESHORTSTATE"] = "OK";

        Assert.Equal("WARN -> OK", CheckmkEventText.For(context, isService: true));
    }

    [Fact]
    public void A_host_notification_ignores_the_service_states_it_also_carries()
    {
        var context = With(Service, "PROBLEM");
        context["WHAT"] = "HOST";
        context["HOSTSHORTSTATE"] = "DOWN";

        Assert.Equal("UP -> DOWN", CheckmkEventText.For(context, isService: true));
    }

    [Fact]
    public void A_missing_previous_hard_state_leaves_its_side_empty_and_the_last_state_does_not_stand_in()
    {
        var host = With(Host, "PROBLEM");
        host.Remove("PREVIOUSHOSTHARDSHORTSTATE");
        var service = With(Service, "RECOVERY");
        service.Remove("PREVIOUSSERVICEHARDSHORTSTATE");
        service["SERVICESHORTSTATE"] = "OK";

        Assert.Equal(" -> DOWN", CheckmkEventText.For(host, isService: false));
        Assert.Equal(" -> OK", CheckmkEventText.For(service, isService: true));
    }

    [Fact]
    public void A_missing_current_state_leaves_the_parentheses_empty()
    {
        var context = With(Host, "ACKNOWLEDGEMENT");
        context.Remove("HOSTSHORTSTATE");

        Assert.Equal("Acknowledged ()", CheckmkEventText.For(context, isService: false));
    }

    [Fact]
    public void Without_WHAT_the_notification_decides_between_host_and_service_macros()
    {
        var context = With(Service, "PROBLEM");
        context.Remove("WHAT");

        Assert.Equal("WARN -> CRIT", CheckmkEventText.For(context, isService: true));
        Assert.Equal("UP -> UP", CheckmkEventText.For(context, isService: false));
    }

    [Fact]
    public void A_macro_inside_a_state_is_filled_once_more_and_an_unknown_one_dropped()
    {
        var context = With(Service, "ACKNOWLEDGEMENT");
        context["SERVICESHORTSTATE"] = "$LASTSERVICESHORTSTATE$/$NO_SUCH_MACRO$";

        Assert.Equal("Acknowledged (OK/)", CheckmkEventText.For(context, isService: true));
    }

    [Fact]
    public void Without_a_notification_type_there_is_no_text()
    {
        Assert.Null(CheckmkEventText.For(Service, isService: true));
    }

    [Fact]
    public void The_Checkmk_body_gains_EVENT_TXT_and_the_Nagios_body_does_not()
    {
        var context = new NotificationContext(new Dictionary<string, string>
        {
            ["NOTIFY_WHAT"] = "SERVICE",
            ["NOTIFY_NOTIFICATIONTYPE"] = "PROBLEM",
            ["NOTIFY_HOSTNAME"] = "web01",
            ["NOTIFY_SERVICEDESC"] = "CPU load",
            ["NOTIFY_PREVIOUSSERVICEHARDSHORTSTATE"] = "OK",
            ["NOTIFY_SERVICESHORTSTATE"] = "CRIT",
        });

        Assert.Equal("OK -> CRIT", JsonBody(context)["EVENT_TXT"]);
        Assert.DoesNotContain("EVENT_TXT", Encoding.UTF8.GetString(EventFormats.NagiosXml.Body(context, "key")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_Checkmk_or_an_argument_already_passed_is_kept()
    {
        var fromCheckmk = new NotificationContext(new Dictionary<string, string>
        {
            ["NOTIFY_WHAT"] = "HOST",
            ["NOTIFY_NOTIFICATIONTYPE"] = "PROBLEM",
            ["NOTIFY_HOSTSHORTSTATE"] = "DOWN",
            ["NOTIFY_EVENT_TXT"] = "UP -> DOWN (from Checkmk)",
        });
        var fromArgument = new NotificationContext(fromCheckmk.Variables, [new("EVENT_TXT", "given")]);

        Assert.Equal("UP -> DOWN (from Checkmk)", JsonBody(fromCheckmk)["EVENT_TXT"]);
        Assert.Equal("given", JsonBody(fromArgument)["EVENT_TXT"]);
    }

    private static Dictionary<string, string> With(Dictionary<string, string> context, string type) =>
        new(context, StringComparer.Ordinal) { ["NOTIFICATIONTYPE"] = type };

    private static Dictionary<string, string> JsonBody(NotificationContext context) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(EventFormats.CheckmkJson.Body(context, "il1key0123456789abcdefSECRET"))!;
}
