"""scikit-learn estimators: :class:`KernelRidgeClassifier` (the original model, any labels, ``partial_fit`` from
batches) and :class:`Distiller` (the model distilled into a few points per class; ``fit_resample`` returns them, as
imbalanced-learn's samplers do). With scikit-learn installed they derive from its ``BaseEstimator`` and
``ClassifierMixin`` and validate inputs as its estimators do, so ``clone``, ``Pipeline``, ``GridSearchCV`` and joblib
take them; without it they keep the same methods.

>>> clf = KernelRidgeClassifier(features="fcnn").fit(x_train, y_train)
>>> clf.score(x_test, y_test), clf.classes_
>>> x_s, y_s = Distiller(ipc=10).fit_resample(x_train, y_train)
"""
import inspect
from typing import Any, Dict, Optional, Tuple

import numpy as np

from . import _params
from .distilled import DistilledSet, distill
from .model import Model, fit
from .statistics import Statistics

try:
    from sklearn.base import BaseEstimator as _EstimatorBase
    from sklearn.base import ClassifierMixin as _ClassifierBase
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.multiclass import check_classification_targets
    from sklearn.utils.validation import check_is_fitted

    try:  # scikit-learn ≥ 1.6
        from sklearn.utils.validation import validate_data as _validate_data
    except ImportError:  # older: a method of BaseEstimator
        def _validate_data(estimator, *args, **kwargs):
            return estimator._validate_data(*args, **kwargs)

    HAVE_SKLEARN = True
except ImportError:  # the same methods without scikit-learn
    HAVE_SKLEARN = False

    class NotFittedError(ValueError, AttributeError):  # type: ignore[no-redef]
        """An estimator used before ``fit`` (scikit-learn's own class when it is installed)."""

    class _EstimatorBase:  # type: ignore[no-redef]
        """get_params/set_params from the constructor's parameters, as scikit-learn's BaseEstimator has them."""

        @classmethod
        def _get_param_names(cls):
            return sorted(p.name for p in inspect.signature(cls.__init__).parameters.values()
                          if p.name != "self" and p.kind != p.VAR_KEYWORD)

        def get_params(self, deep: bool = True) -> Dict[str, Any]:
            return {name: getattr(self, name) for name in self._get_param_names()}

        def set_params(self, **params):
            valid = self._get_param_names()
            for name, value in params.items():
                if name not in valid:
                    raise ValueError(f"Invalid parameter {name!r} for estimator {type(self).__name__}; valid: {', '.join(valid)}")
                setattr(self, name, value)
            return self

        def __repr__(self) -> str:
            return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.get_params().items())})"

    class _ClassifierBase:  # type: ignore[no-redef]
        _estimator_type = "classifier"

        def score(self, X, y, sample_weight=None) -> float:
            y = np.asarray(y).reshape(-1)
            predicted = self.predict(X)
            if sample_weight is None:
                return float(np.mean(predicted == y))
            w = np.asarray(sample_weight, dtype=np.float64).reshape(-1)
            return float(np.sum(w * (predicted == y)) / np.sum(w))

    def check_is_fitted(estimator, attributes=None):  # type: ignore[no-redef]
        names = [attributes] if isinstance(attributes, str) else attributes
        fitted = all(hasattr(estimator, a) for a in names) if names else \
            any(v.endswith("_") and not v.startswith("__") for v in vars(estimator))
        if not fitted:
            raise NotFittedError(f"This {type(estimator).__name__} instance is not fitted yet. Call 'fit' first.")

    def check_classification_targets(y):  # type: ignore[no-redef]
        if y.dtype.kind == "f" and not np.all(np.mod(y, 1) == 0):
            raise ValueError("Unknown label type: 'continuous': y holds values that are not class labels")

    def _validate_data(estimator, X, y="no_validation", reset=True, **_):
        X = _params.samples("X", X)
        if reset:
            estimator.n_features_in_ = X.shape[1]
        elif X.shape[1] != estimator.n_features_in_:
            raise ValueError(f"X has {X.shape[1]} features, but {type(estimator).__name__} is expecting "
                             f"{estimator.n_features_in_} features as input.")
        if isinstance(y, str) and y == "no_validation":
            return X
        if y is None:
            raise ValueError(f"requires y to be passed, but the target y is None: {type(estimator).__name__} is supervised")
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] == 1:
            y = y.reshape(-1)
        if y.ndim != 1 or y.shape[0] != X.shape[0]:
            raise ValueError(f"y has shape {y.shape}; expected ({X.shape[0]},): one label per sample of X")
        if y.dtype.kind == "f" and not np.all(np.isfinite(y)):
            raise ValueError("y holds NaN or infinity")
        return X, y


