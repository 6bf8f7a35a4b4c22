"""uio: in-memory streams."""

from io import BytesIO, StringIO  # noqa: F401
