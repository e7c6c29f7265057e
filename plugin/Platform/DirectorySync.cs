namespace IlertNotify.Platform;

/// <summary>Makes a create or rename in a directory durable: <c>fsync(2)</c> on the directory itself.</summary>
internal static class DirectorySync
{
    public static void Sync(string directory)
    {
        var abi = LinuxAbi.Current;
        var fd = Libc.Open(directory, abi.OpenReadOnly | abi.OpenDirectory | abi.OpenCloseOnExec, 0);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {directory} to sync it ({Libc.LastErrorMessage()})");
        }
        try
        {
            if (Libc.Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory {directory} failed ({Libc.LastErrorMessage()})");
            }
        }
        finally
        {
            Libc.Close(fd);
        }
    }
}
