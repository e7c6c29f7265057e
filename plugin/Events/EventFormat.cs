namespace IlertNotify.Events;

/// <summary>The two iLert alert source types we feed, each with its own endpoint, body and headers.</summary>
internal enum EventFormat
{
    /// <summary>Alert source "Nagios / Icinga": XML to <c>/api/v1/events/nagios</c>, the key in the body.</summary>
    NagiosXml,

    /// <summary>Alert source "Checkmk": JSON to <c>/api/v1/events/checkmk-ext/{key}</c>, as Checkmk's built-in script sends it.</summary>
    CheckmkJson,
}

internal static class EventFormats
{
    /// <summary>The name in the spool header and on the command line.</summary>
    public static string Name(this EventFormat format) => format == EventFormat.CheckmkJson ? "checkmk-json" : "nagios-xml";

    public static EventFormat Parse(string name) => name switch
    {
        "nagios-xml" => EventFormat.NagiosXml,
        "checkmk-json" => EventFormat.CheckmkJson,
        _ => throw new FormatException($"unknown event format '{name}'"),
    };
}
