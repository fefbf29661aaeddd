"""Box: the shape, dtype and bounds of observations and actions, shaped like Gymnasium's spaces.Box (no import)."""
import numpy as np


class Box:
    """`low`/`high` arrays of `shape` (±inf where unbounded), `dtype`, and `sample()` for bounded boxes."""

    def __init__(self, low, high, shape, dtype):
        self.shape = tuple(int(n) for n in shape)
        self.dtype = np.dtype(dtype)
        self.low = np.broadcast_to(np.asarray(low, dtype=np.float64), self.shape).astype(self.dtype)
        self.high = np.broadcast_to(np.asarray(high, dtype=np.float64), self.shape).astype(self.dtype)
        self._rng = np.random.default_rng()

    @classmethod
    def from_array_spec(cls, spec, dtype, batch: int = None) -> "Box":
        """The box of one env's ArraySpec, or of `batch` envs stacked on a leading axis."""
        shape = tuple(spec.shape)
        size = int(np.prod(shape, dtype=np.int64))
        low = np.reshape(spec.low, shape) if len(spec.low) == size else np.full(shape, -np.inf)
        high = np.reshape(spec.high, shape) if len(spec.high) == size else np.full(shape, np.inf)
        if batch is not None:
            shape = (batch, *shape)
        return cls(np.broadcast_to(low, shape), np.broadcast_to(high, shape), shape, dtype)

    def seed(self, seed=None) -> None:
        self._rng = np.random.default_rng(seed)

    def sample(self) -> np.ndarray:
        """Uniform within the bounds (only for bounded boxes)."""
        if not (np.all(np.isfinite(self.low)) and np.all(np.isfinite(self.high))):
            raise ValueError("sample() needs finite bounds")
        return self._rng.uniform(self.low, self.high).astype(self.dtype)

    def contains(self, x) -> bool:
        x = np.asarray(x)
        return x.shape == self.shape and bool(np.all(x >= self.low) and np.all(x <= self.high))

    def __repr__(self) -> str:
        return f"Box({self.low.min()}, {self.high.max()}, {self.shape}, {self.dtype})"
