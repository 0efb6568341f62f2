"""A two-layer sigmoid network with no biases: equations 1 to 5 of the book.

Shapes follow the book: rows are examples, so ``X`` is ``(n, n_in)``, and
weights are ``(fan_in, fan_out)``: ``W1`` is ``(n_in, n_hidden)`` and ``W2`` is
``(n_hidden, n_out)``. The book's network is 2-3-1, nine weights in all.

A :class:`Network` never changes after it is made; methods that "change"
weights return a new network.
"""

import numpy as np

from nnlesson._checks import as_float_array, count
from nnlesson.activation import _sigmoid, _sigmoid_prime


class Network:
    """A network ``X -> y_hat`` with one hidden layer and no biases.

    See :doc:`/network` for the equations and :doc:`/cost` for the cost.
    The weights are copied to new, read-only float arrays: the caller's
    arrays are never used again, and nothing changes a network once made.

    Parameters
    ----------
    W1 : array_like of shape (n_in, n_hidden)
        Weights from the inputs to the hidden layer.
    W2 : array_like of shape (n_hidden, n_out)
        Weights from the hidden layer to the outputs.

    Examples
    --------
    >>> net = Network(np.zeros((2, 3)), np.zeros((3, 1)))
    >>> net.sizes
    (2, 3, 1)
    >>> X, y = load_data()
    >>> net.forward(X)
    array([[0.5],
           [0.5],
           [0.5]])
    >>> round(net.cost(X, y), 4)
    0.1749
    """

    def __init__(self, W1, W2):
        W1 = as_float_array(W1, "W1", ndim=2)
        W2 = as_float_array(W2, "W2", ndim=2)
        if W1.shape[1] != W2.shape[0]:
            raise ValueError(
                "W1 columns must match W2 rows (the hidden layer size), "
                f"got W1 shape {W1.shape} and W2 shape {W2.shape}"
            )
        W1.flags.writeable = False
        W2.flags.writeable = False
        self._W1 = W1
        self._W2 = W2

    @classmethod
    def random(cls, sizes=(2, 3, 1), seed=0):
        """Return a network with standard-normal weights.

        Parameters
        ----------
        sizes : tuple of int, default (2, 3, 1)
            Input, hidden and output layer sizes.
        seed : int, default 0
            Seed for ``numpy.random.default_rng``: the same seed gives the
            same network on every machine and every build.

        Examples
        --------
        >>> net = Network.random(seed=0)
        >>> net.W1.shape, net.W2.shape
        ((2, 3), (3, 1))
        >>> bool(np.all(net.params == Network.random(seed=0).params))
        True
        """
        try:
            n_in, n_hidden, n_out = sizes
        except (TypeError, ValueError) as error:
            raise ValueError(
                f"sizes must be three layer sizes (n_in, n_hidden, n_out), got {sizes!r}"
            ) from error
        n_in = count(n_in, "sizes[0]")
        n_hidden = count(n_hidden, "sizes[1]")
        n_out = count(n_out, "sizes[2]")
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
            raise TypeError(f"seed must be an integer, got {seed!r}")
        rng = np.random.default_rng(seed)
        W1 = rng.standard_normal((n_in, n_hidden))
        W2 = rng.standard_normal((n_hidden, n_out))
        return cls(W1, W2)

    # -- weights -----------------------------------------------------------
    @property
    def W1(self):
        """ndarray of shape (n_in, n_hidden): read-only input-to-hidden weights."""
        return self._W1

    @property
    def W2(self):
        """ndarray of shape (n_hidden, n_out): read-only hidden-to-output weights."""
        return self._W2

    @property
    def sizes(self):
        """tuple of int: the layer sizes ``(n_in, n_hidden, n_out)``."""
        return (self._W1.shape[0], self._W1.shape[1], self._W2.shape[1])

    @property
    def n_params(self):
        """int: the number of weights, ``n_in*n_hidden + n_hidden*n_out``."""
        return self._W1.size + self._W2.size

    @property
    def params(self):
        """ndarray: all weights as one new flat vector, ``W1`` row-major then ``W2``.

        For the book's 2-3-1 network, index 0 is ``W1[0, 0]``, index 1 is
        ``W1[0, 1]`` and index 6 is ``W2[0, 0]``.

        Examples
        --------
        >>> Network([[1, 2, 3], [4, 5, 6]], [[7], [8], [9]]).params
        array([1., 2., 3., 4., 5., 6., 7., 8., 9.])
        """
        return np.concatenate([self._W1.ravel(), self._W2.ravel()])

    def with_params(self, params):
        """Return a new network whose weights are the flat vector ``params``.

        Parameters
        ----------
        params : array_like of shape (n_params,)
            Weights in the order of :attr:`params`.

        Examples
        --------
        >>> net = Network.random(seed=0)
        >>> p = net.params
        >>> p[0] = 1.5
        >>> float(net.with_params(p).W1[0, 0]), bool(net.W1[0, 0] == 1.5)
        (1.5, False)
        """
        params = as_float_array(params, "params", ndim=1)
        if params.size != self.n_params:
            raise ValueError(
                f"params must hold {self.n_params} weights for a network of sizes "
                f"{self.sizes}, got shape {params.shape}"
            )
        split = self._W1.size
        return Network(
            params[:split].reshape(self._W1.shape),
            params[split:].reshape(self._W2.shape),
        )

    def __repr__(self):
        return f"Network(sizes={self.sizes})"

    # -- equations 1 to 5 ----------------------------------------------------
    def forward(self, X):
        """Return the predictions ``y_hat`` for inputs ``X`` (equations 1 to 4).

        Parameters
        ----------
        X : array_like of shape (n, n_in)
            One example per row.

        Returns
        -------
        y_hat : ndarray of shape (n, n_out)

        Examples
        --------
        >>> X, y = load_data()
        >>> Network.random(seed=0).forward(X).shape
        (3, 1)
        """
        X = self._check_X(X)
        return _forward(self._W1, self._W2, X)[-1]

    def cost(self, X, y):
        """Return the cost ``J = sum 1/2 (y - y_hat)^2`` (equation 5) as a float.

        Parameters
        ----------
        X : array_like of shape (n, n_in)
        y : array_like of shape (n, n_out)

        Examples
        --------
        >>> X, y = load_data()
        >>> J = Network.random(seed=0).cost(X, y)
        >>> type(J), 0 < J < 0.5 * float(np.sum(y ** 2))
        (<class 'float'>, True)
        """
        X, y = self._check_data(X, y)
        return _cost(self._W1, self._W2, X, y)

    def gradients(self, X, y):
        """Return ``(dJdW1, dJdW2)`` by backpropagation.

        Parameters
        ----------
        X : array_like of shape (n, n_in)
        y : array_like of shape (n, n_out)

        Returns
        -------
        dJdW1 : ndarray, shaped like ``W1``
        dJdW2 : ndarray, shaped like ``W2``

        Examples
        --------
        >>> X, y = load_data()
        >>> dJdW1, dJdW2 = Network.random(seed=0).gradients(X, y)
        >>> dJdW1.shape, dJdW2.shape
        ((2, 3), (3, 1))
        """
        X, y = self._check_data(X, y)
        _, dJdW1, dJdW2 = _cost_and_gradients(self._W1, self._W2, X, y)
        return dJdW1, dJdW2

    def cost_and_gradient(self, X, y):
        """Return ``(J, g)``: the cost and the gradient as one flat vector.

        ``g`` is ordered like :attr:`params`, ready for an optimizer.

        Examples
        --------
        >>> X, y = load_data()
        >>> J, g = Network.random(seed=0).cost_and_gradient(X, y)
        >>> type(J), g.shape
        (<class 'float'>, (9,))
        """
        X, y = self._check_data(X, y)
        return _flat_cost_and_gradient(self.params, self._W1.shape, self._W2.shape, X, y)

    # -- checks ----------------------------------------------------------
    def _check_X(self, X):
        X = as_float_array(X, "X", ndim=2)
        if X.shape[1] != self._W1.shape[0]:
            raise ValueError(
                f"X must have {self._W1.shape[0]} columns (the rows of W1), "
                f"got X shape {X.shape}"
            )
        return X

    def _check_data(self, X, y):
        X = self._check_X(X)
        y = as_float_array(y, "y", ndim=2)
        if y.shape[0] != X.shape[0]:
            raise ValueError(
                f"y must have one row per row of X ({X.shape[0]}), got y shape {y.shape}"
            )
        if y.shape[1] != self._W2.shape[1]:
            raise ValueError(
                f"y must have {self._W2.shape[1]} column(s) (the columns of W2), "
                f"got y shape {y.shape}"
            )
        return X, y


