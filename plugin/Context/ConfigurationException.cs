namespace IlertNotify.Context;

/// <summary>A permanent problem with the configuration: retrying the same call cannot help (exit 2).</summary>
internal sealed class ConfigurationException(string message) : Exception(message);
