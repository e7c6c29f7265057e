namespace IlertNotify.Tests.Support;

/// <summary>
/// A test that needs root (a tmpfs, a bind mount, another user): skipped with that reason elsewhere. CI runs as
/// root, so there it always runs.
/// </summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute(string why)
    {
        if (Environment.UserName != "root")
        {
            Skip = $"needs root ({why}); CI runs it as root";
        }
    }
}
