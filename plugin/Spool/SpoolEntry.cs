using IlertNotify.Events;

namespace IlertNotify.Spool;

/// <summary>A spooled event, what happened to it so far, and the file that holds both.</summary>
internal sealed record SpoolEntry(string Path, IlertEvent Event, DeliveryRecord Record)
{
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);
}
