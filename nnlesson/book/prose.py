"""Numbers written for people, and glued into the book's sentences.

Every number the book prints goes through this module: one formatter for
magnitudes (:func:`scientific`), durations (:func:`~nnlesson.format_duration`),
fixed decimals, percentages, and counted nouns ("1 step", "twice").
Chapters never type a computed number: they format it here and glue it with
:func:`glue_text`, so the sentence and the computation cannot disagree.
Values derived from timings are wrapped in a ``nb-timing`` span, so tests can
tell them from values that must be the same on every build.
"""

import math

import numpy as np

from nnlesson._checks import Flag, Real, n_params, validate_params
from nnlesson.network import unpack

#: The smallest magnitude written out ("0.0054"); below it, a power of ten.
PLAIN_FROM = 1e-3
#: The magnitude from which numbers are a power of ten again ("3.2 × 10¹⁶").
PLAIN_BELOW = 1e6
#: The largest count written out by ``plural`` and ``how_often``, 2**63 - 1.
MAX_COUNT = 2**63 - 1
_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_UNITS = (
    ("year", 365.0 * 24 * 3600),
    ("day", 24.0 * 3600),
    ("hour", 3600.0),
    ("minute", 60.0),
)


def scientific(value, digits=2, unicode=True):
    """Return ``value`` with at most ``digits`` significant digits, for a sentence.

    Trailing zeros are dropped, as with Python's ``g`` format. Magnitudes from 0.001 up to a million are written out, with thousands
    separators; others as a power of ten, "3.2 × 10¹⁶" (or "3.2e16" with
    ``unicode=False``). A mantissa of exactly 1 is left out: "10²⁷".

    Examples
    --------
    >>> from nnlesson.book.prose import scientific
    >>> scientific(3.2e16), scientific(2.76e-10), scientific(1e27)
    ('3.2 × 10¹⁶', '2.8 × 10⁻¹⁰', '10²⁷')
    >>> scientific(55.0), scientific(1000.0), scientific(0.0053568, 3), scientific(1234.5)
    ('55', '1,000', '0.00536', '1,200')
    >>> scientific(3.2e16, unicode=False)
    '3.2e16'
    """
    if value == 0:
        return "0"
    exponent = math.floor(math.log10(abs(value)))
    # Below 1e-300, 10.0**exponent loses digits (or is 0): scale in two steps.
    scaled = value / 10.0**exponent if exponent > -300 else value * 1e300 / 10.0**(exponent + 300)
    mantissa = float(f"{scaled:.{digits - 1}f}")
    if abs(mantissa) >= 10:  # rounding carried over: 9.96 -> 10.0
        mantissa, exponent = mantissa / 10, exponent + 1
    if PLAIN_FROM <= abs(value) < PLAIN_BELOW and exponent < 6:
        decimals = max(0, digits - 1 - exponent)
        text = _trim(f"{mantissa * 10.0**exponent:,.{decimals}f}")
        return text.replace("-", "−") if unicode else text
    text = _trim(f"{mantissa:.{digits - 1}f}")
    if unicode:
        power = f"10{str(exponent).translate(_SUPERSCRIPTS)}"
        return power if text == "1" else f"{text.replace('-', '−')} × {power}"
    return f"1e{exponent}" if text == "1" else f"{text}e{exponent}"


def _trim(text):
    """Drop trailing zeros after a decimal point, as the ``g`` format does: "2.50" -> "2.5"."""
    return text.rstrip("0").rstrip(".") if "." in text else text


@validate_params({"seconds": Real(0), "unicode": Flag()})
def format_duration(seconds, unicode=False):
    """Return a duration in words for people: "0.02 seconds", "11 hours".

    The largest unit that fits is used, with two significant digits (times
    under a hundredth of a second in milliseconds or microseconds), written
    by :func:`~nnlesson.book.prose.scientific`. Very long times use powers of ten: "3.2e16 years",
    or "3.2 × 10¹⁶ years" with ``unicode=True``.

    Parameters
    ----------
    seconds : float
        A finite duration, at least 0.
    unicode : bool, default False
        Write powers of ten with a times sign and superscripts.

    Examples
    --------
    >>> from nnlesson import format_duration
    >>> format_duration(0.0156)
    '0.016 seconds'
    >>> format_duration(1)
    '1 second'
    >>> format_duration(5e-5)
    '50 microseconds'
    >>> format_duration(11 * 3600)
    '11 hours'
    >>> format_duration(1.5e5)
    '1.7 days'
    >>> format_duration(3.2e16 * 365 * 24 * 3600)
    '3.2e16 years'
    >>> format_duration(3.2e16 * 365 * 24 * 3600, unicode=True)
    '3.2 × 10¹⁶ years'
    """
    unit, size = "second", 1.0
    for name, length in _UNITS:
        if seconds >= length:
            unit, size = name, length
            break
    else:
        if 0 < seconds < 1e-3:
            unit, size = "microsecond", 1e-6
        elif 0 < seconds < 1e-2:
            unit, size = "millisecond", 1e-3
    number = scientific(seconds / size, 2, unicode)
    return f"{number} {unit}{'' if number == '1' else 's'}"


def shown_seconds(seconds):
    """The duration :func:`~nnlesson.format_duration` shows for ``seconds``, back in seconds.

    A ratio printed beside a rounded duration should follow from the
    rounded number the reader sees; this is that number.

    Examples
    --------
    >>> from nnlesson.book.prose import format_duration, shown_seconds
    >>> format_duration(0.0152), shown_seconds(0.0152)
    ('0.015 seconds', 0.015)
    >>> format_duration(8280.0), shown_seconds(8280.0)
    ('2.3 hours', 8280.0)
    """
    size = 1.0
    for _, length in _UNITS:
        if seconds >= length:
            size = length
            break
    else:
        if 0 < seconds < 1e-3:
            size = 1e-6
        elif 0 < seconds < 1e-2:
            size = 1e-3
    return float(f"{seconds / size:.2g}") * size


