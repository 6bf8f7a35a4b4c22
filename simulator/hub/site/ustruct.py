"""ustruct: pack and unpack binary data."""

from struct import calcsize, pack, pack_into, unpack, unpack_from  # noqa: F401
