/* LD_PRELOAD shim for spool-write faults that no filesystem here produces on demand:
     FAULT_DIRSYNC_ERRNO=N    fsync(2) of a directory fails with errno N (what O_DIRECT did to every save on aarch64);
     FAULT_CREATE_MATCH=TEXT  open(2) with O_CREAT of a path containing TEXT fails with ENOSPC,
     FAULT_CREATE_NTH=N       ... only the Nth such open in this process (default: every one);
     FAULT_SLOW_CREATE_MATCH=TEXT  open(2) with O_CREAT of a path containing TEXT first sleeps 200 ms (a slow disk:
                              widens the window in which concurrent processes race for the same file). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void slow_create(const char *path, int flags)
{
    const char *match = getenv("FAULT_SLOW_CREATE_MATCH");
    if ((flags & O_CREAT) && match && *match && path && strstr(path, match)) {
        struct timespec pause = {0, 200 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
}

static int create_fails(const char *path, int flags)
{
    static int seen;
    const char *match = getenv("FAULT_CREATE_MATCH");
    if (!(flags & O_CREAT) || !match || !*match || !path || !strstr(path, match))
        return 0;
    const char *nth = getenv("FAULT_CREATE_NTH");
    seen++;
    return !nth || !*nth || atoi(nth) == seen;
}

/* One shim for open(2)-like calls: DIR is empty for open/open64 and "int dir," for openat/openat64. */
#define CREATE_SHIM(name, DIR, DIR_ARG)                                                    \
    int name(DIR const char *path, int flags, ...)                                         \
    {                                                                                      \
        static int (*real)(DIR const char *, int, ...);                                    \
        if (!real)                                                                         \
            real = (int (*)(DIR const char *, int, ...))dlsym(RTLD_NEXT, #name);           \
        va_list args;                                                                      \
        va_start(args, flags);                                                             \
        mode_t mode = (flags & O_CREAT) ? va_arg(args, mode_t) : 0;                        \
        va_end(args);                                                                      \
        slow_create(path, flags);                                                          \
        if (create_fails(path, flags)) {                                                   \
            errno = ENOSPC;                                                                \
            return -1;                                                                     \
        }                                                                                  \
        return real(DIR_ARG path, flags, mode);                                            \
    }

#define NO_DIR
#define AT_DIR int dir,
#define AT_DIR_ARG dir,
CREATE_SHIM(open, NO_DIR, NO_DIR)
CREATE_SHIM(open64, NO_DIR, NO_DIR)
CREATE_SHIM(openat, AT_DIR, AT_DIR_ARG)
CREATE_SHIM(openat64, AT_DIR, AT_DIR_ARG)

int fsync(int fd)
{
    static int (*real)(int);
    if (!real)
        real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    const char *fail = getenv("FAULT_DIRSYNC_ERRNO");
    struct stat st;
    if (fail && *fail && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        errno = atoi(fail);
        return -1;
    }
    return real(fd);
}
