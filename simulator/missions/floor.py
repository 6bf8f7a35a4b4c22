"""A printed mat as a picture (PNG or JPEG): read with Pillow, looked up by millimetre.

The world never imports pygame, so Pillow reads the picture: its size when a
mission file is checked, its pixels when a run needs them (cached per file and
change, since every run of a class reads the same mat). Any PNG (palette,
grey, 16 bits, see-through, interlaced) or JPEG will do; see-through parts
show the mat's own colour, and a picture bigger than ``KEPT_PIXELS`` is read
at a smaller size (a sensor's spot covers many millimetres anyway).

The colour sensor reads the mat 100 times a second, so ``FloorPixels.color_at``
is a few integer operations and one index into a ``bytes``.
"""

from __future__ import annotations

import math
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from PIL import Image, UnidentifiedImageError

from brickclass.language import OsReason

FORMATS = ("PNG", "JPEG")
# A picture with more pixels than this is read at a smaller size: 4 m² at 1 px/mm² (12 MB of RGB).
KEPT_PIXELS = 4_000_000
# More than Pillow's own guard against pictures made to fill the memory ("decompression bombs") is refused.
MAX_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485
# Grey 16-bit PNGs open in these modes; their samples are scaled to 8 bits (Pillow would clip them).
_WIDE_GREY = ("I", "I;16", "I;16B", "I;16L", "I;16N")
_SHARE = tuple(i / 255 for i in range(256))


class FloorError(ValueError):
    """Why a picture cannot be a mat: a key under ``missions.problem`` and its values."""

    def __init__(self, problem: str, **values: Any) -> None:
        super().__init__(problem, values)
        self.problem = problem
        self.values = values


def _open(path: Path | str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # Pillow warns above its guard and refuses at twice it; we refuse at once, in words.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path, formats=FORMATS)
    except UnidentifiedImageError as exc:
        raise FloorError("floor_not_picture") from exc
    except Image.DecompressionBombError as exc:
        raise FloorError("floor_too_big", most=MAX_PIXELS) from exc
    except OSError as exc:
        raise FloorError("floor_unreadable", reason=OsReason.of(exc)) from exc
    if image.width * image.height > MAX_PIXELS:
        image.close()
        raise FloorError("floor_too_big", most=MAX_PIXELS)
    return image


def read_header(path: Path | str) -> tuple[int, int]:
    """(width, height) in pixels of a picture we can use as a mat (only its header is read)."""
    with _open(path) as image:
        return image.size


def check_picture(path: Path | str) -> tuple[int, int]:
    """(width, height) of a mat picture, read to the end (a damaged one raises ``floor_damaged``);
    the pixels stay cached for the run that follows."""
    _loaded(*_file_key(path))
    return read_header(path)


class FloorPixels:
    """The mat's pixels as RGB bytes, north row first, and a look-up by field millimetres."""

    __slots__ = ("width", "height", "rgb", "_sx", "_sy", "_field_h")

    def __init__(self, width: int, height: int, rgb: bytes, field_size: tuple[float, float] = (1.0, 1.0)) -> None:
        self.width = width
        self.height = height
        self.rgb = rgb
        self._sx = width / field_size[0]
        self._sy = height / field_size[1]
        self._field_h = field_size[1]

    def fit(self, field_size: tuple[float, float]) -> FloorPixels:
        """The same pixels stretched over a field of ``field_size`` millimetres (a new look-up:
        the decoded picture is shared by every field that uses it)."""
        return FloorPixels(self.width, self.height, self.rgb, field_size)

    def color_at(self, x: float, y: float) -> tuple[float, float, float]:
        column = int(x * self._sx)
        row = int((self._field_h - y) * self._sy)
        # The far edges belong to the last pixel.
        if column >= self.width:
            column = self.width - 1
        if row >= self.height:
            row = self.height - 1
        at = (row * self.width + column) * 3
        rgb = self.rgb
        return (_SHARE[rgb[at]], _SHARE[rgb[at + 1]], _SHARE[rgb[at + 2]])


def decode(path: Path | str, backdrop: tuple[int, int, int] = (0, 0, 0)) -> FloorPixels:
    """All pixels of a picture as RGB; see-through parts show ``backdrop`` (the mat's colour)."""
    return _decode_cached(*_file_key(path), backdrop)


def _file_key(path: Path | str) -> tuple[str, int, int]:
    """The file and its version: a picture saved again is read again."""
    try:
        stat = Path(path).stat()
    except OSError as exc:
        raise FloorError("floor_unreadable", reason=OsReason.of(exc)) from exc
    return str(path), stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=4)
def _decode_cached(path: str, mtime_ns: int, size: int, backdrop: tuple[int, int, int]) -> FloorPixels:
    flat = _flatten(_loaded(path, mtime_ns, size), backdrop)
    return FloorPixels(flat.width, flat.height, flat.tobytes())


@lru_cache(maxsize=2)
def _loaded(path: str, _mtime_ns: int, _size: int) -> Image.Image:
    """The picture as RGB, or RGBA when it may be see-through, at most ``KEPT_PIXELS`` of it."""
    with _open(path) as image:
        shrink = _shrink_factor(*image.size)
        if shrink > 1:
            # A JPEG can be decoded straight at 1/2, 1/4 or 1/8 of its size: much quicker.
            image.draft("RGB", (image.width // shrink, image.height // shrink))
        try:
            image.load()
            if image.mode in _WIDE_GREY:
                image = image.point(lambda sample: sample / 256).convert("L")
            see_through = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info
            image = image.convert("RGBA" if see_through else "RGB")
        except (OSError, SyntaxError, ValueError) as exc:  # Pillow's words for a picture cut short or damaged
            raise FloorError("floor_damaged") from exc
    shrink = _shrink_factor(*image.size)
    return image.reduce(shrink) if shrink > 1 else image


def _shrink_factor(width: int, height: int) -> int:
    """The smallest whole factor that brings the picture down to ``KEPT_PIXELS``."""
    return max(1, math.ceil(math.sqrt(width * height / KEPT_PIXELS)))


def _flatten(image: Image.Image, backdrop: tuple[int, int, int]) -> Image.Image:
    """The picture as opaque RGB: see-through pixels laid over ``backdrop``."""
    if image.mode == "RGBA":
        lowest, _highest = cast(tuple[int, int], image.getchannel("A").getextrema())
        if lowest < 255:  # most mats are saved with alpha, but opaque
            image = Image.alpha_composite(Image.new("RGBA", image.size, (*backdrop, 255)), image)
    return image.convert("RGB") if image.mode != "RGB" else image
