namespace IlertNotify.Spool;

/// <summary>The spool cannot take an event (disk full, permissions, missing directory).</summary>
internal sealed class SpoolException(string message, Exception? inner = null) : Exception(message, inner);
