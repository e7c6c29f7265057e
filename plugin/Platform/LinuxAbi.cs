using System.Runtime.InteropServices;

namespace IlertNotify.Platform;

/// <summary>
/// Every libc constant, errno and struct layout the notifier hands to or reads from the OS, per architecture we ship.
/// They are not the same everywhere: <c>O_DIRECTORY</c> is 0x10000 on x86-64 but 0x4000 on aarch64, where 0x10000 is
/// <c>O_DIRECT</c> (a directory opened with it fails with EINVAL); <c>struct stat</c> has other sizes and offsets.
/// Each value names its C expression: PlatformAbiTests compiles all of them against each target's own headers
/// (<c>clang --target=&lt;triple&gt;</c>) and fails on any difference, so a row cannot drift from its architecture.
/// </summary>
internal sealed record LinuxAbi
{
    /// <summary>The row of the architecture this process runs on; any other architecture is refused, not guessed.</summary>
    public static LinuxAbi Current { get; } = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => X64,
        Architecture.Arm64 => Arm64,
        var other => throw new PlatformNotSupportedException($"no libc ABI table for {other}: add a row to {nameof(LinuxAbi)}"),
    };

    public static LinuxAbi X64 => new()
    {
        ClangTarget = "x86_64-linux-gnu",
        OpenReadOnly = 0,
        OpenReadWrite = 2,
        OpenCreate = 0x40,
        OpenDirectory = 0x10000,
        OpenCloseOnExec = 0x80000,
        OpenNonBlocking = 0x800,
        OpenNoFollow = 0x20000,
        LockExclusive = 2,
        LockNonBlocking = 4,
        ErrorInterrupted = 4,
        ErrorWouldBlock = 11,
        ErrorAccessDenied = 13,
        StatSize = 144,
        StatDeviceOffset = 0,
        StatInodeOffset = 8,
        StatModeOffset = 24,
        StatUidOffset = 28,
        FileTypeMask = 0xF000,
        FileTypeRegular = 0x8000,
        FileTypeDirectory = 0x4000,
        FileTypeSymbolicLink = 0xA000,
        SyslogPid = 0x01,
        SyslogFacilityUser = 8,
        SyslogCritical = 2,
        SyslogError = 3,
        SyslogWarning = 4,
        SyslogInfo = 6,
        SyslogDebug = 7,
    };

    public static LinuxAbi Arm64 => X64 with
    {
        ClangTarget = "aarch64-linux-gnu",
        OpenDirectory = 0x4000,
        OpenNoFollow = 0x8000,
        StatSize = 128,
        StatModeOffset = 16,
        StatUidOffset = 24,
    };

    /// <summary>The triple whose headers define this row.</summary>
    public required string ClangTarget { get; init; }

    [CExpression("O_RDONLY")]
    public required int OpenReadOnly { get; init; }

    [CExpression("O_RDWR")]
    public required int OpenReadWrite { get; init; }

    [CExpression("O_CREAT")]
    public required int OpenCreate { get; init; }

    [CExpression("O_DIRECTORY")]
    public required int OpenDirectory { get; init; }

    [CExpression("O_CLOEXEC")]
    public required int OpenCloseOnExec { get; init; }

    /// <summary>An open that never waits: a FIFO put where a file of ours belongs would otherwise block it.</summary>
    [CExpression("O_NONBLOCK")]
    public required int OpenNonBlocking { get; init; }

    /// <summary>A link put where a file of ours belongs is refused (ELOOP), not written through.</summary>
    [CExpression("O_NOFOLLOW")]
    public required int OpenNoFollow { get; init; }

    [CExpression("LOCK_EX")]
    public required int LockExclusive { get; init; }

    [CExpression("LOCK_NB")]
    public required int LockNonBlocking { get; init; }

    [CExpression("EINTR")]
    public required int ErrorInterrupted { get; init; }

    [CExpression("EWOULDBLOCK")]
    public required int ErrorWouldBlock { get; init; }

    [CExpression("EACCES")]
    public required int ErrorAccessDenied { get; init; }

    [CExpression("sizeof(struct stat)")]
    public required int StatSize { get; init; }

    [CExpression("offsetof(struct stat, st_dev)")]
    public required int StatDeviceOffset { get; init; }

    [CExpression("offsetof(struct stat, st_ino)")]
    public required int StatInodeOffset { get; init; }

    [CExpression("offsetof(struct stat, st_mode)")]
    public required int StatModeOffset { get; init; }

    [CExpression("S_IFMT")]
    public required int FileTypeMask { get; init; }

    [CExpression("S_IFREG")]
    public required int FileTypeRegular { get; init; }

    [CExpression("S_IFDIR")]
    public required int FileTypeDirectory { get; init; }

    [CExpression("S_IFLNK")]
    public required int FileTypeSymbolicLink { get; init; }

    [CExpression("offsetof(struct stat, st_uid)")]
    public required int StatUidOffset { get; init; }

    [CExpression("LOG_PID")]
    public required int SyslogPid { get; init; }

    [CExpression("LOG_USER")]
    public required int SyslogFacilityUser { get; init; }

    [CExpression("LOG_CRIT")]
    public required int SyslogCritical { get; init; }

    [CExpression("LOG_ERR")]
    public required int SyslogError { get; init; }

    [CExpression("LOG_WARNING")]
    public required int SyslogWarning { get; init; }

    [CExpression("LOG_INFO")]
    public required int SyslogInfo { get; init; }

    [CExpression("LOG_DEBUG")]
    public required int SyslogDebug { get; init; }
}
