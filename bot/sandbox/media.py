"""The sandbox's media files: small PNG, GIF and MP4 bytes generated from each medium's name, served by
every platform server at /_sandbox/media/<name>, so archiving media runs against real image bytes.

A sandbox medium is stored as a path ("/_sandbox/media/3fa9c2d1.png") and rendered as an absolute URL on
the server that renders it (`absolute`). A video's poster frame is the PNG at `poster_of(its path)`.
"""

from __future__ import annotations

import secrets
import struct
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.sandbox.servers.base import SandboxHandler

MEDIA_PREFIX = "/_sandbox/media/"
EXTENSIONS = {"photo": "png", "gif": "gif", "video": "mp4"}
POSTER_SUFFIX = "-poster.png"


def new_media_path(kind: str) -> str:
    return f"{MEDIA_PREFIX}{secrets.token_hex(4)}.{EXTENSIONS[kind]}"


def absolute(base_url: str, url: str) -> str:
    """A sandbox medium's URL on the server at `base_url`; any other URL unchanged."""
    return base_url.rstrip("/") + url if url.startswith(MEDIA_PREFIX) else url


def poster_of(url: str) -> str:
    """The poster frame of a sandbox video (or GIF) at `url`; a URL from elsewhere has none, so itself."""
    if MEDIA_PREFIX not in url:
        return url
    return url.rsplit(".", 1)[0] + POSTER_SUFFIX


def _colour(name: str) -> tuple[int, int, int]:
    n = zlib.crc32(name.encode())
    return (64 + n % 160, 64 + (n >> 8) % 160, 64 + (n >> 16) % 160)


def png(name: str, width: int = 48, height: int = 32) -> bytes:
    """A small RGB PNG: a colour from `name`, with a darker diagonal band, so files differ by name."""
    r, g, b = _colour(name)
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            band = abs(x - y * width // height) < 4
            rows += bytes((r // 3, g // 3, b // 3) if band else (r, g, b))

    def chunk(tag: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows)))
        + chunk(b"IEND", b"")
    )


def _lzw_uncompressed(pixels: bytes, min_code_size: int = 8) -> bytes:
    """GIF image data without compression: a clear code every 100 literals keeps every code 9 bits wide."""
    clear, end = 1 << min_code_size, (1 << min_code_size) + 1
    width = min_code_size + 1
    codes: list[int] = []
    for i, p in enumerate(pixels):
        if i % 100 == 0:
            codes.append(clear)
        codes.append(p)
    codes.append(end)
    bits = 0
    count = 0
    out = bytearray()
    for code in codes:
        bits |= code << count
        count += width
        while count >= 8:
            out.append(bits & 0xFF)
            bits >>= 8
            count -= 8
    if count:
        out.append(bits & 0xFF)
    blocks = bytearray([min_code_size])
    for i in range(0, len(out), 255):
        part = out[i : i + 255]
        blocks += bytes([len(part)]) + part
    return bytes(blocks + b"\x00")


def gif(name: str, width: int = 32, height: int = 24, frames: int = 2) -> bytes:
    """A small animated GIF: a square that moves across `frames` frames, colours from `name`."""
    r, g, b = _colour(name)
    palette = bytes((r, g, b, 255 - r, 255 - g, 255 - b)) + bytes(3 * 254)
    out = bytearray(b"GIF89a" + struct.pack("<HHBBB", width, height, 0xF7, 0, 0) + palette)
    out += b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"  # loop forever
    for f in range(frames):
        out += b"\x21\xf9\x04\x04" + struct.pack("<H", 40) + b"\x00\x00"  # 0.4 s per frame
        out += b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0)
        left = f * (width - 8) // max(frames - 1, 1)
        pixels = bytes(
            1 if left <= x < left + 8 and 8 <= y < 16 else 0 for y in range(height) for x in range(width)
        )
        out += _lzw_uncompressed(pixels)
    return bytes(out + b"\x3b")


def mp4(name: str) -> bytes:
    """An MP4's opening boxes (ftyp, an empty moov) and padding: what the archiver sniffs, not a film."""
    ftyp = struct.pack(">I", 24) + b"ftypisom" + struct.pack(">I", 512) + b"isomiso2"
    free = struct.pack(">I", 8 + 2048) + b"free" + (name.encode() * 2048)[:2048]
    return ftyp + free


def media_bytes(path: str) -> tuple[bytes, str] | None:
    """(bytes, content type) for a sandbox media path, or None if it names none."""
    name = path[len(MEDIA_PREFIX) :] if path.startswith(MEDIA_PREFIX) else ""
    if not name or "/" in name:
        return None
    if name.endswith(POSTER_SUFFIX) or name.endswith(".png"):
        return png(name), "image/png"
    if name.endswith(".gif"):
        return gif(name), "image/gif"
    if name.endswith(".mp4"):
        return mp4(name), "video/mp4"
    return None


def serve(handler: SandboxHandler) -> None:
    """Answer GET /_sandbox/media/<name> (no token needed, like a platform's CDN)."""
    found = media_bytes(handler.url_path)
    if found is None:
        handler.send_raw(404, b"not found", "text/plain", {})
        return
    data, ctype = found
    handler.send_raw(200, data, ctype, {"Cache-Control": "max-age=86400"})