_COMMON_DOC = """
    ``features``: identity, fcnn, rff or linear (the feature map φ; ``width``, ``depth`` and ``rff_sigma2`` shape it
    and ``seed`` draws it). ``lam``: "auto" (chosen by validation accuracy over the paper's grid, on a seeded 5 %
    of the rows, as the command line does) or a fixed λ ≥ 0 (then W is fit on every row). ``zca``: ε of ZCA whitening
    in front of φ. ``precision``: "double", or "single" for the float32 statistics pass. Labels may be any values
    numpy can sort (integers, strings); ``classes_`` holds them in order."""


class _KrrBase(_EstimatorBase):
    """What both estimators share: the original model on any labels."""

    def _keep_model_params(self, features, width, depth, rff_sigma2, lam, seed, zca, precision) -> None:
        """Stores the original model's parameters as given (scikit-learn's rule for constructors: no checks here)."""
        self.features = features
        self.width = width
        self.depth = depth
        self.rff_sigma2 = rff_sigma2
        self.lam = lam
        self.seed = seed
        self.zca = zca
        self.precision = precision

    def _more_tags(self):
        return {"requires_y": True}

    def _check_params(self) -> None:
        _params.choice("features", self.features, ("identity", "fcnn", "rff", "linear"))
        _params.integer("width", self.width, minimum=1, optional=True)
        _params.integer("depth", self.depth, minimum=1)
        _params.number("rff_sigma2", self.rff_sigma2, minimum=0, strict=True)
        _params.integer("seed", self.seed)
        if not (self.lam is None or (isinstance(self.lam, str) and self.lam == "auto")):
            _params.number("lam", self.lam, minimum=0, choices_too=("auto",))
        _params.number("zca", self.zca, minimum=0, strict=True, optional=True)
        _params.choice("precision", self.precision, ("double", "single"))

    def _lambda(self, samples: int = 0) -> Tuple[Optional[float], float]:
        """(λ or None for "auto", the validation fraction for ``samples`` rows): a fixed λ needs no held-out rows;
        "auto" (or None, as ``fit`` takes it) holds out the paper's 5 %, and at least one row of a small set."""
        if not (isinstance(self.lam, str) or self.lam is None):
            return float(self.lam), 0.0
        return None, max(0.05, 1.5 / samples) if samples > 0 else 0.05

    @property
    def lam_(self) -> float:
        """The λ of ``model_``."""
        return self.model_.lam

    def _fit_model(self, X, y) -> Tuple[np.ndarray, np.ndarray, Model]:
        """Validates, sets ``n_features_in_`` and fits the original model; returns X, the sorted classes and the model
        (the caller keeps them once everything it does has succeeded)."""
        self._check_params()
        X, y = _validate_data(self, X, y, dtype="numeric", order="C")
        check_classification_targets(y)
        classes, codes = np.unique(y, return_inverse=True)
        if len(classes) < 2:
            raise ValueError(f"y has 1 class ({classes[0]!r}): a classifier needs samples of at least 2 classes")
        lam, fraction = self._lambda(X.shape[0])
        if fraction > 0 and X.shape[0] < 2:
            raise ValueError("X has 1 sample: choosing lam needs some held out, so give lam a value or more samples")
        model = fit(X, codes.astype(np.int64), features=self.features, width=self.width, depth=self.depth,
                    rff_sigma2=self.rff_sigma2, seed=self.seed, lam=lam, classes=len(classes),
                    zca=self.zca, precision=self.precision, validation_fraction=fraction)
        return X, classes, model

    _FITTED = "model_"  # the attribute that says a fit succeeded

    def _scores(self, X) -> np.ndarray:
        check_is_fitted(self, self._FITTED)
        X = _validate_data(self, X, reset=False, dtype="numeric", order="C")
        return self._predicting_model().scores(X)

    def _predicting_model(self) -> Model:
        return self.model_

    def decision_function(self, X) -> np.ndarray:
        """The scores W φ(x) of the samples ``X``: (n, k), or (n,) for two classes (positive: ``classes_[1]``)."""
        scores = self._scores(X)
        return scores[:, 1] - scores[:, 0] if scores.shape[1] == 2 else scores

    def predict(self, X) -> np.ndarray:
        """The class (from ``classes_``) of largest score of each sample of ``X``."""
        best = self._scores(X).argmax(axis=1)  # first: it says when the estimator is not fitted
        return self.classes_[best]


