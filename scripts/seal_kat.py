#!/usr/bin/env python3
"""The known answer in Tests/KithCoreTests/SealFormatTests.swift, computed independently of
Kith with Python's `cryptography`: a sealed file (format 1) of the text "Kith" with every
random part fixed. Prints its length and SHA-256."""
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
chunk = ChaCha20Poly1305(hkdf(bytes([4] * 16), b"kith-seal v1 payload")).encrypt(bytes(11) + b"\x01", b"Kith", None)
sealed = body + mac + chunk
print(len(sealed), hashlib.sha256(sealed).hexdigest())
