"""The density image of a map (graph.drawing.density): where the weight is, and a PNG a real reader reads whole."""
from __future__ import annotations

import io

import numpy as np
from PIL import Image  # Pillow comes with Streamlit: the reader, not the writer

from graph.drawing.density import density_grid, density_png, density_rgba


def _cell(grid, box, x, y):
    x0, y0, x1, y1 = box
    rows, cols = grid.shape
    return grid[int((y - y0) / (y1 - y0) * rows), int((x - x0) / (x1 - x0) * cols)]


def test_the_density_peaks_at_the_heavier_cluster_and_fades_to_nothing():
    points = [(0, 0, 5.0), (10, 5, 5.0), (400, 300, 1.0)]
    grid, box = density_grid(points)
    assert grid.max() == 1.0 and grid.min() >= 0
    heavy, light, between = _cell(grid, box, 5, 2), _cell(grid, box, 400, 300), _cell(grid, box, 200, 150)
    assert heavy > 0.9 and 0.05 < light < 0.5 and between < 0.01
    assert box[0] < 0 and box[1] < 0 and box[2] > 400 and box[3] > 300  # padded: no kernel is cut
    assert grid[0, 0] < 1e-3 and grid[-1, -1] < 1e-3


def test_weight_moves_the_peak():
    grid, box = density_grid([(0, 0, 1.0), (300, 0, 3.0)])
    assert _cell(grid, box, 300, 0) > 2 * _cell(grid, box, 0, 0)


def test_the_png_reads_back_whole_with_transparent_edges():
    grid, _ = density_grid([(0, 0, 1.0), (120, 80, 2.0)])
    image = Image.open(io.BytesIO(density_png(grid)))
    image.load()  # every row decoded: a truncated or corrupt file raises here
    assert image.mode == "RGBA" and image.size == (grid.shape[1], grid.shape[0])
    pixels = np.asarray(image)
    assert (pixels == density_rgba(grid)).all()
    assert pixels[0, 0, 3] == 0 and pixels[..., 3].max() > 150  # empty corners, an opaque peak


def test_no_points_give_an_empty_grid():
    grid, box = density_grid([])
    assert grid.shape == (1, 1) and grid.max() == 0 and box == (0.0, 0.0, 1.0, 1.0)