class KernelRidgeClassifier(_ClassifierBase, _KrrBase):
    __doc__ = """Kernel ridge regression on one-hot labels, W = Y φ_λ(X)⁺ (the model the paper distills), as a
    scikit-learn classifier: ``fit``, ``partial_fit``, ``predict``, ``decision_function``, ``score``.
""" + _COMMON_DOC + """

    Fitted attributes: ``model_`` (a :class:`Model`), ``classes_``, ``n_features_in_``, ``lam_`` (the λ used).
    ``partial_fit`` sums ΦᵀΦ and ΦᵀY batch by batch (:class:`Statistics`; ``statistics_``), and ``model_`` is fit on
    the sums when it is next needed after a batch (once, not per batch), with ``lam`` fixed, chosen on ``validation=(X_val, y_val)`` given once, or else chosen by the validation mean
    squared error of every 20th row, whose statistics are summed apart."""

    def __init__(self, features: str = "fcnn", width: Optional[int] = None, depth: int = 1,
                 rff_sigma2: float = 1000.0, lam="auto", seed: int = 0, zca: Optional[float] = None,
                 precision: str = "double"):
        self._keep_model_params(features, width, depth, rff_sigma2, lam, seed, zca, precision)

    @property
    def model_(self) -> Model:
        """The fitted :class:`Model`: ``fit``'s, or after ``partial_fit`` the one the batches' statistics give, fit when
        first asked for after a batch and kept until the next. AttributeError while there is none."""
        if self.__dict__.get("_refit"):
            lam, _ = self._lambda()
            model = self.statistics_.fit(lam=lam, validation=self._validation if lam is None else None)
            self.__dict__.update(_model=model, _refit=False)
        if "_model" not in self.__dict__:
            raise AttributeError("model_: the estimator is not fitted")
        return self.__dict__["_model"]

    def fit(self, X, y) -> "KernelRidgeClassifier":
        """Fits W on samples ``X`` (n, d) (uint8 is scaled by 1/255) and labels ``y``. Returns self."""
        _, classes, model = self._fit_model(X, y)
        for stale in ("statistics_", "_validation", "_rows_seen"):
            self.__dict__.pop(stale, None)
        self.__dict__.update(classes_=classes, _model=model, _refit=False)
        return self

    def partial_fit(self, X, y, classes=None, validation=None) -> "KernelRidgeClassifier":
        """Adds a batch; the model is usable after every call (``model_`` is fit on the sums when next needed). ``classes``: every label the batches
        will hold (required on the first call, as scikit-learn's convention has it). ``validation``: (X_val, y_val),
        given on the first call, to choose λ by validation accuracy when ``lam`` is "auto"; without it, every 20th row
        (counted across batches) is held out and λ minimizes their mean squared error, computed exactly from their
        statistics. The model equals ``fit`` with the same
        fixed ``lam`` on the batches concatenated, to rounding. After ``fit``, the first call starts new statistics
        (``fit`` keeps none) with ``fit``'s classes unless ``classes`` is given. Returns self."""
        first = not hasattr(self, "statistics_")
        if first:
            self._check_params()
            if self.zca is not None:
                raise ValueError("zca: whitening needs the data's moments before the first batch; partial_fit cannot whiten")
            if classes is None and not hasattr(self, "classes_"):
                raise ValueError("classes: the first call to partial_fit needs every class the batches will hold")
            known = np.unique(np.asarray(classes)) if classes is not None else self.classes_
            if len(known) < 2:
                raise ValueError(f"classes has {len(known)} class(es): a classifier needs at least 2")
        else:
            known = self.classes_
            if classes is not None and not np.array_equal(np.unique(np.asarray(classes)), known):
                raise ValueError(f"classes differs from the first call's ({known.tolist()})")
        X, y = _validate_data(self, X, y, reset=first, dtype="numeric", order="C")
        check_classification_targets(y)
        codes = _codes(known, y, "y")
        lam, _ = self._lambda()
        held_out = None
        if validation is not None:
            if not first:
                raise ValueError("validation: give it on the first call to partial_fit, before any rows are held out or trained on")
            if lam is not None:
                raise ValueError(f'validation: lam is fixed at {lam:g}; validation arrays choose it when lam is "auto"')
            if not isinstance(validation, (tuple, list)) or len(validation) != 2:
                raise TypeError(f"validation must be a pair (X_val, y_val) (got {type(validation).__name__})")
            x_val, y_val = _validate_data(self, validation[0], validation[1], reset=False, dtype="numeric", order="C")
            held_out = (x_val, _codes(known, y_val, "y_val"))
        arrays = held_out if first else getattr(self, "_validation", None)
        seen = 0 if first else self._rows_seen
        statistics = Statistics(features=self.features, inputs=X.shape[1], classes=len(known), width=self.width,
                                depth=self.depth, rff_sigma2=self.rff_sigma2, seed=self.seed,
                                precision=self.precision) if first else self.statistics_
        if lam is None and arrays is None:
            # λ by the exact validation mean squared error of held-out statistics: every 20th row (5 %), counted
            # across the batches, is summed apart.
            held = (np.arange(seen, seen + len(X)) % 20) == 0
            if np.any(held):
                statistics.add(X[held], codes[held], validation=True)
            if np.any(~held):
                statistics.add(X[~held], codes[~held])
        else:
            statistics.add(X, codes)
        # The batch is in: from here the estimator holds it, whether or not a model can be fit on it yet.
        self.statistics_, self.classes_, self._validation, self._rows_seen = statistics, known, arrays, seen + len(X)
        self.__dict__.pop("_model", None)
        if statistics.count == 0:
            raise ValueError("X: the batches so far hold no training rows (each 20th row is held out to choose lam); add more")
        self._refit = True
        return self


