"""What every story has: its texts, its judging words, and the glue.

A chapter computes every run it reports in its visible cells, from the
settings it states in one visible cell tagged ``parameters``. Its last cell,
hidden, hands those results to the chapter's story (a frozen dataclass whose
fields are the runs) and glues the story's texts::

    glue_story(DescentStory(eta=eta, tolerance=tolerance, one=one, ...))

A story computes nothing: it only chooses words and formats numbers.
"""

from dataclasses import dataclass


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
    """The words of one chapter, chosen from its runs. Subclasses are frozen
    dataclasses of the chapter's results that define :meth:`texts`.

    ``JUDGING`` names the texts that judge (a verdict, "stuck", "settles").
    The tests run the chapter again with its settings cell changed: every
    setting named in ``TIGHTER`` (a tolerance) divided by 100, every one in
    ``LONGER`` (a step budget) multiplied by 10, and require the same
    judging words. A budget that a sentence names ("within 200 steps") is a
    setting of its own, left out of ``LONGER``; the texts that hold for it
    are listed in ``BUDGETED``, and the tests require their sentence to name
    a budget. ``AT_THE_STOP`` names the judging texts about the point where
    a tolerance stopped a run; a tighter tolerance moves that point, so only
    their sentence is checked (it says after how many steps).
    """

    JUDGING = ()
    BUDGETED = ()
    AT_THE_STOP = ()
    TIGHTER = ()
    LONGER = ()

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
    >>> from dataclasses import dataclass
    >>> from nnlesson.book.stories import Story, glue_story
    >>> @dataclass(frozen=True)
    ... class AnswerStory(Story):
    ...     answer: float
    ...     def texts(self):
    ...         return {"answer": f"{self.answer:g}"}
    >>> AnswerStory(answer=42.0).texts()
    {'answer': '42'}
    >>> glue_story(AnswerStory(answer=42.0))  # shows nothing; {glue:md}`answer` reads it
    """
    from nnlesson.book.prose import glue_text

    for name, text in story.texts().items():
        if isinstance(text, Timed):
            glue_text(name, text.text, timing=text.name or True)
        else:
            glue_text(name, text)

