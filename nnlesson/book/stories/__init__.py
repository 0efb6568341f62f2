"""Every chapter's story: the computations behind its glued texts.

A chapter never computes in a hidden cell. Its one hidden cell glues the
texts of its story (:func:`glue_story`), and every number, table and judging
word it shows in its sentences comes from there. A sentence that judges
("stuck", "escaped", "settles", "keeps the promise") is only as true as the
rule behind it, and a stopping tolerance is not a minimum, nor a budget
forever. So each story computes its judging words at the book's tolerance
divided by ``tighter`` and with its step budgets multiplied by ``longer``;
the tests recompute every story with ``tighter=100`` and with
``longer=10`` and require the same words, except for the words a sentence
states together with its budget (``Story.BUDGETED``).

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
``minimum``               :doc:`/minimum`
``claims``                :doc:`/claims`
========================  ==========================================
"""

from nnlesson.book.stories._story import Story, glue_story
from nnlesson.book.stories.backprop import BackpropStory
from nnlesson.book.stories.bruteforce import BruteForceStory
from nnlesson.book.stories.claims import ClaimsStory
from nnlesson.book.stories.convexity import ConvexityStory, convexity_story
from nnlesson.book.stories.cost import CostStory
from nnlesson.book.stories.descent import DescentStory
from nnlesson.book.stories.minimum import MinimumStory
from nnlesson.book.stories.network import NetworkStory
from nnlesson.book.stories.slope import SlopeStory
from nnlesson.book.stories.valleys import ValleysStory

__all__ = [
    "BackpropStory", "BruteForceStory", "ClaimsStory", "ConvexityStory", "CostStory",
    "DescentStory", "MinimumStory", "NetworkStory", "SlopeStory", "Story", "ValleysStory",
    "convexity_story", "glue_story",
]
