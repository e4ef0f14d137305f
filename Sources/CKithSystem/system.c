#include "ckithsystem.h"

#include <errno.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__linux__)
#include <linux/magic.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/vfs.h>

int kith_is_memory_filesystem(const char *path) {
    struct statfs info;
    if (statfs(path, &info) != 0) return -errno;
    return info.f_type == TMPFS_MAGIC || info.f_type == RAMFS_MAGIC;
}

void kith_forbid_core_dumps(void) {
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}
#else
int kith_is_memory_filesystem(const char *path) { return 0; }
void kith_forbid_core_dumps(void) {}
#endif

#if defined(__linux__)
#include <linux/keyctl.h>

static long search(const char *description) {
    return syscall(SYS_keyctl, KEYCTL_SEARCH, KEY_SPEC_USER_KEYRING, "user", description, 0);
}

int kith_keyring_put(const char *description, const void *bytes, size_t length, unsigned seconds) {
    long id = syscall(SYS_add_key, "user", description, bytes, length, KEY_SPEC_USER_KEYRING);
    if (id < 0) return -errno;
    if (syscall(SYS_keyctl, KEYCTL_SET_TIMEOUT, id, seconds) < 0) {
        int error = errno;
        syscall(SYS_keyctl, KEYCTL_INVALIDATE, id);
        return -error;
    }
    return 0;
}

long kith_keyring_get(const char *description, void *buffer, size_t capacity) {
    long id = search(description);
    if (id < 0) return -errno;
    long length = syscall(SYS_keyctl, KEYCTL_READ, id, buffer, capacity);
    return length < 0 ? -errno : length;
}

int kith_keyring_forget(const char *description) {
    long id = search(description);
    if (id < 0) return -errno;
    return syscall(SYS_keyctl, KEYCTL_INVALIDATE, id) < 0 ? -errno : 0;
}
#else
int kith_keyring_put(const char *d, const void *b, size_t l, unsigned s) { return -ENOSYS; }
long kith_keyring_get(const char *d, void *b, size_t c) { return -ENOSYS; }
int kith_keyring_forget(const char *d) { return -ENOSYS; }
#endif
