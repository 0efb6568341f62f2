"""The book's network: equations 1 to 5 and backpropagation, written once.

A network has one hidden layer, sigmoid activations and no biases. Shapes
follow the book: rows are examples, so ``X`` is ``(n, n_in)``, and weights
are ``(fan_in, fan_out)``: ``W1`` is ``(n_in, n_hidden)`` and ``W2`` is
``(n_hidden, n_out)``. The book's network is 2-3-1, nine weights in all.

The functions below are the equations. Each works on one network or on a
*stack* of networks: extra axes in front, so ``W1`` of shape
``(runs, n_in, n_hidden)`` holds ``runs`` networks and the results gain the
same leading axis. A single :class:`Network` calls them with no extra axes;
the studies call them for hundreds of networks at once, and the brute-force
grid for thousands. The flat weight vector, ``W1`` row by row and then
``W2``, is defined by :func:`pack` and :func:`unpack` and nowhere else.
"""

import numpy as np

from nnlesson._checks import (Array, Inputs, Integer, Params, Sizes, Targets, activations,
                              memory, n_params, overflow, relation, validate_params)
from nnlesson.activation import f, f_prime


# -- the flat weight vector ---------------------------------------------------
def pack(W1, W2):
    """Return the flat weight vector: ``W1`` row by row, then ``W2`` row by row.

    Works on stacks: ``W1`` of shape ``(..., n_in, n_hidden)`` and ``W2`` of
    shape ``(..., n_hidden, n_out)`` give ``(..., n_params)``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlesson.network import pack
    >>> pack(np.array([[1., 2., 3.], [4., 5., 6.]]), np.array([[7.], [8.], [9.]]))
    array([1., 2., 3., 4., 5., 6., 7., 8., 9.])
    """
    lead = W1.shape[:-2]
    return np.concatenate([W1.reshape(*lead, -1), W2.reshape(*lead, -1)], axis=-1)


def unpack(params, sizes):
    """Return ``(W1, W2)`` from the flat weights ``params`` of a network of ``sizes``.

    The inverse of :func:`pack`. For ``params`` of shape ``(..., n_params)``
    the weights are ``(..., n_in, n_hidden)`` and ``(..., n_hidden, n_out)``:
    views of ``params`` where NumPy can make them, so writing to them writes
    to ``params``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlesson.network import unpack
    >>> W1, W2 = unpack(np.arange(1.0, 10.0), (2, 3, 1))
    >>> W1
    array([[1., 2., 3.],
           [4., 5., 6.]])
    >>> W2.ravel()
    array([7., 8., 9.])
    """
    n_in, n_hidden, n_out = sizes
    lead = params.shape[:-1]
    split = n_in * n_hidden
    W1 = params[..., :split].reshape(*lead, n_in, n_hidden)
    W2 = params[..., split:].reshape(*lead, n_hidden, n_out)
    return W1, W2


# -- equations 1 to 5 -----------------------------------------------------
def forward_pass(X, W1, W2):
    """Return ``(z2, a2, z3, y_hat)``: equations 1 to 4 for inputs ``X``.

    See :doc:`/network`. For a stack of networks (``W1`` of shape
    ``(..., n_in, n_hidden)``), ``@`` multiplies ``X`` by every network's
    weights, and every result gains the stack's leading axes.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlesson import load_data
    >>> from nnlesson.network import forward_pass
    >>> X, y = load_data()
    >>> z2, a2, z3, y_hat = forward_pass(X, np.zeros((2, 3)), np.zeros((3, 1)))
    >>> a2.shape, y_hat.ravel()
    ((3, 3), array([0.5, 0.5, 0.5]))
    """
    z2 = X @ W1  # (1) the hidden layer's weighted inputs
    a2 = f(z2)  # (2) its activations
    z3 = a2 @ W2  # (3) the output's weighted input
    y_hat = f(z3)  # (4) the prediction
    return z2, a2, z3, y_hat


def layer(a, W):
    """Return ``(z, f(z))`` with ``z = a W``: one layer, as :func:`forward_pass` computes each.

    For callers that assemble a network's layers themselves: the
    brute-force grid (:func:`~nnlesson.cost_grid`) computes each hidden unit
    on its own grid axes, then the output layer for a million networks at
    once. A stack of inputs times one matrix is done as one tall matrix
    product, a single BLAS call.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlesson.network import layer
    >>> z, activation = layer(np.array([[1.0, 2.0]]), np.array([[1.0], [-0.5]]))
    >>> z, activation
    (array([[0.]]), array([[0.5]]))
    """
    if W.ndim == 2 and a.ndim > 2:
        z = (a.reshape(-1, a.shape[-1]) @ W).reshape(*a.shape[:-1], W.shape[-1])
    else:
        z = a @ W
    return z, f(z)


