#ifndef CKITHKEYRING_H
#define CKITHKEYRING_H

#include <stddef.h>

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

#endif
