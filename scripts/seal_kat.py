#!/usr/bin/env python3
"""The known answer in Tests/KithCoreTests/SealFormatTests.swift, computed independently of
Kith with Python's `cryptography`: a sealed file (format 1) of the text "Kith" with every
random part fixed, and of 70,000 bytes of "k" (two chunks). Prints each length and SHA-256."""
import hashlib
import hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY = bytes(range(32))


def hkdf(salt, info):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt or None, info=info).derive(KEY)


body = b"KITHSEAL" + bytes([1, 1, 17, 8, 1]) + bytes([7] * 16) + bytes([3] * 16) + bytes([4] * 16)
body += bytes([1] * 60) + bytes([0])  # the passphrase wrap (fixed filler), no recovery wrap
mac = hmac.new(hkdf(b"", b"kith-seal v1 header"), body, hashlib.sha256).digest()
aead = ChaCha20Poly1305(hkdf(bytes([4] * 16), b"kith-seal v1 payload"))


def sealed(text):
    """Chunks of 64 KiB; a chunk's nonce is its number (bytes 3-10, big-endian) and a last flag."""
    size = 64 * 1024
    parts = [text[i:i + size] for i in range(0, len(text), size)] or [b""]
    out = body + mac
    for n, part in enumerate(parts):
        nonce = bytes(3) + n.to_bytes(8, "big") + (b"\x01" if n == len(parts) - 1 else b"\x00")
        out += aead.encrypt(nonce, part, None)
    return out


for text in [b"Kith", b"k" * 70000]:
    file = sealed(text)
    print(len(file), hashlib.sha256(file).hexdigest())
