namespace IlertNotify.Checkmk;

/// <summary>The core cannot be reached now (site stopped, socket or command file missing, no reader): the next run tries again.</summary>
internal sealed class CoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
