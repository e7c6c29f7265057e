/*
 * Binds exp, exp2, log, log2 and pow to their oldest symbol versions.
 *
 * glibc 2.29 added new versions of these five (faster, no SVID error handling);
 * a binary linked against a newer glibc asks for e.g. log@GLIBC_2.29 and refuses
 * to start on RHEL 8, SLES 15, Debian 11 or Ubuntu 20.04. Linked with
 * -Wl,--wrap=<name>, every call goes through the wrappers below, which call the
 * versions every glibc since the architecture's first release has. For finite
 * arguments both versions return the same values; only errno/matherr handling of
 * domain errors differs, which .NET does not use.
 */
#if defined(__x86_64__)
#define GLIBC_BASE "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define GLIBC_BASE "GLIBC_2.17"
#else
#error "unsupported architecture: add its first glibc symbol version"
#endif

#define BIND_OLD_1(name)                                              \
    double ilert_compat_##name(double x);                             \
    __asm__(".symver ilert_compat_" #name ", " #name "@" GLIBC_BASE); \
    double __wrap_##name(double x) { return ilert_compat_##name(x); }

#define BIND_OLD_2(name)                                              \
    double ilert_compat_##name(double x, double y);                   \
    __asm__(".symver ilert_compat_" #name ", " #name "@" GLIBC_BASE); \
    double __wrap_##name(double x, double y) { return ilert_compat_##name(x, y); }

BIND_OLD_1(exp)
BIND_OLD_1(exp2)
BIND_OLD_1(log)
BIND_OLD_1(log2)
BIND_OLD_2(pow)