def cost(y, y_hat):
    """Return ``J = sum 1/2 (y - y_hat)^2`` (equation 5), summed over each network's rows.

    For a stack of predictions ``(..., n, n_out)`` the result has shape
    ``(...)``: one cost per network. See :doc:`/cost`.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlesson.network import cost
    >>> float(cost(np.array([[1.0], [0.0]]), np.array([[0.5], [0.5]])))
    0.25
    >>> cost(np.zeros((2, 1)), np.ones((4, 2, 1))).shape  # four networks at once
    (4,)
    """
    return 0.5 * np.sum((y - y_hat) ** 2, axis=(-2, -1))  # over examples and outputs


# -- backpropagation ----------------------------------------------------------
def backpropagation(X, y, W1, W2):
    """Return ``(J, dJdW1, dJdW2)``: the cost and its derivatives by backpropagation.

    The chain rule, applied from the cost back to each layer's weights. See
    :doc:`/backprop` for the derivation.

    Examples
    --------
    >>> from nnlesson import Network, load_data
    >>> from nnlesson.network import backpropagation
    >>> X, y = load_data()
    >>> net = Network.random(seed=0)
    >>> J, dJdW1, dJdW2 = backpropagation(X, y, net.W1, net.W2)
    >>> dJdW1.shape, dJdW2.shape, round(float(J), 6) == round(net.cost(X, y), 6)
    ((2, 3), (3, 1), True)
    """
    z2, a2, z3, y_hat = forward_pass(X, W1, W2)
    delta3 = -(y - y_hat) * f_prime(z3)  # dJ/dz3
    dJdW2 = a2.mT @ delta3  # .mT is the transpose
    delta2 = (delta3 @ W2.mT) * f_prime(z2)  # dJ/dz2
    dJdW1 = X.mT @ delta2
    return cost(y, y_hat), dJdW1, dJdW2


def cost_and_gradient(params, sizes, X, y):
    """Return ``(J, gradient)`` for flat weights ``params``, the gradient flat too.

    The form optimizers want: :func:`unpack`, :func:`backpropagation`,
    :func:`pack`. For ``params`` of shape ``(..., n_params)``, ``J`` has
    shape ``(...)`` and the gradient ``(..., n_params)``. Inputs are not
    checked: this runs once per step of every optimizer.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlesson import Network, load_data
    >>> from nnlesson.network import cost_and_gradient
    >>> X, y = load_data()
    >>> stack = np.array([Network.random(seed=s).params for s in range(5)])
    >>> J, gradients = cost_and_gradient(stack, (2, 3, 1), X, y)
    >>> J.shape, gradients.shape
    ((5,), (5, 9))
    """
    W1, W2 = unpack(params, sizes)
    J, dJdW1, dJdW2 = backpropagation(X, y, W1, W2)
    return J, pack(dJdW1, dJdW2)


def trial_cost_and_gradient(params, sizes, X, y):
    """:func:`cost_and_gradient` at weights a trial step produced, without warnings.

    A wild step can overflow; the optimizers check the result (a non-finite
    cost is refused as diverged), so floating-point warnings would only be
    noise. Inputs are not checked.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlesson import load_data
    >>> from nnlesson.network import trial_cost_and_gradient
    >>> X, y = load_data()
    >>> wild = np.array([-np.inf, np.inf] * 4 + [-np.inf])  # a step gone wild
    >>> J, gradient = trial_cost_and_gradient(wild, (2, 3, 1), X, y)  # no warning
    >>> bool(np.isfinite(J)), gradient.shape
    (False, (9,))
    """
    with np.errstate(all="ignore"):
        return cost_and_gradient(params, sizes, X, y)


# -- the network as an object -------------------------------------------------
#: What the methods check: inputs and targets that fit the network, sums that
#: cannot overflow, activations that fit in memory.
_DATA = {"X": Inputs(), "y": Targets()}
_WEIGHTS = "X and this network's weights (W1, W2)"
_ACTIVATIONS = memory(lambda a: activations(1, len(a["X"]), a["self"].sizes),
                      "the activations of {self} on {X.shape[0]:,} rows of X",
                      "the rows of X and the network's size")


