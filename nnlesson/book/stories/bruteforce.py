"""The story of :doc:`/brute-force`: grids, timings, and the curse of dimensionality."""

from dataclasses import dataclass

import numpy as np

from nnlesson.book import GRID_VALUES, ONE_WEIGHT, TWO_WEIGHTS, book_network
from nnlesson.book.prose import fixed, format_duration, markdown_table, scientific, timing_span
from nnlesson.book.source import PRINTED, QUOTES
from nnlesson.book.stories._story import Story, Timed
from nnlesson.book.timing import BruteForceTimes, measured_times, timing_texts
from nnlesson.bruteforce import brute_force_seconds, cost_grid
from nnlesson.data import load_data

#: The age of the universe in years, for scale.
UNIVERSE_YEARS = 1.38e10
#: What the source (Part 3) typed about its timings, what its output cells
#: printed, and the build's measurement it compares with.
SOURCE_TIMINGS = (
    ("1000 evaluations", f"“{QUOTES['one-weight-time'][1]}”, later "
                         f"“{QUOTES['one-weight-time-later'][1]}”",
     f"{PRINTED['one-weight-seconds']:g} s", "one-weight"),
    ("a million evaluations", f"“{QUOTES['million-time'][1]}”",
     f"{PRINTED['million-seconds']:g} s", "million-loop"),
    ("three weights", f"“{QUOTES['three-weights'][1]}”", "(not measured)", "3-weights-loop"),
    ("all 9 weights", f"“{QUOTES['nine-weights'][1]}”, computed from the typed 0.04 s",
     "(not measured)", "nine-loop"),
)


@dataclass(frozen=True)
class BruteForceStory(Story):
    """Facts of :doc:`/brute-force`. See :func:`brute_force_story`."""

    JUDGING = ("w1-where",)

    times: BruteForceTimes
    start_w: float
    start_J: float
    one: np.ndarray  # J over GRID_VALUES of W1[0,0]
    second: np.ndarray  # J over GRID_VALUES of W1[0,1] alone (an exercise)
    two: np.ndarray  # J over GRID_VALUES x GRID_VALUES of W1[0,0], W1[0,1]

    def texts(self):
        texts = timing_texts(self.times)

        def timed(name):
            return Timed(texts[name], name)

        def span(name):
            return timing_span(texts[name], name)

        best = int(np.argmin(self.one))
        i, j = np.unravel_index(np.argmin(self.two), self.two.shape)
        curse = [[k, scientific(1000.0**k), span(f"{k}-weights-loop"),
                  span(f"{k}-weights-vectorized")] for k in range(1, 10)]
        errata = [[what, said, printed, span(name) + (
            f" (loop), {span('million-vectorized')} (vectorized)" if name == "million-loop" else "")]
            for what, said, printed, name in SOURCE_TIMINGS]
        return {
            "n-1d": f"{self.one.size:,}",
            "loop-1d": timed("one-weight"),
            "best-w": fixed(GRID_VALUES[best], 3),
            "best-J": fixed(self.one[best]),
            "start-w": fixed(self.start_w, 3),
            "start-J": fixed(self.start_J),
            "spacing": f"{GRID_VALUES[1] - GRID_VALUES[0]:.3f}",
            "n-2d": f"{self.two.size:,}",
            "million-loop": timed("million-loop"),
            "million-vectorized": timed("million-vectorized"),
            "speedup": timed("speedup"),
            "best2-w0": fixed(GRID_VALUES[i], 3),
            "best2-w1": fixed(GRID_VALUES[j], 3),
            "best2-J": fixed(self.two[i, j]),
            "curse-table": markdown_table(
                ["weights", "evaluations", "one at a time", "vectorized"], curse),
            "3-weights-loop": timed("3-weights-loop"),
            "nine-loop": timed("nine-loop"),
            "nine-vectorized": timed("nine-vectorized"),
            "universe": scientific(UNIVERSE_YEARS),
            "w1-best": fixed(GRID_VALUES[np.argmin(self.second)], 1),
            "w1-where": ("the edge of the grid" if np.argmin(self.second) in
                         (0, self.second.size - 1) else "inside the grid"),
            "hundred-years": Timed(format_duration(
                brute_force_seconds(9, 100, self.times.loop_seconds_per_evaluation), True)),
            "errata-table": markdown_table(
                ["what was timed", "the source says", "its own output",
                 "this build (measured, or scaled up from the measured rate)"],
                errata, align=["left", "left", "right", "right"]),
        }


def brute_force_story(times=None):
    """The brute-force grids of the book's network, and ``times`` (default: the build's).

    Examples
    --------
    >>> from nnlesson.book.stories import brute_force_story
    >>> from nnlesson.book.timing import BruteForceTimes
    >>> story = brute_force_story(BruteForceTimes(0.01, 1e-5, 10_000, 0.02, 1_000_000))
    >>> story.texts()["n-2d"], story.texts()["nine-loop"].text
    ('1,000,000', '3.2 × 10¹⁴ years')
    """
    X, y = load_data()
    net = book_network()
    return BruteForceStory(
        times=measured_times() if times is None else times, start_w=float(net.W1[0, 0]),
        start_J=net.cost(X, y), one=cost_grid(net, X, y, GRID_VALUES, ONE_WEIGHT, method="loop"),
        second=cost_grid(net, X, y, GRID_VALUES, (1,)),
        two=cost_grid(net, X, y, GRID_VALUES, TWO_WEIGHTS))
