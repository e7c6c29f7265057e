/* LD_PRELOAD shim for the clock-step test: CLOCK_REALTIME shifted by CLOCK_SHIFT_SECONDS (may be negative),
   as after an NTP step or a VM resume. Monotonic clocks are left alone, as the kernel leaves them. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>

int clock_gettime(clockid_t id, struct timespec *ts)
{
    static int (*real)(clockid_t, struct timespec *);
    if (!real)
        real = (int (*)(clockid_t, struct timespec *))dlsym(RTLD_NEXT, "clock_gettime");
    int result = real(id, ts);
    const char *shift = getenv("CLOCK_SHIFT_SECONDS");
    if (result == 0 && shift && (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE))
        ts->tv_sec += atol(shift);
    return result;
}
