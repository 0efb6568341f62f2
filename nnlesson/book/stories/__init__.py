"""Every chapter's story: the words it chooses from the chapter's own results.

A chapter states its settings in one visible cell tagged ``parameters``,
computes every run it reports in the cells the reader sees, and hands the
results to its story in its last, hidden cell (:func:`glue_story`). A story
computes nothing: it chooses words and formats numbers. A sentence that
judges ("stuck", "escaped", "settles", "keeps the promise") is only as true
as the rule behind it, and a stopping tolerance is not a minimum, nor a
budget forever: the tests run each chapter again with the tolerances its
story names (``Story.TIGHTER``) 100 times tighter and the budgets it names
(``Story.LONGER``) 10 times longer, and require the same judging words
(see :class:`Story`).

One module per chapter:

========================  ==========================================
``network``               :doc:`/network`
``cost``                  :doc:`/cost`
``bruteforce``            :doc:`/brute-force` (timings: one per build)
``slope``                 :doc:`/slope`
``backprop``              :doc:`/backprop`
``descent``               :doc:`/descent`
``valleys``               :doc:`/valleys`
``convexity``             :doc:`/convexity`
``momentum``              :doc:`/momentum`
``minimum``               :doc:`/minimum`
``claims``                :doc:`/claims`
========================  ==========================================
"""

from nnlesson.book.stories._story import Story, glue_story
from nnlesson.book.stories.backprop import BackpropStory
from nnlesson.book.stories.bruteforce import BruteForceStory
from nnlesson.book.stories.claims import ClaimsStory
from nnlesson.book.stories.convexity import ConvexityStory
from nnlesson.book.stories.cost import CostStory
from nnlesson.book.stories.descent import DescentStory
from nnlesson.book.stories.minimum import MinimumStory
from nnlesson.book.stories.momentum import MomentumStory
from nnlesson.book.stories.network import NetworkStory
from nnlesson.book.stories.slope import SlopeStory
from nnlesson.book.stories.valleys import ValleysStory

__all__ = [
    "BackpropStory", "BruteForceStory", "ClaimsStory", "ConvexityStory", "CostStory",
    "DescentStory", "MinimumStory", "MomentumStory", "NetworkStory", "SlopeStory", "Story", "ValleysStory",
    "glue_story",
]
