"""KrrDistill from Python: distill a labelled data set into a few points per class whose kernel ridge regression model
is the model trained on all the data (Chen, Huang, Weng, NeurIPS 2024).

numpy arrays in, numpy arrays out; the work runs in the NativeAOT build of the .NET library, so results are the
command line's bit for bit. Rows are samples; inputs may be uint8 (scaled by 1/255, as for images), float32 or float64
of shape (n, d) or (n, ...) (flattened), read in place when C-contiguous; labels are integer class indices 0 … k−1.

>>> model = fit(x_train, y_train, features="fcnn", seed=0)
>>> ds = distill(model, ipc=10, init="noise")
>>> ds.x, ds.y, ds.lambda_s, model.accuracy(x_test, y_test), ds.save("distilled.npz")
"""
from . import _kernels

_kernels.choose()  # before numpy loads the OpenBLAS this package shares with it

from . import _native, datasets
from .artefacts import load, load_distilled, load_model, load_statistics
from .distilled import DistilledSet, distill, distill_private, evaluate
from .errors import BadInputError, KrrDistillError
from .estimators import Distiller, KernelRidgeClassifier
from .model import Model, fit
from .statistics import Statistics

__all__ = ["fit", "distill", "distill_private", "evaluate", "load", "load_model", "load_distilled", "load_statistics",
           "Model", "DistilledSet", "Statistics", "KrrDistillError", "BadInputError", "datasets", "version",
           "KernelRidgeClassifier", "Distiller", "__version__"]


def version() -> str:
    """The library's version."""
    return _native.text(_native.lib.krr_version)


__version__ = version()
"""The library's version (the native library's, which the wheel carries: one version for both)."""