# Unchecked computations on clean arrays. Names follow the book's equations.
def _forward(W1, W2, X):
    z2 = X @ W1  # (1)
    a2 = _sigmoid(z2)  # (2)
    z3 = a2 @ W2  # (3)
    y_hat = _sigmoid(z3)  # (4)
    return z2, a2, z3, y_hat


def _cost(W1, W2, X, y):
    y_hat = _forward(W1, W2, X)[-1]
    return 0.5 * float(np.sum((y - y_hat) ** 2))  # (5)


def _flat_cost_and_gradient(params, W1_shape, W2_shape, X, y):
    """``(J, gradient)`` for flat weights ``params``, the gradient flat too."""
    split = W1_shape[0] * W1_shape[1]
    J, dJdW1, dJdW2 = _cost_and_gradients(
        params[:split].reshape(W1_shape), params[split:].reshape(W2_shape), X, y
    )
    return J, np.concatenate([dJdW1.ravel(), dJdW2.ravel()])


def _cost_and_gradients(W1, W2, X, y):
    z2, a2, z3, y_hat = _forward(W1, W2, X)
    J = 0.5 * float(np.sum((y - y_hat) ** 2))
    delta3 = -(y - y_hat) * _sigmoid_prime(z3)  # dJ/dz3
    dJdW2 = a2.T @ delta3
    delta2 = (delta3 @ W2.T) * _sigmoid_prime(z2)  # dJ/dz2
    dJdW1 = X.T @ delta2
    return J, dJdW1, dJdW2
