"""qflow.v1 Tensor ↔ numpy: packed little-endian bytes in row-major order, shape and dtype alongside."""
import numpy as np

from ._stubs.qflow.v1 import tensor_pb2

NUMPY_DTYPES = {
    tensor_pb2.DTYPE_FLOAT32: np.dtype("<f4"),
    tensor_pb2.DTYPE_FLOAT64: np.dtype("<f8"),
    tensor_pb2.DTYPE_INT32: np.dtype("<i4"),
    tensor_pb2.DTYPE_INT64: np.dtype("<i8"),
    tensor_pb2.DTYPE_UINT8: np.dtype("u1"),
    tensor_pb2.DTYPE_BOOL: np.dtype("?"),
}
WIRE_DTYPES = {dtype: wire for wire, dtype in NUMPY_DTYPES.items()}


def numpy_dtype(wire_dtype: int) -> np.dtype:
    if wire_dtype not in NUMPY_DTYPES:
        raise ValueError(f"unsupported tensor dtype {tensor_pb2.Dtype.Name(wire_dtype) if wire_dtype in tensor_pb2.Dtype.values() else wire_dtype}")
    return NUMPY_DTYPES[wire_dtype]


def decode_tensor(tensor: tensor_pb2.Tensor) -> np.ndarray:
    """A read-only numpy view of the tensor's bytes, in native byte order, with the tensor's shape."""
    dtype = numpy_dtype(tensor.dtype)
    shape = tuple(tensor.shape)
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(tensor.data) != expected:
        raise ValueError(f"tensor of shape {list(shape)} and dtype {dtype} needs {expected} bytes, got {len(tensor.data)}")
    array = np.frombuffer(tensor.data, dtype=dtype).reshape(shape)
    return array.astype(dtype.newbyteorder("="), copy=False)


def encode_tensor(array) -> tensor_pb2.Tensor:
    """Packs an array (float32/float64/int32/int64/uint8/bool) as a little-endian row-major Tensor."""
    array = np.asarray(array)
    little = array.dtype.newbyteorder("<") if array.dtype.byteorder not in ("|", "<") else array.dtype
    if little not in WIRE_DTYPES:
        raise ValueError(f"cannot send dtype {array.dtype}; valid: float32, float64, int32, int64, uint8, bool")
    data = np.ascontiguousarray(array, dtype=little).tobytes()
    return tensor_pb2.Tensor(dtype=WIRE_DTYPES[little], shape=list(array.shape), data=data)
