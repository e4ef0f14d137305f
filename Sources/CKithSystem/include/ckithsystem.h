#ifndef CKITHSYSTEM_H
#define CKITHSYSTEM_H

#include <stddef.h>

/// What Swift cannot reach on Linux: system calls that are variadic (keyctl, prctl) or
/// declared where Glibc's module does not export them (statfs).

/// The Linux kernel's user keyring, reached by its system calls (the interface libkeyutils
/// wraps), for keeping an encrypted store's key for a while: never in a file, gone at the
/// timeout, at `kith lock`, or at reboot. Each returns 0 on success and -errno on failure.

/// Adds (or replaces) a "user" key named `description` holding `length` bytes, which the
/// kernel forgets after `seconds`.
int kith_keyring_put(const char *description, const void *bytes, size_t length, unsigned seconds);

/// Reads the key named `description` into `buffer` (at most `capacity` bytes); returns its
/// length, or -errno (-ENOKEY when there is none, or it expired).
long kith_keyring_get(const char *description, void *buffer, size_t capacity);

/// Forgets the key named `description`.
int kith_keyring_forget(const char *description);

/// 1 when `path` is on a file system kept in memory (tmpfs, ramfs), 0 when not, -errno on failure.
int kith_is_memory_filesystem(const char *path);

/// Keeps this process's memory out of core dumps and away from other processes of the same
/// user (no dump, no ptrace attach): for a process holding a decrypted store.
void kith_forbid_core_dumps(void);

#endif
