"""ujson: JSON text to and from Python values."""

import json as _json


def dumps(obj, separators=None):
    return _json.dumps(obj, separators=separators or (", ", ": "))


def loads(text):
    return _json.loads(text)


def dump(obj, stream, separators=None):
    stream.write(dumps(obj, separators))


def load(stream):
    return _json.loads(stream.read())
