"""pybricks.messaging: messages between hubs without a connection.

On a Powered Up hub (``pybricks/messaging/pb_module_messaging.c``) this module
has ``BLERadio`` and ``AppData``. ``AppData`` exchanges data with the Pybricks
Code app on a computer; a simulated run has no such app, so it is left out.
"""

from pybricks._ble import BLERadio

__all__ = ["BLERadio"]
