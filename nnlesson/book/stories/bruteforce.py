"""The story of :doc:`/brute-force`: grids, timings, and the curse of dimensionality."""

import math
from dataclasses import dataclass

import numpy as np

from nnlesson.book.prose import fixed, format_duration, markdown_table, scientific, timing_span
from nnlesson.book.source import PRINTED, QUOTES
from nnlesson.book.stories._story import Story, Timed
from nnlesson.book.timing import BruteForceTimes, timing_texts

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
    """The words of :doc:`/brute-force`, from the chapter's grids and this build's timings.

    Examples
    --------
    >>> from nnlesson.book.stories import BruteForceStory
    >>> story = BruteForceStory.example()
    >>> story.texts()["n-2d"], story.texts()["nine-loop"].text, story.words()
    ('1,000,000', '3.2 × 10¹⁴ years', {'w1-where': 'the edge of the grid'})
    """

    JUDGING = ("w1-where",)

    times: BruteForceTimes  # this build's measurement (nnlesson.book.timing.measured_times)
    weights: np.ndarray  # the values each weight takes
    costs: np.ndarray  # J over weights of W1[0,0] ...
    best: int  # ... and the position of its lowest
    grid: np.ndarray  # J over weights x weights of W1[0,0], W1[0,1]
    second: np.ndarray  # J over weights of W1[0,1] alone (an exercise)
    hundred_seconds: float  # nine weights of 100 values each, one network at a time (an exercise)

    def texts(self):
        texts = timing_texts(self.times)

        def timed(name):
            return Timed(texts[name], name)

        def span(name):
            return timing_span(texts[name], name)

        curse = [[k, scientific(1000.0**k), span(f"{k}-weights-loop"),
                  span(f"{k}-weights-vectorized")] for k in range(1, 10)]
        errata = [[what, said, printed, span(name) + (
            f" (loop), {span('million-vectorized')} (vectorized)" if name == "million-loop" else "")]
            for what, said, printed, name in SOURCE_TIMINGS]
        w1_best = int(np.argmin(self.second))
        return {
            "n-1d": f"{self.costs.size:,}",
            "loop-1d": timed("one-weight"),
            "best-w": fixed(self.weights[self.best], 3),
            "best-J": fixed(self.costs[self.best]),
            "spacing": f"{self.weights[1] - self.weights[0]:.3f}",
            "n-2d": f"{self.grid.size:,}",
            "million-loop": timed("million-loop"),
            "million-vectorized": timed("million-vectorized"),
            "speedup": timed("speedup"),
            "corner-networks": f"{self.times.loop_evaluations_timed:,}",
            "corner-side": f"{math.isqrt(self.times.loop_evaluations_timed)}",
            "curse-table": markdown_table(
                ["weights", "evaluations", "one at a time", "vectorized"], curse),
            "3-weights-loop": timed("3-weights-loop"),
            "nine-loop": timed("nine-loop"),
            "nine-vectorized": timed("nine-vectorized"),
            "universe": scientific(UNIVERSE_YEARS),
            "w1-best": fixed(self.weights[w1_best], 1),
            "w1-where": ("the edge of the grid" if w1_best in (0, self.second.size - 1)
                         else "inside the grid"),
            "hundred-years": Timed(format_duration(self.hundred_seconds, True)),
            "errata-table": markdown_table(
                ["what was timed", "the source says", "its own output",
                 "this build (measured, or scaled up from the measured rate)"],
                errata, align=["left", "left", "right", "right"]),
        }

    @classmethod
    def example(cls):
        """A story of made-up timings and small grids (for examples and tests)."""
        weights = np.linspace(-5.0, 5.0, 1000)
        costs = (weights - 3.86) ** 2
        grid = np.add.outer(costs, costs)
        return cls(times=BruteForceTimes(0.01, 1e-5, 10_000, 0.02, 1_000_000), weights=weights,
                   costs=costs, best=int(np.argmin(costs)), grid=grid,
                   second=-weights,
                   hundred_seconds=1e13)