def fixed(value, digits=4):
    """Return ``value`` with ``digits`` decimals, and a true minus sign (−), as in print.

    >>> from nnlesson.book.prose import fixed
    >>> fixed(0.087123), fixed(-1.5, 2)
    ('0.0871', '−1.50')
    """
    return f"{value:.{digits}f}".replace("-", "−")


def percent(fraction, digits=1):
    """Return a fraction as a percentage.

    >>> from nnlesson.book.prose import percent
    >>> percent(0.965), percent(1.0, 0)
    ('96.5%', '100%')
    """
    return f"{100 * fraction:.{digits}f}%"


def plural(count, noun, nouns=None):
    """Return "1 step", "2 steps", "1,200 steps": a count with its noun.

    ``nouns`` is the plural when it is not ``noun + "s"``.

    >>> from nnlesson.book.prose import plural
    >>> plural(1, "step"), plural(0, "step"), plural(1200, "start"), plural(2, "eigenvalue")
    ('1 step', '0 steps', '1,200 starts', '2 eigenvalues')
    """
    return f"{count:,} {noun if count == 1 else (nouns or noun + 's')}"


def how_often(count):
    """Return "never", "once", "twice" or "3 times".

    >>> from nnlesson.book.prose import how_often
    >>> [how_often(n) for n in range(4)]
    ['never', 'once', 'twice', '3 times']
    """
    return ("never", "once", "twice")[count] if count < 3 else f"{count:,} times"


def timing_span(text, name=None):
    """Mark ``text`` as derived from a timing (an HTML span with a CSS class).

    ``name`` says which measurement it shows; every page that shows the
    same measurement shows the same name and the same text (a site test
    checks it).

    >>> from nnlesson.book.prose import timing_span
    >>> timing_span("0.02 seconds")
    '<span class="nb-timing">0.02 seconds</span>'
    >>> timing_span("0.02 seconds", "one-weight")
    '<span class="nb-timing" data-timing="one-weight">0.02 seconds</span>'
    """
    label = "" if name is None else f' data-timing="{name}"'
    return f'<span class="nb-timing"{label}>{text}</span>'


def markdown_table(header, rows, align=None):
    """Return a Markdown pipe table: ``header`` (a list of column titles) over ``rows``.

    Every cell is written with ``str``; ``align`` is one of ``"left"`` or
    ``"right"`` per column (default: the first left, the rest right).

    Examples
    --------
    >>> from nnlesson.book.prose import markdown_table
    >>> print(markdown_table(["student", "score"], [[1, 75], [2, 82]]))
    | student | score |
    | :-- | --: |
    | 1 | 75 |
    | 2 | 82 |
    """
    header = [str(cell) for cell in header]
    align = align or ["left"] + ["right"] * (len(header) - 1)
    rule = {"left": ":--", "right": "--:"}
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule[a] for a in align) + " |"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def glue_text(name, text, timing=False):
    """Glue ``text`` (Markdown) under ``name`` for ``{glue:md}`` in the prose.

    Nothing is shown under the cell. With ``timing`` (``True``, or the name
    of the measurement) the text is marked as timing-derived (see
    :func:`timing_span`). Gluing needs myst-nb (the ``docs`` extra), which
    the book's build has; where myst-nb is missing, for example in a
    downloaded chapter notebook run after a plain install, ``glue_text``
    does nothing (the notebook's prose already holds the text).

    Examples
    --------
    >>> from nnlesson.book.prose import glue_text
    >>> glue_text("answer", "42")  # returns None; shows nothing
    """
    text = str(text)
    try:
        from IPython.display import Markdown
        from myst_nb import glue
    except ImportError:  # not in the book's build: nothing to glue into
        return
    if timing:
        text = timing_span(text, None if timing is True else timing)
    glue(name, Markdown(text), display=False)


def _weight_place(index, sizes):
    """(layer, row, column) of flat weight ``index`` (see :func:`~nnlesson.network.pack`)."""
    for layer, W in enumerate(unpack(np.arange(n_params(sizes)), sizes), 1):
        found = np.argwhere(W == index)
        if found.size:
            row, column = found[0]
            return layer, int(row), int(column)


def weight_label(index, sizes=(2, 3, 1)):
    """Return the math label of flat weight ``index`` (see :func:`~nnlesson.network.pack`).

    >>> from nnlesson.book.prose import weight_label
    >>> weight_label(1), weight_label(7)
    ('$W^{(1)}_{0,1}$', '$W^{(2)}_{1,0}$')
    """
    layer, row, column = _weight_place(index, sizes)
    return f"$W^{{({layer})}}_{{{row},{column}}}$"


_SUPER = str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def weight_text(index, sizes=(2, 3, 1)):
    """Return the name of flat weight ``index`` in plain text, as captions write it: "W⁽¹⁾₀,₁".

    >>> from nnlesson.book.prose import weight_text
    >>> weight_text(1), weight_text(7)
    ('W⁽¹⁾₀,₁', 'W⁽²⁾₁,₀')
    """
    layer, row, column = _weight_place(index, sizes)
    return f"W{f'({layer})'.translate(_SUPER)}{str(row).translate(_SUB)},{str(column).translate(_SUB)}"
