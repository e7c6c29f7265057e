using System.Globalization;

namespace IlertNotify.Checkmk;

/// <summary>
/// External commands for the monitoring core, as Nagios defines them and Checkmk's livestatus passes them on. Names go
/// in between semicolons and the line ends the command: a host, service or author with ';' or a line break is refused
/// (it would split into fields or commands of its own), a comment has them replaced.
/// </summary>
internal static class CoreCommands
{
    /// <summary>Checkmk's GUI sends 2 for a sticky acknowledgement (it stays until the object is OK/UP again).</summary>
    public const int Sticky = 2;

    /// <param name="service">Empty for a host problem.</param>
    /// <returns>e.g. <c>ACKNOWLEDGE_SVC_PROBLEM;web01;HTTP;2;1;1;ilert;Accepted in iLert by ...</c>: sticky, notify, persistent.</returns>
    /// <exception cref="ArgumentException">A host, service or author that cannot go into a command safely.</exception>
    public static string Acknowledge(string host, string service, string author, string comment)
    {
        Require(host, "host");
        Require(author, "author");
        if (service.Length > 0)
        {
            Require(service, "service");
        }
        var text = comment.Replace(';', ',').Replace('\r', ' ').Replace('\n', ' ');
        return service.Length > 0
            ? string.Create(CultureInfo.InvariantCulture, $"ACKNOWLEDGE_SVC_PROBLEM;{host};{service};{Sticky};1;1;{author};{text}")
            : string.Create(CultureInfo.InvariantCulture, $"ACKNOWLEDGE_HOST_PROBLEM;{host};{Sticky};1;1;{author};{text}");
    }

    /// <summary>A name that can stand between semicolons on one line.</summary>
    public static bool IsSafeName(string name) => name.Length > 0 && name.AsSpan().IndexOfAny(";\r\n\0") < 0;

    private static void Require(string name, string what)
    {
        if (!IsSafeName(name))
        {
            throw new ArgumentException($"the {what} name is empty or contains ';', a line break or a NUL: it cannot go into a core command safely");
        }
    }

    /// <summary>The <c>[unix time] </c> every external command starts with.</summary>
    public static string Timestamped(string command, DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"[{now.ToUnixTimeSeconds()}] {command}");
}
