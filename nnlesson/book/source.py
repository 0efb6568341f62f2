"""What the original series says: its words, verbatim, and the numbers it typed.

The book retells Part 3 of Stephen Welch's *Neural Networks Demystified*
(2015); some facts come from later parts. Chapters quote the series only
through ``QUOTES``, so every quote is the series' own words, once, with
the part it comes from; the claims chapter compares the numbers in
``CLAIMED`` with what the build measures.
"""


#: key -> (part of the series, its words, verbatim).
QUOTES = {
    "one-weight-time": ("Part 3", "about 0.07 seconds"),
    "one-weight-time-later": ("Part 3", "0.04 seconds"),
    "million-time": ("Part 3", "it took an agonizing 62 seconds"),
    "three-weights": ("Part 3", "Searching through three weights would take a billion "
                                "evaluations, or 11 hours!"),
    "nine-weights": ("Part 3", "Searching through all 9 weights we need for our simple network "
                               "would take 1,268,391,679,350,583.5 years"),
    "cost-2-8": ("Part 3", "If w is 1.1 for example, we can run our cost function, and see that "
                           "J is 2.8"),
    "convex": ("Part 3", "the way we've setup our cost function will keep things nice and "
                         "convex"),
    "promise": ("Part 3", "in our final video, we'll show that what would have taken 10^27 "
                          "function evaluations with our brute force method will take less "
                          "than 100 evaluations with gradient descent"),
    "stochastic": ("Part 3", "If we use our examples one at a time instead of all at once, "
                             "sometimes it won't matter if our cost function is convex, we will "
                             "still find a good solution."),
    "gradient-check": ("Part 5", "Typical results should be on the order of 10^-8 or less if "
                                 "you've computed your gradient correctly."),
    "table-z": ("Part 3", "Layer 2 activation"),
    "table-a": ("Part 3", "Layer 2 activity"),
    "spoken-z": ("Part 2", "the activity"),
}

#: The numbers behind those claims: seconds, years, a cost, an order, a count.
CLAIMED = {
    "one-weight-seconds": 0.07,
    "million-seconds": 62.0,
    "three-weights-seconds": 11 * 3600.0,
    "nine-weights-years": 1268391679350583.5,
    "cost-2-8": 2.8,
    "gradient-check": 1e-8,
    "promise": 100,
}

#: What the source's own output cells printed for its timings (Part 3).
PRINTED = {"one-weight-seconds": 0.015625, "million-seconds": 20.5625}


def quote(key):
    """The series' words for ``key``, in curly quotation marks, with the part they come from.

    The chapters' sources write the series' words in curly quotes and the
    book's own terms in straight ones (which the page then curls too); a
    test holds every curly quote in the sources to ``QUOTES``.

    Examples
    --------
    >>> from nnlesson.book.source import quote
    >>> quote("convex")
    "“the way we've setup our cost function will keep things nice and convex” (Part 3)"
    """
    part, words = QUOTES[key]
    return f"“{words}” ({part})"
