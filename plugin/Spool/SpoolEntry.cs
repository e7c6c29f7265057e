using IlertNotify.Events;

namespace IlertNotify.Spool;

/// <summary>A spooled event and the file that holds it.</summary>
internal sealed record SpoolEntry(string Path, IlertEvent Event)
{
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);
}
