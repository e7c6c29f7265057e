// Reproducible tar and gzip'd tar writing for the .mkp files (Pack).
#addin nuget:?package=SharpZipLib&version=1.4.2

using ICSharpCode.SharpZipLib.GZip;
using ICSharpCode.SharpZipLib.Tar;

public static class MkpWriter
{
    /// <summary>A plain tar (one package part): entries in the given order, owner root:root (0:0), fixed mtime, 0755 or 0644.</summary>
    public static byte[] Tar(IEnumerable<(string Name, byte[] Content, bool Executable)> files, DateTime mtime)
    {
        using var buffer = new System.IO.MemoryStream();
        using (var tar = new TarOutputStream(buffer, Encoding.UTF8) { IsStreamOwner = false })
        {
            // Files only, no folder entries: exactly what Checkmk's own `tar cf - FILES...` writes.
            foreach (var (name, content, executable) in files)
            {
                Write(tar, name, content, executable ? 0x1ED /* 0755 */ : 0x1A4 /* 0644 */, mtime);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>The .mkp itself: a gzip'd tar of the given top-level entries.</summary>
    public static byte[] GzipTar(IEnumerable<(string Name, byte[] Content, bool Executable)> entries, DateTime mtime)
    {
        var tar = Tar(entries, mtime);
        using var buffer = new System.IO.MemoryStream();
        using (var gzip = new GZipOutputStream(buffer) { IsStreamOwner = false })
        {
            gzip.SetLevel(9);
            gzip.Write(tar, 0, tar.Length);
        }
        var bytes = buffer.ToArray();
        // GZipOutputStream stamps the current time into the gzip header (bytes 4..7, RFC 1952);
        // pin it to the build's mtime. FLG must be 0: no header CRC that would cover the stamp.
        if (bytes[0] != 0x1f || bytes[1] != 0x8b || bytes[3] != 0)
            throw new InvalidOperationException("unexpected gzip header from SharpZipLib");
        var stamp = (uint)new DateTimeOffset(mtime, TimeSpan.Zero).ToUnixTimeSeconds();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4, 4), stamp);
        return bytes;
    }

    private static void Write(TarOutputStream tar, string name, byte[] content, int mode, DateTime mtime)
    {
        var entry = TarEntry.CreateTarEntry(name);
        var header = entry.TarHeader;
        header.TypeFlag = TarHeader.LF_NORMAL;
        header.Mode = mode;
        header.UserId = 0;
        header.GroupId = 0;
        header.UserName = "root";
        header.GroupName = "root";
        header.ModTime = mtime;
        header.Size = content.Length;
        tar.PutNextEntry(entry);
        if (content.Length > 0) tar.Write(content, 0, content.Length);
        tar.CloseEntry();
    }
}