class Network:
    """A network ``X -> y_hat`` with one hidden layer and no biases.

    See :doc:`/network` for the equations and :doc:`/cost` for the cost.
    The weights are copied to new, read-only float arrays: the caller's
    arrays are never used again, and nothing changes a network once made.
    Inputs ``X`` so large for the weights that a sum inside the network
    could overflow are refused with a ValueError rather than computed, so
    no result is ever ``inf`` or NaN.

    Parameters
    ----------
    W1 : array_like of shape (n_in, n_hidden)
        Weights from the inputs to the hidden layer.
    W2 : array_like of shape (n_hidden, n_out)
        Weights from the hidden layer to the outputs.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlesson import Network, load_data
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

    @validate_params(
        {"W1": Array(ndim=2), "W2": Array(ndim=2)},
        relation(lambda a: a["W1"].shape[1] == a["W2"].shape[0],
                 lambda a: "W1 columns must match W2 rows (the hidden layer size), got W1 shape "
                           f"{a['W1'].shape} and W2 shape {a['W2'].shape}"))
    def __init__(self, W1, W2):
        W1.flags.writeable = False
        W2.flags.writeable = False
        self._W1 = W1
        self._W2 = W2

    @classmethod
    @validate_params({"sizes": Sizes(), "seed": Integer(0)},
                     memory(lambda a: n_params(a["sizes"]), "a network of sizes {sizes}", "sizes"))
    def random(cls, sizes=(2, 3, 1), seed=0):
        """Return a network with standard-normal weights.

        Parameters
        ----------
        sizes : sequence of three ints, default (2, 3, 1)
            Input, hidden and output layer sizes.
        seed : int, default 0
            Seed for ``numpy.random.default_rng``, at least 0: the same seed
            gives the same network on every machine and every build.

        Examples
        --------
        >>> from nnlesson import Network
        >>> net = Network.random(seed=0)
        >>> net.W1.shape, net.W2.shape
        ((2, 3), (3, 1))
        >>> bool((net.params == Network.random(seed=0).params).all())
        True
        """
        n_in, n_hidden, n_out = sizes
        rng = np.random.default_rng(seed)
        W1 = rng.standard_normal((n_in, n_hidden))
        W2 = rng.standard_normal((n_hidden, n_out))
        return cls(W1, W2)

    # -- weights -------------------------------------------------------------
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
        """ndarray: all weights as one new flat vector (see :func:`~nnlesson.network.pack`).

        For the book's 2-3-1 network, index 0 is ``W1[0, 0]``, index 1 is
        ``W1[0, 1]`` and index 6 is ``W2[0, 0]``.

        Examples
        --------
        >>> from nnlesson import Network
        >>> Network([[1, 2, 3], [4, 5, 6]], [[7], [8], [9]]).params
        array([1., 2., 3., 4., 5., 6., 7., 8., 9.])
        """
        return pack(self._W1, self._W2)

    @validate_params({"params": Params()})
    def with_params(self, params):
        """Return a new network of the same sizes whose weights are the flat vector ``params``.

        Parameters
        ----------
        params : array_like of shape (n_params,)
            Weights in the order of :attr:`params`.

        Examples
        --------
        >>> from nnlesson import Network
        >>> net = Network.random(seed=0)
        >>> p = net.params
        >>> p[0] = 1.5
        >>> float(net.with_params(p).W1[0, 0]), bool(net.W1[0, 0] == 1.5)
        (1.5, False)
        """
        return Network(*unpack(params, self.sizes))

    def __repr__(self):
        return f"Network(sizes={self.sizes})"

    # -- the equations, for this network -------------------------------------
    @validate_params({"X": Inputs()}, overflow("cost", names=_WEIGHTS), _ACTIVATIONS)
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
        >>> from nnlesson import Network, load_data
        >>> X, y = load_data()
        >>> Network.random(seed=0).forward(X).shape
        (3, 1)
        """
        return forward_pass(X, self._W1, self._W2)[-1]

    @validate_params(_DATA, overflow("cost", names=_WEIGHTS), _ACTIVATIONS)
    def cost(self, X, y):
        """Return the cost ``J = sum 1/2 (y - y_hat)^2`` (equation 5) as a float.

        Parameters
        ----------
        X : array_like of shape (n, n_in)
        y : array_like of shape (n, n_out)
            Targets in [0, 1].

        Examples
        --------
        >>> from nnlesson import Network, load_data
        >>> X, y = load_data()
        >>> J = Network.random(seed=0).cost(X, y)
        >>> type(J), 0 < J < 0.5 * float((y ** 2).sum())
        (<class 'float'>, True)
        """
        return float(cost(y, forward_pass(X, self._W1, self._W2)[-1]))

    @validate_params(_DATA, overflow("gradient", names=_WEIGHTS), _ACTIVATIONS)
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
        >>> from nnlesson import Network, load_data
        >>> X, y = load_data()
        >>> dJdW1, dJdW2 = Network.random(seed=0).gradients(X, y)
        >>> dJdW1.shape, dJdW2.shape
        ((2, 3), (3, 1))
        """
        _, dJdW1, dJdW2 = backpropagation(X, y, self._W1, self._W2)
        return dJdW1, dJdW2

    @validate_params(_DATA, overflow("gradient", names=_WEIGHTS), _ACTIVATIONS)
    def cost_and_gradient(self, X, y):
        """Return ``(J, g)``: the cost as a float and the gradient as one flat vector.

        ``g`` is ordered like :attr:`params`, ready for an optimizer.

        Examples
        --------
        >>> from nnlesson import Network, load_data
        >>> X, y = load_data()
        >>> J, g = Network.random(seed=0).cost_and_gradient(X, y)
        >>> type(J), g.shape
        (<class 'float'>, (9,))
        """
        J, g = cost_and_gradient(self.params, self.sizes, X, y)
        return float(J), g
