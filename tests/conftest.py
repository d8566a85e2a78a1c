"""Repository-wide pytest set-up."""

import matplotlib

matplotlib.use("Agg")