def _codes(classes: np.ndarray, y: np.ndarray, name: str) -> np.ndarray:
    """The positions of labels ``y`` in the sorted ``classes`` (int64); ValueError naming ``name`` for labels not in them."""
    textual = set("USO")
    if (classes.dtype.kind in textual) != (y.dtype.kind in textual):
        raise ValueError(f"{name} holds labels of another type ({y.dtype}) than classes ({classes.dtype})")
    try:
        codes = np.searchsorted(classes, y)
        unknown = (codes >= len(classes)) | (classes[np.minimum(codes, len(classes) - 1)] != y)
    except TypeError:
        raise ValueError(f"{name} holds labels of another type ({y.dtype}) than classes ({classes.dtype})") from None
    if np.any(unknown):
        raise ValueError(f"{name} holds labels not in classes: {np.unique(y[unknown]).tolist()[:5]}")
    return codes.astype(np.int64)


class Distiller(_ClassifierBase, _KrrBase):
    __doc__ = """The original model distilled into ``ipc`` points per class (Algorithm 1 of the paper) whose kernel
    ridge regression model is the original one; ``fit_resample(X, y)`` returns those points and their classes, in
    the convention of imbalanced-learn's samplers, so a distilled set drops into a pipeline. ``predict`` and
    ``score`` use the model retrained on the distilled set (equal to the original).

    ``ipc``, ``init`` (noise or real), ``labels`` (model, onehot or fit), ``lambda_s`` (0, a number or "original"),
    ``root`` (plus or minus): as :func:`distill`.""" + _COMMON_DOC + """

    Fitted attributes: ``model_`` (the original :class:`Model`), ``distilled_`` (the :class:`DistilledSet`),
    ``distilled_x_`` (m, d), ``distilled_y_`` (m, k) labels, ``lambda_s_``, ``distilled_model_`` (W_S), ``classes_``,
    ``n_features_in_``, ``lam_``. ``fit_resample`` gives each point the class of its largest label; with one-hot labels
    (noise init, or ``labels="onehot"``) that is the whole of y_s, else the soft labels are in ``distilled_y_``."""

    def __init__(self, ipc: int = 10, init: str = "noise", labels: str = "model", lambda_s=0.0, root: str = "plus",
                 features: str = "fcnn", width: Optional[int] = None, depth: int = 1, rff_sigma2: float = 1000.0,
                 lam="auto", seed: int = 0, zca: Optional[float] = None, precision: str = "double"):
        self.ipc = ipc
        self.init = init
        self.labels = labels
        self.lambda_s = lambda_s
        self.root = root
        self._keep_model_params(features, width, depth, rff_sigma2, lam, seed, zca, precision)

    def _check_params(self) -> None:
        super()._check_params()
        _params.integer("ipc", self.ipc, minimum=1)
        _params.choice("init", self.init, ("noise", "real"))
        _params.choice("labels", self.labels, ("model", "onehot", "fit"))
        if not (isinstance(self.lambda_s, str) and self.lambda_s == "original"):
            _params.number("lambda_s", self.lambda_s, minimum=0, choices_too=("original",))
        _params.choice("root", self.root, ("plus", "minus"))

    def fit(self, X, y) -> "Distiller":
        """Fits the original model on ``X``, ``y`` and distills it. Returns self."""
        _, classes, model = self._fit_model(X, y)
        distilled = distill(model, ipc=self.ipc, init=self.init, lambda_s=self.lambda_s, labels=self.labels,
                            root=self.root, seed=self.seed)
        distilled_model = distilled.fit()
        # Only a fit and distillation that both succeeded change what the estimator predicts with.
        self.classes_, self.model_, self.distilled_ = classes, model, distilled
        self.distilled_x_, self.distilled_y_, self.lambda_s_ = distilled.x, distilled.y, distilled.lambda_s
        self.distilled_model_ = distilled_model
        return self

    _FITTED = "distilled_model_"

    def _predicting_model(self) -> Model:
        return self.distilled_model_

    def fit_resample(self, X, y) -> Tuple[np.ndarray, np.ndarray]:
        """Fits, then returns the distilled points (m, d) and the class of each (from ``classes_``)."""
        self.fit(X, y)
        return self.distilled_x_, self.classes_[self.distilled_y_.argmax(axis=1)]
