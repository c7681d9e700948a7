"""A density view of a map (VOSviewer's "density visualization"): a Gaussian kernel density of the items,
weighted, on a grid over the drawing, coloured and encoded as a PNG the drawing puts under its nodes.

Pure numpy and the standard library (zlib): no imaging package.

>>> grid, box = density_grid([(0, 0, 1.0), (100, 0, 1.0)], cells=40)
>>> grid.shape, float(grid.max()), box[0] < 0 < 100 < box[2]
((26, 40), 1.0, True)
>>> png = density_png(grid)
>>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""
from __future__ import annotations

import struct
import zlib

import numpy as np

__all__ = ["DENSITY_RAMP", "density_grid", "density_rgba", "encode_png", "density_png"]

# Low to high: transparent-ish blue, green, yellow (VOSviewer's density colours, viridis-like).
DENSITY_RAMP = ["#3B528B", "#21918C", "#5EC962", "#ADDC30", "#FDE725"]


def density_grid(points: list[tuple[float, float, float]], *, cells: int = 220,
                 bandwidth: float | None = None) -> tuple[np.ndarray, tuple[float, float, float, float]]:
    """A ``(rows, cells)`` grid of the weighted Gaussian kernel density of ``points`` (``(x, y, weight)``),
    scaled to a maximum of 1, and its box ``(x0, y0, x1, y1)`` in the drawing's units (rows run down, as
    canvas y does).

    ``bandwidth`` defaults to 4% of the drawing's longer side (at least 30 units), about the
    spacing of neighbouring labels; the box is padded by three bandwidths so no kernel is cut.
    """
    P = np.asarray(points, dtype=float).reshape(-1, 3)
    if not len(P):
        return np.zeros((1, 1)), (0.0, 0.0, 1.0, 1.0)
    lo, hi = P[:, :2].min(axis=0), P[:, :2].max(axis=0)
    h = bandwidth or max(30.0, 0.04 * float((hi - lo).max()))
    lo, hi = lo - 3 * h, hi + 3 * h
    step = float((hi - lo).max()) / cells
    nx_, ny_ = max(1, int(np.ceil((hi[0] - lo[0]) / step))), max(1, int(np.ceil((hi[1] - lo[1]) / step)))
    xs = lo[0] + (np.arange(nx_) + 0.5) * step
    ys = lo[1] + (np.arange(ny_) + 0.5) * step
    # separable kernels: exp(-(dx² + dy²) / 2h²) = exp(-dx²/2h²) · exp(-dy²/2h²), summed over points
    kx = np.exp(-((xs[None, :] - P[:, 0:1]) ** 2) / (2 * h * h))  # (points, nx)
    ky = np.exp(-((ys[None, :] - P[:, 1:2]) ** 2) / (2 * h * h))  # (points, ny)
    grid = (ky * P[:, 2:3]).T @ kx  # (ny, nx)
    top = float(grid.max())
    if top > 0:
        grid = grid / top
    return grid, (float(lo[0]), float(lo[1]), float(lo[0] + nx_ * step), float(lo[1] + ny_ * step))


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def density_rgba(grid: np.ndarray, ramp: list[str] = DENSITY_RAMP) -> np.ndarray:
    """``uint8`` RGBA of ``grid`` (values 0..1): the ramp's colours, transparent where there is nothing."""
    stops = np.array([_rgb(c) for c in ramp], dtype=float)
    at = np.clip(grid, 0, 1) * (len(ramp) - 1)
    i = np.minimum(at.astype(int), len(ramp) - 2)
    frac = (at - i)[..., None]
    rgb = stops[i] * (1 - frac) + stops[i + 1] * frac
    alpha = np.clip(1.4 * np.clip(grid - 0.015, 0, 1) ** 0.8, 0, 0.85) * 255  # the kernels' far tails vanish
    return np.dstack([rgb, alpha]).round().astype(np.uint8)


def encode_png(rgba: np.ndarray) -> bytes:
    """A PNG file of an ``(h, w, 4)`` ``uint8`` array (8-bit RGBA, no filter)."""
    h, w = rgba.shape[:2]
    raw = b"".join(b"\x00" + rgba[r].tobytes() for r in range(h))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")


def density_png(grid: np.ndarray, ramp: list[str] = DENSITY_RAMP) -> bytes:
    """:func:`encode_png` of :func:`density_rgba`."""
    return encode_png(density_rgba(grid, ramp))
