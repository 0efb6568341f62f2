"""What every story has: its texts, its judging words, and the glue."""

from dataclasses import dataclass

from nnlesson import _checks


@dataclass(frozen=True)
class Timed:
    """A text derived from the build's timing measurement ``name`` (see :mod:`~nnlesson.book.timing`)."""

    text: str
    name: str


class Story:
    """The facts of one chapter. Subclasses are frozen dataclasses that define :meth:`texts`.

    ``JUDGING`` names the texts that judge (a verdict, "stuck", "settles"):
    the tests recompute the story at a tighter tolerance and with longer
    budgets and require the same words. ``BUDGETED`` names the judging
    texts whose sentence states the budget they hold for ("within 20,000
    steps"); those are only required to survive the tighter tolerance.
    """

    JUDGING = ()
    BUDGETED = ()

    def texts(self):
        """Every text the chapter glues: name -> Markdown (or :class:`Timed`)."""
        raise NotImplementedError

    def words(self):
        """The judging texts, name -> text."""
        texts = self.texts()
        return {name: _plain(texts[name]) for name in self.JUDGING}


def _plain(text):
    return text.text if isinstance(text, Timed) else text


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

    story = _checks.instance(story, Story, "story")
    for name, text in story.texts().items():
        if isinstance(text, Timed):
            glue_text(name, text.text, timing=text.name)
        else:
            glue_text(name, text)


def budgets(tighter, longer):
    """Check the two knobs every story takes; return them as floats."""
    return _checks.positive(tighter, "tighter"), _checks.integer(longer, "longer")
