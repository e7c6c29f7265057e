namespace IlertNotify.Platform;

/// <summary>What stands at a path or behind a descriptor, read with <c>lstat</c>/<c>fstat</c> (.NET cannot tell a FIFO from a file).</summary>
internal enum FileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,

    /// <summary>A FIFO, socket or device.</summary>
    Other,
}
