using System.Net.Http.Headers;
using IlertNotify.Checkmk;

namespace IlertNotify.Formats;

/// <summary>
/// One iLert alert source type we feed: everything that differs between them lives in its subclass, and only the
/// formats in <see cref="EventFormats"/> can be selected or read back from the spool.
/// </summary>
internal abstract class EventFormat
{
    /// <summary>The name in the spool header.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// The rule's <c>source_type</c> value and <c>--source-type</c>'s argument; the form's title for it is in that
    /// field's choices (Checkmk/RuleFields.json), which must list every registered format (RuleFieldTests).
    /// </summary>
    public abstract string RuleValue { get; }

    /// <summary>Where events of this format go for <paramref name="apiKey"/>.</summary>
    public abstract Uri Url(Uri endpoint, string apiKey);

    /// <summary>The key a spooled event carries (in its URL or its body), so a flush can mask it in every log line.</summary>
    public abstract string? ApiKeyOf(Uri url, byte[] body);

    /// <summary>The API base URL an event's URL was built from (<see cref="Url"/> undone).</summary>
    public abstract Uri EndpointOf(Uri url);

    /// <summary>The body with another key, where the body holds one.</summary>
    public virtual byte[] WithApiKey(byte[] body, string apiKey) => body;

    /// <summary>The request body, built from the notification context.</summary>
    public abstract byte[] Body(NotificationContext context, string apiKey);

    public abstract string ContentType { get; }

    /// <summary>Headers besides the content type that this alert source type expects.</summary>
    public virtual void AddHeaders(HttpRequestHeaders headers)
    {
    }

    public override string ToString() => Name;
}
