using System.Runtime.InteropServices;

namespace IlertNotify.Spool;

/// <summary>Who owns a path, and who we are: .NET has no API for either.</summary>
internal static class FileOwner
{
    // struct stat is not the same on both architectures we ship: st_uid sits at byte 28 on x86_64
    // (st_nlink is 8 bytes there) and at byte 24 on aarch64 (generic layout). Both are far below 256.
    private const int StatBufferSize = 256;

    public static uint EffectiveUserId => Libc.Geteuid();

    public static bool IsRoot => EffectiveUserId == 0;

    /// <returns>The owner's uid, or null when the path does not exist or cannot be examined.</returns>
    public static unsafe uint? OwnerOf(string path)
    {
        var buffer = stackalloc byte[StatBufferSize];
        if (Libc.Stat(path, buffer) != 0)
        {
            return null;
        }
        var offset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 28 : 24;
        return *(uint*)(buffer + offset);
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
