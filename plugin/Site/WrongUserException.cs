namespace IlertNotify.Site;

/// <summary>Root was about to write into files another user owns: refused, nothing changed (exit 2).</summary>
internal sealed class WrongUserException(string message) : Exception(message);
