/*
 * Binds log() and pow() to their oldest symbol versions.
 *
 * glibc 2.29 added new versions of log and pow (faster, no SVID error handling);
 * a binary linked against a newer glibc asks for log@GLIBC_2.29 and refuses to
 * start on RHEL 8, SLES 15, Debian 11 or Ubuntu 20.04. Linked with
 * -Wl,--wrap=log,--wrap=pow, every call goes through the wrappers below, which
 * call the versions every glibc since the architecture's first release has.
 * Results are identical for the values .NET passes (finite doubles).
 */
#if defined(__x86_64__)
#define GLIBC_BASE "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define GLIBC_BASE "GLIBC_2.17"
#else
#error "unsupported architecture: add its first glibc symbol version"
#endif

double ilert_compat_log(double x);
double ilert_compat_pow(double x, double y);

__asm__(".symver ilert_compat_log, log@" GLIBC_BASE);
__asm__(".symver ilert_compat_pow, pow@" GLIBC_BASE);

double __wrap_log(double x) { return ilert_compat_log(x); }
double __wrap_pow(double x, double y) { return ilert_compat_pow(x, y); }
