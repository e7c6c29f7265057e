namespace IlertNotify.Platform;

/// <summary>Reads <see cref="FileKind"/> with <c>lstat</c>/<c>fstat</c>, and whether a path still names an open file.</summary>
internal static class FileKinds
{
    /// <summary>The path itself, a link not followed; <see cref="FileKind.Missing"/> also when it cannot be examined.</summary>
    public static unsafe FileKind At(string path)
    {
        var buffer = stackalloc byte[LinuxAbi.Current.StatSize];
        return Libc.Lstat(path, buffer) == 0 ? Of(buffer) : FileKind.Missing;
    }

    public static unsafe FileKind Of(int fd)
    {
        var buffer = stackalloc byte[LinuxAbi.Current.StatSize];
        return Libc.Fstat(fd, buffer) == 0 ? Of(buffer) : FileKind.Missing;
    }

    /// <summary>True when <paramref name="path"/> still names the file open as <paramref name="fd"/> (not removed or replaced).</summary>
    public static unsafe bool IsStillAt(int fd, string path)
    {
        var abi = LinuxAbi.Current;
        var open = stackalloc byte[abi.StatSize];
        var named = stackalloc byte[abi.StatSize];
        return Libc.Fstat(fd, open) == 0 && Libc.Lstat(path, named) == 0
            && *(ulong*)(open + abi.StatDeviceOffset) == *(ulong*)(named + abi.StatDeviceOffset)
            && *(ulong*)(open + abi.StatInodeOffset) == *(ulong*)(named + abi.StatInodeOffset);
    }

    private static unsafe FileKind Of(byte* stat)
    {
        var abi = LinuxAbi.Current;
        var type = (int)*(uint*)(stat + abi.StatModeOffset) & abi.FileTypeMask;
        return type == abi.FileTypeRegular ? FileKind.Regular
            : type == abi.FileTypeDirectory ? FileKind.Directory
            : type == abi.FileTypeSymbolicLink ? FileKind.SymbolicLink
            : FileKind.Other;
    }
}
