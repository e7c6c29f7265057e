namespace IlertNotify.Platform;

/// <summary>Who owns a path, and who we are: .NET has no API for either.</summary>
internal static class FileOwner
{
    public static uint EffectiveUserId => Libc.Geteuid();

    public static bool IsRoot => EffectiveUserId == 0;

    /// <returns>The owner's uid, or null when the path does not exist or cannot be examined.</returns>
    public static unsafe uint? OwnerOf(string path)
    {
        var abi = LinuxAbi.Current;
        var buffer = stackalloc byte[abi.StatSize];
        if (Libc.Stat(path, buffer) != 0)
        {
            return null;
        }
        return *(uint*)(buffer + abi.StatUidOffset);
    }

    /// <summary>The path itself if it exists, else its nearest existing parent: who would own what we create there.</summary>
    public static (string Path, uint Uid)? NearestExistingOwner(string path)
    {
        for (var current = System.IO.Path.GetFullPath(path); !string.IsNullOrEmpty(current); current = System.IO.Path.GetDirectoryName(current))
        {
            if (OwnerOf(current) is { } uid)
            {
                return (current, uid);
            }
        }
        return null;
    }
}
