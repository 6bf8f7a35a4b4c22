"""uerrno: the error numbers a hub knows."""

from hubos.errors import ERRNO as _ERRNO

EPERM = _ERRNO["EPERM"]
EIO = _ERRNO["EIO"]
EBUSY = _ERRNO["EBUSY"]
ENODEV = _ERRNO["ENODEV"]
EINVAL = _ERRNO["EINVAL"]
EOPNOTSUPP = _ERRNO["EOPNOTSUPP"]
EAGAIN = _ERRNO["EAGAIN"]
ETIMEDOUT = _ERRNO["ETIMEDOUT"]
ECANCELED = _ERRNO["ECANCELED"]

errorcode = {number: name for name, number in _ERRNO.items() if name != "ENOENT"}
