"""The hub's motion sensor (pb_type_imu.c)."""

import math

from hubos.args import get_array, get_float
from pybricks._common import HUB, float32, hub_link
from pybricks._linalg import Matrix, _f32, vector
from pybricks.parameters import Axis, Side


def _extract_axis(axis):
    """An axis as the IMU takes it (pb_type_imu_extract_axis): a Matrix of 3 entries."""
    if not isinstance(axis, Matrix):
        raise TypeError("Axis must be Matrix.")
    if axis._m * axis._n != 3:
        raise ValueError("Axis must be 1x3 or 3x1 matrix.")
    return [_f32(value * axis._scale) for value in axis._data]


def _normalized(values):
    norm = math.sqrt(sum(v * v for v in values))
    if norm == 0.0:
        raise ValueError("Invalid argument")
    return [v / norm for v in values]


def _cross(a, b):
    return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]


def _project(axis, values):
    """The component of ``values`` along ``axis``, whatever its length (pbio_geometry_vector_project)."""
    unit = _normalized(axis)
    return float32(sum(u * v for u, v in zip(unit, values)))


def _side_from_vector(values):
    """The side a vector points out of: largest component and its sign (pbio_geometry_side_from_vector)."""
    largest = 0.0
    axis = 0
    negative = True
    for index, value in enumerate(values):
        if value > largest:
            largest, axis, negative = value, index, False
        elif -value > largest:
            largest, axis, negative = -value, index, True
    return (Side.FRONT, Side.LEFT, Side.TOP, None, Side.BACK, Side.RIGHT, Side.BOTTOM)[axis + 4 * negative]


# The forward axis of the IMU's newest frame, for the world (sent with the hub's "init").
_imu_base = []


class IMU:
    """The hub's motion sensor, in the frame the program chose with top_side/front_side.

    There is one: every hub object made gets it, in the newest frame (pb_type_IMU_obj_new).
    """

    _one = None

    def __new__(cls, top_side=Axis.Z, front_side=Axis.X):
        if IMU._one is None:
            IMU._one = object.__new__(cls)
        return IMU._one

    def __init__(self, top_side=Axis.Z, front_side=Axis.X):
        # As pbio_imu_set_base_orientation: the front axis is read first; both
        # are normalised and must be perpendicular (within 0.001).
        front = _normalized(_extract_axis(front_side))
        top = _normalized(_extract_axis(top_side))
        if abs(sum(t * f for t, f in zip(top, front))) > 0.001:
            raise ValueError("Invalid argument")
        left = _cross(top, front)
        # Where the hub's own x, y and z axes point in the robot's frame: a
        # hub-frame vector v is reported as v.x * front + v.y * left + v.z * top.
        self._columns = (front, left, top)
        # The heading follows the program's x axis, which in the hub's frame is
        # (front.x, left.x, top.x); the world sets the heading to 0 with it.
        _imu_base[:] = [front[0], left[0], top[0]]

    def _to_user(self, vec):
        front, left, top = self._columns
        return [vec[0] * front[i] + vec[1] * left[i] + vec[2] * top[i] for i in range(3)]

    def _vector_or_axis(self, key, axis, calibrated):
        # Uncalibrated: as the sensor gives them, before the IMU settings.
        values = self._to_user(hub_link().read(HUB, key if calibrated else key + "_raw"))
        if axis is None:
            return vector(values[0], values[1], values[2])
        return _project(_extract_axis(axis), values)

    def up(self, calibrated=True):
        # Which side of the hub itself faces up: the hub's frame, not the robot's.
        key = "gravity_up" if calibrated else "acceleration_raw"
        return _side_from_vector(hub_link().read(HUB, key))

    def tilt(self, calibrated=True):
        # Pitch and roll in degrees, as floats, from the gravity direction in
        # the robot's frame (pb_type_imu_tilt; 57.296 is the firmware's factor).
        key = "gravity_up" if calibrated else "acceleration_raw"
        x, y, z = (_f32(v) for v in self._to_user(hub_link().read(HUB, key)))
        pitch = math.atan2(-x, _f32(math.sqrt(_f32(z * z + y * y))))
        roll = math.atan2(y, z)
        return (float32(_f32(pitch) * 57.296), float32(_f32(roll) * 57.296))

    def acceleration(self, axis=None, calibrated=True):
        return self._vector_or_axis("acceleration", axis, calibrated)

    def angular_velocity(self, axis=None, calibrated=True):
        return self._vector_or_axis("angular_velocity", axis, calibrated)

    def heading(self):
        return float(hub_link().read(HUB, "heading"))

    def reset_heading(self, angle):
        # The hub refuses while a drive base steers with the gyro before it
        # even looks at the angle.
        try:
            value = get_float(angle)
        except TypeError:
            hub_link().call(HUB, "reset_heading", [None])
            raise
        hub_link().call(HUB, "reset_heading", [value])

    def rotation(self, axis=None, calibrated=True):
        # The firmware lets the axis default to None, then refuses it.
        direction = _extract_axis(axis)
        values = self._to_user(hub_link().read(HUB, "rotation" if calibrated else "rotation_raw"))
        return _project(direction, values)

    def orientation(self):
        rows = hub_link().read(HUB, "orientation")
        return Matrix(rows)

    def ready(self):
        return bool(hub_link().read(HUB, "imu_ready"))

    def stationary(self):
        return bool(hub_link().read(HUB, "stationary"))

    def settings(
        self,
        angular_velocity_threshold=None,
        acceleration_threshold=None,
        heading_correction=None,
        angular_velocity_bias=None,
        angular_velocity_scale=None,
        acceleration_correction=None,
    ):
        given = (angular_velocity_threshold, acceleration_threshold, heading_correction,
                 angular_velocity_bias, angular_velocity_scale, acceleration_correction)
        if all(value is None for value in given):
            # (threshold, threshold, bias, scale, gravity, heading correction), as single-precision floats.
            values = hub_link().call(HUB, "imu_settings", [None])
            return tuple(tuple(float32(v) for v in value) if isinstance(value, list) else float32(value)
                         for value in values)
        # Read and checked in the firmware's order (pb_type_imu_settings).
        changes = []
        if angular_velocity_threshold is not None:
            changes.append(["angular_velocity_threshold", _f32(get_float(angular_velocity_threshold))])
        if acceleration_threshold is not None:
            changes.append(["acceleration_threshold", _f32(get_float(acceleration_threshold))])
        for name, value, size, message in (
            ("angular_velocity_bias", angular_velocity_bias, 3,
             "Angular velocity bias must be a 3-element tuple."),
            ("angular_velocity_scale", angular_velocity_scale, 3,
             "Angular velocity scale must be a 3-element tuple."),
            ("acceleration_correction", acceleration_correction, 6,
             "Acceleration correction must be a 6-element tuple."),
        ):
            if value is None:
                continue
            items = get_array(value)
            if len(items) != size:
                raise ValueError(message)
            changes.append([name, [_f32(get_float(item)) for item in items]])
        if heading_correction is not None:
            changes.append(["heading_correction", _f32(get_float(heading_correction))])
        hub_link().call(HUB, "imu_settings", [changes])
        return None
