"""What every story has: its texts, its judging words, and the glue."""

from dataclasses import dataclass

from nnlesson._checks import Instance, validate_params


@dataclass(frozen=True)
class Timed:
    """A text derived from the build's timings (see :mod:`~nnlesson.book.timing`).

    ``name`` is the measurement the text shows, when it shows one as is
    (every page that shows it shows the same text); None for a text derived
    from a measurement, such as a verdict.
    """

    text: str
    name: str | None = None


class Story:
    """The facts of one chapter. Subclasses are frozen dataclasses that define :meth:`texts`.

    ``JUDGING`` names the texts that judge (a verdict, "stuck", "settles"):
    the tests recompute the story at a tighter tolerance and with longer
    budgets and require the same words. ``BUDGETED`` names the judging
    texts whose sentence states the budget they hold for ("within 20,000
    steps"); those are only required to survive the tighter tolerance.
    ``AT_THE_STOP`` names the judging texts about the point where a run's
    tolerance stopped it; their sentence says after how many steps. A
    tighter tolerance moves that point, so only the sentence is checked.
    ``BUDGET_FREE`` names the judging texts that no step budget enters
    (a curvature, a BFGS end): when every other judging text names its
    budget, the tests check these with a budget 100 times shorter instead
    of computing ten times longer runs that no checked word depends on.
    """

    JUDGING = ()
    BUDGETED = ()
    AT_THE_STOP = ()
    BUDGET_FREE = ()

    def texts(self):
        """Every text the chapter glues: name -> Markdown (or :class:`Timed`)."""
        raise NotImplementedError

    def words(self):
        """The judging texts, name -> text."""
        texts = self.texts()
        return {name: _plain(texts[name]) for name in self.JUDGING}


def _plain(text):
    return text.text if isinstance(text, Timed) else text


@validate_params({"story": Instance(Story)})
def glue_story(story):
    """Glue every text of ``story`` under its name, for ``{glue:md}`` in the chapter.

    Returns None and shows nothing. Timing-derived texts are marked as such
    (see :func:`~nnlesson.book.prose.glue_text`).

    Examples
    --------
    >>> from nnlesson.book.stories import cost_story, glue_story
    >>> glue_story(cost_story())  # shows nothing; the chapter's {glue:md} roles read it
    """
    from nnlesson.book.prose import glue_text

    for name, text in story.texts().items():
        if isinstance(text, Timed):
            glue_text(name, text.text, timing=text.name or True)
        else:
            glue_text(name, text)


def budgets(tighter, longer):
    """The two knobs every story takes: ``(tighter, steps)``, both checked by the story.

    ``steps(n)`` is a budget of ``n`` steps times ``longer`` (a number above
    0: the tests use 10; the examples use a small fraction, to run fast),
    and at least 3, one epoch of stochastic descent.

    Examples
    --------
    >>> from nnlesson.book.stories._story import budgets
    >>> tighter, steps = budgets(100.0, 0.01)
    >>> tighter, steps(20_000), steps(100)
    (100.0, 200, 3)
    """
    return tighter, lambda n: max(3, round(n * longer))
