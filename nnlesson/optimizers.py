"""Steps with a memory: momentum (heavy ball or Nesterov) and Adam.

Plain gradient descent steps ``w <- w - learning_rate * dJ/dw``
(:func:`~nnlesson.descent.descent_step`): each step knows only the gradient
where it starts. The methods here remember earlier gradients. Each is a
small object that holds its settings and is handed to the one descent loop,
:func:`nnlesson.descent.descend`, through the ``optimizer`` argument of
:func:`~nnlesson.gradient_descent`, :func:`~nnlesson.stochastic_gradient_descent`
and the studies. ``optimizer=None`` is plain descent.

Each object says how one step is made from the gradient, the learning rate
and what the method remembers (its *state*, zeros at the start): a pure
function of arrays with one row per run, so a stack of runs moves at once.
The loop keeps the state, stops the runs and records them, the same for
every method.
"""

import numpy as np

from nnlesson._checks import Flag, Real, validate_params


class Momentum:
    """Momentum: each step keeps ``beta`` of the step before.

    Heavy ball (Polyak), with a velocity ``v`` that starts at 0::

        v <- beta * v - learning_rate * dJ/dw
        w <- w + v

    Along a gentle, steady slope the steps add up to
    ``learning_rate / (1 - beta)`` times the gradient: plain descent at that
    larger rate. Near a minimum, along a direction of curvature ``c``, the
    run settles only while ``learning_rate * c < 2 * (1 + beta)`` (plain
    descent: ``< 2``). With ``beta = 0`` this is plain descent, bit for bit.

    Nesterov (``nesterov=True``) looks ahead: the same ``v``, then
    ``w <- w + beta * v - learning_rate * dJ/dw``. This is Nesterov's method
    written for the look-ahead point (Sutskever et al., 2013), so it needs
    the gradient only at the weights it records.

    Parameters
    ----------
    beta : float, default 0.9
        The share of the last step kept, at least 0 and below 1.
    nesterov : bool, default False
        Look ahead (Nesterov) instead of the heavy ball.

    Examples
    --------
    >>> from nnlesson import Network, gradient_descent, load_data
    >>> from nnlesson.optimizers import Momentum
    >>> X, y = load_data()
    >>> result = gradient_descent(Network.random(seed=0), X, y, learning_rate=1.0,
    ...                           max_steps=500, tolerance=1e-4, optimizer=Momentum(0.9))
    >>> Momentum(0.9), bool(result.costs[-1] < result.costs[0])
    (Momentum(beta=0.9), True)
    """

    @validate_params({"beta": Real(0, 1, below=True), "nesterov": Flag()})
    def __init__(self, beta=0.9, nesterov=False):
        self.beta, self.nesterov = beta, nesterov

    def __repr__(self):
        return f"Momentum(beta={self.beta!r}{', nesterov=True' if self.nesterov else ''})"

    def _start(self, runs, n):
        """The state before the first step: zero velocity, ``(v,)`` of shape ``(runs, n)``."""
        return (np.zeros((runs, n)),)

    def _step(self, state, g, rates):
        """``(step, state after it)`` for gradients ``g`` and rates ``rates``, shape (runs, 1)."""
        (v,) = state
        v = self.beta * v - rates * g
        return (self.beta * v - rates * g if self.nesterov else v), (v,)


class Adam:
    """Adam (Kingma and Ba, 2015): a step of about ``learning_rate`` per weight.

    Two averages of the gradient ``g``, both starting at 0, and the step
    count ``t``::

        m <- beta1 * m + (1 - beta1) * g          (its mean)
        s <- beta2 * s + (1 - beta2) * g**2       (its mean square)
        w <- w - learning_rate * m_hat / (sqrt(s_hat) + eps)

    where ``m_hat = m / (1 - beta1**t)`` and ``s_hat = s / (1 - beta2**t)``
    undo the averages' pull toward their start at 0. Each weight gets its
    own scale: a weight whose gradient is steadily small moves as far as
    one whose gradient is large.

    Parameters
    ----------
    beta1 : float, default 0.9
        How much of the mean is kept per step, at least 0 and below 1.
    beta2 : float, default 0.999
        How much of the mean square is kept, at least 0 and below 1.
    eps : float, default 1e-8
        Added to the root mean square, above 0: no division by zero.

    Examples
    --------
    >>> from nnlesson import Network, gradient_descent, load_data
    >>> from nnlesson.optimizers import Adam
    >>> X, y = load_data()
    >>> result = gradient_descent(Network.random(seed=0), X, y, learning_rate=0.1,
    ...                           max_steps=300, tolerance=1e-4, optimizer=Adam())
    >>> Adam(), bool(result.costs[-1] < result.costs[0])
    (Adam(beta1=0.9, beta2=0.999, eps=1e-08), True)
    """

    @validate_params({"beta1": Real(0, 1, below=True), "beta2": Real(0, 1, below=True),
                      "eps": Real(0, above=True)})
    def __init__(self, beta1=0.9, beta2=0.999, eps=1e-8):
        self.beta1, self.beta2, self.eps = beta1, beta2, eps

    def __repr__(self):
        return f"Adam(beta1={self.beta1!r}, beta2={self.beta2!r}, eps={self.eps!r})"

    def _start(self, runs, n):
        """The state before the first step: ``(m, s, t)``, all zero; ``t`` of shape ``(runs, 1)``."""
        return np.zeros((runs, n)), np.zeros((runs, n)), np.zeros((runs, 1))

    def _step(self, state, g, rates):
        """``(step, state after it)`` for gradients ``g`` and rates ``rates``, shape (runs, 1)."""
        m, s, t = state
        t = t + 1
        m = self.beta1 * m + (1 - self.beta1) * g
        s = self.beta2 * s + (1 - self.beta2) * g**2
        m_hat = m / (1 - self.beta1**t)
        s_hat = s / (1 - self.beta2**t)
        return -rates * m_hat / (np.sqrt(s_hat) + self.eps), (m, s, t)


#: The methods ``optimizer`` may be (``None``: plain descent).
OPTIMIZERS = (Momentum, Adam)
