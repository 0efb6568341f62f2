"""Numbers written for people, and glued into the book's sentences.

Chapters never type a computed number: they format it here and glue it with
:func:`glue_text`, so the sentence and the computation cannot disagree.
Values derived from timings are wrapped in a ``nb-timing`` span, so tests can
tell them from values that must be the same on every build.
"""

import math

_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def fixed(value, digits=4):
    """Return ``value`` with ``digits`` decimals: ``fixed(0.08712) == '0.0871'``.

    >>> fixed(0.087123)
    '0.0871'
    >>> fixed(-1.5, 2)
    '-1.50'
    """
    return f"{float(value):.{digits}f}"


def power_of_ten(value, digits=2):
    """Return ``value`` as "3.2 × 10¹⁶" (or plainly, when it is between 0.01 and 10^4).

    >>> power_of_ten(3.2e16)
    '3.2 × 10¹⁶'
    >>> power_of_ten(2.76e-10)
    '2.8 × 10⁻¹⁰'
    >>> power_of_ten(1e27)
    '10²⁷'
    >>> power_of_ten(55.0)
    '55'
    """
    value = float(value)
    if value == 0:
        return "0"
    if 1e-2 <= abs(value) < 1e4:
        return f"{value:.{digits}g}"
    exponent = math.floor(math.log10(abs(value)))
    mantissa = value / 10**exponent
    power = f"10{str(exponent).translate(_SUPERSCRIPTS)}"
    text = f"{mantissa:.{digits}g}"
    if text in ("10", "10.0"):  # rounding carried over
        power = f"10{str(exponent + 1).translate(_SUPERSCRIPTS)}"
        text = "1"
    return power if text == "1" else f"{text} × {power}"


def percent(fraction, digits=1):
    """Return a fraction as a percentage: ``percent(0.965) == '96.5%'``.

    >>> percent(0.965)
    '96.5%'
    """
    return f"{100 * float(fraction):.{digits}f}%"


def timing_span(text):
    """Mark ``text`` as derived from a timing (an HTML span with a CSS class).

    >>> timing_span("0.02 seconds")
    '<span class="nb-timing">0.02 seconds</span>'
    """
    return f'<span class="nb-timing">{text}</span>'


def glue_text(name, text, timing=False):
    """Glue ``text`` (Markdown) under ``name`` for ``{glue:md}`` in the prose.

    Nothing is shown under the cell. With ``timing=True`` the text is marked
    as timing-derived (see :func:`timing_span`).
    """
    from IPython.display import Markdown
    from myst_nb import glue

    text = str(text)
    glue(name, Markdown(timing_span(text) if timing else text), display=False)
