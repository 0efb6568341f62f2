"""The notebook converter on small MyST snippets (no Sphinx build).

``docs/_ext/notebook_export.py`` turns an executed chapter notebook into one
that reads like the page; its docstring lists what it handles. Here each
construct is fed to it on its own.
"""

import base64
import pathlib
import sys
import textwrap

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from notebook_export import Context, convert_markdown, convert_notebook  # noqa: E402

MYST_LEFT = ("{glue", "{numref}", "{eq}", "{func}", "{ref}", "{doc}", "```{", ":::{")


def site(**changes):
    """A context like the book's: three pages, labels, equations, objects."""
    values = dict(
        docname="descent",
        glue={"one-steps": "97", "rate": "30", "slow": '<span class="nb-timing">2 s</span>'},
        titles={"index": "Home", "descent": "Gradient descent", "claims": "The claims, checked"},
        labels={"all-nine": ("descent", "all-nine", "All nine weights"),
                "study": ("claims", "study", "Many starting networks"),
                "fig-contour": ("claims", "fig-contour", "The cost map"),
                "fig-here": ("descent", "fig-here", "A figure here")},
        numbers={"fig-contour": ("figure", "4"), "fig-here": ("figure", "6"),
                 "tab-times": ("table", "2")},
        equations={"eq-step": ("descent", "7"), "eq-cost": ("claims", "5")},
        objects={"nnlesson.gradient_descent": ("api", "nnlesson.gradient_descent"),
                 "nnlesson.Network.forward": ("api", "nnlesson.Network.forward")},
        numfig_format={"figure": "Figure %s", "table": "Table %s", "code-block": "Listing %s"},
    )
    values.update(changes)
    return Context(**values)


def convert(text, context=None):
    context = context or site()
    out = convert_markdown(textwrap.dedent(text), context)
    return out, context.warnings


def assert_plain(markdown):
    for syntax in MYST_LEFT:
        assert syntax not in markdown, markdown


# -- roles --------------------------------------------------------------------

def test_glue_roles_become_their_text():
    out, warnings = convert("After {glue:md}`one-steps` steps, with {glue}`rate` and "
                            "{glue:}`rate`, {glue:any}`rate`, {glue:text}`rate`. "
                            "Slow: {glue:md}`slow`.")
    assert out == ('After 97 steps, with 30 and 30, 30, 30. '
                   'Slow: <span class="nb-timing">2 s</span>.')
    assert warnings == []


def test_glue_text_format_and_other_pages():
    context = site(glue={"x": "0.123456"}, other_glue=lambda page, name: f"{page}/{name}")
    out, _ = convert("{glue:text}`x:.2f` and {glue:md}`claims::verdict`", context)
    assert out == "0.12 and claims/verdict"


def test_missing_glue_is_a_warning():
    out, warnings = convert("{glue:md}`nowhere`")
    assert out == "`nowhere`" and "nowhere" in warnings[0]


def test_equation_references_become_numbers():
    out, _ = convert("Apply {eq}`eq-step`; see {eq}`eq-cost` and {eq}`this one <eq-step>`.")
    assert out == "Apply (7); see [(5)](claims.html#equation-eq-cost) and this one."


def test_numref_names_the_figure_and_links_elsewhere():
    out, _ = convert("As {numref}`fig-contour` and {numref}`fig-here` show, "
                     "{numref}`Fig %s <fig-contour>` and {numref}`{name} <fig-here>`.")
    assert out == ("As [Figure 4](claims.html#fig-contour) and Figure 6 show, "
                   "[Fig 4](claims.html#fig-contour) and A figure here.")


def test_ref_and_doc_become_links_to_pages():
    out, _ = convert("See {ref}`all-nine`, {ref}`the study <study>`, {doc}`claims`, "
                     "{doc}`home </index>`.")
    assert out == ("See [All nine weights](descent.html#all-nine), "
                   "[the study](claims.html#study), [The claims, checked](claims.html), "
                   "[home](index.html).")


def test_links_use_the_base_url_when_given():
    out, _ = convert("{ref}`study` and [this](claims.md#study)",
                     site(baseurl="https://example.org/book/"))
    assert out == ("[Many starting networks](https://example.org/book/claims.html#study) "
                   "and [this](https://example.org/book/claims.html#study)")


def test_links_from_a_page_in_a_folder_are_relative_to_it():
    context = site(docname="part/one", titles={"claims": "Claims", "part/two": "Two"})
    out, _ = convert("[a](../claims.md#x), [b](two.md), {doc}`/claims`", context)
    assert out == "[a](../claims.html#x), [b](two.html), [Claims](../claims.html)"


def test_python_roles_become_code():
    out, _ = convert("{func}`~nnlesson.gradient_descent`, {meth}`nnlesson.Network.forward`, "
                     "{class}`~nnlesson.Network`, {mod}`nnlesson.endpoints`, "
                     "{attr}`Network.W1`, {func}`!nnlesson.gradient_descent`, "
                     "{py:func}`gradient_descent`, {func}`the loop <nnlesson.gradient_descent>`")
    assert out == (
        "[`gradient_descent()`](api.html#nnlesson.gradient_descent), "
        "[`nnlesson.Network.forward()`](api.html#nnlesson.Network.forward), "
        "`Network`, `nnlesson.endpoints`, `Network.W1`, `nnlesson.gradient_descent()`, "
        "[`gradient_descent()`](api.html#nnlesson.gradient_descent), "
        "[`the loop`](api.html#nnlesson.gradient_descent)")


def test_small_roles():
    out, warnings = convert("{math}`a^2` {sub}`2` {sup}`3` {kbd}`Ctrl` "
                            "{abbr}`SGD (stochastic gradient descent)` {term}`cost` "
                            "{file}`conf.py` {math}``a`b``")
    assert out == ("$a^2$ <sub>2</sub> <sup>3</sup> <kbd>Ctrl</kbd> SGD cost `conf.py` $a`b$")
    assert warnings == []


def test_an_unknown_role_keeps_its_text_and_warns():
    out, warnings = convert("{mystery}`text`")
    assert out == "text" and "{mystery}" in warnings[0]


def test_code_spans_fences_and_math_stay():
    text = """\
        Write `{glue:md}` and ``{eq}`x` `` in code; $\\{x\\}_{i}$ and $$[a](b)$$ stay.

        ```python
        {glue:md}`not-a-role`
        [x](y.md)
        ```

        ~~~
        {eq}`eq-step`
        ~~~
        """
    out, warnings = convert(text)
    assert out.strip() == textwrap.dedent(text).strip()
    assert warnings == []


def test_targets_comments_breaks_and_attributes_go():
    out, _ = convert("""\
        (all-nine)=
        ## All nine
        % a comment
        +++
        A [claim]{#claim-one .quote} and *this*{.nb} and [link](#all-nine).
        """)
    assert out.strip() == ("## All nine\nA claim and *this* and "
                           "[link](descent.html#all-nine).")


def test_definition_lists_become_bullets():
    out, _ = convert("Terms:\n\nLearning rate\n: How far to step, {glue:md}`rate`.\n")
    assert out == "Terms:\n\n- **Learning rate**\n  How far to step, 30.\n"


def test_markdown_links_to_labels_and_pages():
    out, _ = convert("[home](index), [the study](study), [](claims.md), "
                     "[web](https://example.org/x.md), [file](../nnlesson/data.py)")
    assert out == ("[home](index.html), [the study](claims.html#study), "
                   "[The claims, checked](claims.html), [web](https://example.org/x.md), "
                   "[file](../nnlesson/data.py)")


# -- directives -----------------------------------------------------------------

def test_admonitions_become_blockquotes_with_a_title():
    out, _ = convert("""\
        ```{note}
        Steps {glue:md}`one-steps`.
        ```

        :::{admonition} Why {eq}`eq-step`?
        :class: dropdown
        Because.
        :::

        ```{warning}
        Careful.

        Two paragraphs.
        ```
        """)
    assert out.strip() == textwrap.dedent("""\
        > **Note**
        >
        > Steps 97.

        > **Why (7)?**
        >
        > Because.

        > **Warning**
        >
        > Careful.
        >
        > Two paragraphs.""")


def test_directives_nest_in_both_fence_styles_and_in_lists():
    out, warnings = convert("""\
        ::::{tip}
        Outer.

        ````{admonition} Inner
        ```python
        x = 1
        ```
        ````
        ::::

        1. A question?

           ```{admonition} Solution
           :class: dropdown
           An answer with {eq}`eq-step`.
           ```
        """)
    assert out.strip() == textwrap.dedent("""\
        > **Tip**
        >
        > Outer.
        >
        > > **Inner**
        > >
        > > ```python
        > > x = 1
        > > ```

        1. A question?

           > **Solution**
           >
           > An answer with (7).""")
    assert warnings == []


def test_math_directives_keep_their_number():
    out, _ = convert("""\
        ```{math}
        :label: eq-step
        w \\leftarrow w - \\eta g
        ```

        ```{math}
        a &= b \\\\
        c &= d
        ```

        $$ J = \\tfrac12 e^2 $$ (eq-cost)
        """)
    assert out.strip() == textwrap.dedent("""\
        $$
        w \\leftarrow w - \\eta g \\tag{7}
        $$

        $$
        \\begin{aligned}
        a &= b \\\\
        c &= d
        \\end{aligned}
        $$

        $$
        J = \\tfrac12 e^2 \\tag{5}
        $$""")


def test_exercises_and_solutions_stay_readable():
    out, warnings = convert("""\
        :::{exercise}
        :label: ex-rate
        Try $\\eta = 3$.
        :::

        ```{exercise} A title
        Another.
        ```

        :::{solution} ex-rate
        :class: dropdown
        It takes {glue:md}`one-steps` steps.
        :::

        ```{exercise-start}
        :label: ex-gated
        ```
        Gated text.
        ```{exercise-end}
        ```
        """)
    assert out.strip() == textwrap.dedent("""\
        > **Exercise 1**
        >
        > Try $\\eta = 3$.

        > **Exercise 2** (A title)
        >
        > Another.

        **Solution to Exercise 1**

        It takes 97 steps.

        **Exercise 3**
        Gated text.""")
    assert warnings == []


def test_exercise_numbers_come_from_sphinx_when_known():
    context = site(numbers={"ex-a": ("exercise", "12")},
                   page_numbers={"exercise": ["11", "12"]})
    out, _ = convert(":::{exercise}\nFirst.\n:::\n\n:::{exercise}\n:label: ex-a\nSecond.\n:::\n"
                     "\n:::{solution} ex-a\nYes.\n:::\n", context)
    assert "**Exercise 11**" in out and "**Exercise 12**" in out
    assert "**Solution to Exercise 12**" in out


def test_references_to_exercises_name_their_number():
    context = site(labels={"ex-a": ("claims", "ex-a", "Exercise")},
                   numbers={"ex-a": ("exercise", "4")})
    out, _ = convert("{ref}`ex-a`, {numref}`ex-a`, {ref}`this one <ex-a>`", context)
    assert out == ("[Exercise 4](claims.html#ex-a), [Exercise 4](claims.html#ex-a), "
                   "[this one](claims.html#ex-a)")


def test_literalinclude_becomes_the_included_code(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(textwrap.dedent("""\
        import math


        def area(r):
            \"\"\"Area.\"\"\"
            return math.pi * r**2


        def other():
            pass
        """))
    context = site(srcdir=tmp_path / "docs")
    out, warnings = convert("""\
        ```{literalinclude} ../pkg/mod.py
        :pyobject: area
        :caption: pkg/mod.py
        ```

        ```{literalinclude} ../pkg/mod.py
        :pyobject: area
        :start-at: return
        ```
        """, context)
    assert out.strip() == textwrap.dedent('''\
        **Listing 1:** pkg/mod.py

        ```python
        def area(r):
            """Area."""
            return math.pi * r**2
        ```

        ```python
            return math.pi * r**2
        ```''')
    assert warnings == []


def test_an_include_that_fails_is_a_warning(tmp_path):
    (tmp_path / "mod.py").write_text("x = 1\n")
    out, warnings = convert("```{literalinclude} mod.py\n:pyobject: nowhere\n```\n",
                            site(srcdir=tmp_path))
    assert "mod.py" in out and "nowhere" in warnings[0]


def test_figures_embed_their_image_with_the_caption(tmp_path):
    png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==")
    (tmp_path / "dot.png").write_bytes(png)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(textwrap.dedent("""\
        ```{figure} dot.png
        :name: fig-here
        :alt: A dot.

        One dot, see {eq}`eq-step`.
        ```
        """))])
    converted = convert_notebook(notebook, site(srcdir=tmp_path))
    (cell,) = converted.cells
    assert cell.source == "![A dot.](attachment:dot.png)\n\n**Figure 6:** One dot, see (7)."
    assert base64.b64decode(cell.attachments["dot.png"]["image/png"]) == png
    nbformat.validate(converted)


def test_tables_keep_their_caption_and_list_tables_become_pipe_tables():
    context = site(page_numbers={"table": ["2", "3"]})  # this page's tables, from Sphinx
    out, _ = convert("""\
        :::{table} Times, {glue:md}`rate` of them
        :name: tab-times
        | a | b |
        | - | - |
        | {glue:md}`one-steps` | 2 |
        :::

        ```{list-table} Pairs
        :header-rows: 1
        * - name
          - value
        * - steps
          - {glue:md}`one-steps`
        ```

        <table><tr><td>raw HTML stays</td></tr></table>
        """, context)
    assert out.strip() == textwrap.dedent("""\
        **Table 2:** Times, 30 of them

        | a | b |
        | - | - |
        | 97 | 2 |

        **Table 3:** Pairs

        | name | value |
        |---|---|
        | steps | 97 |

        <table><tr><td>raw HTML stays</td></tr></table>""")


def test_glue_directives_become_their_text():
    out, _ = convert("```{glue:md} one-steps\n:format: myst\n```\n\n:::{glue} rate\n:::\n")
    assert out.strip() == "97\n\n30"


def test_an_unknown_directive_keeps_its_text_and_warns():
    out, warnings = convert(":::{mystery} Title\nBody {eq}`eq-step`.\n:::\n")
    assert out.strip() == "> **Title**\n>\n> Body (7)."
    assert "{mystery}" in warnings[0]


# -- notebooks -------------------------------------------------------------------

def test_a_notebook_keeps_code_and_outputs_and_gains_figure_captions():
    code = nbformat.v4.new_code_cell(
        "plot()", metadata={"tags": ["hide-input"],
                            "mystnb": {"figure": {"caption": "The cost, {eq}`eq-step`.",
                                                  "name": "fig-here"}}},
        outputs=[nbformat.v4.new_output("display_data", {"text/plain": "<Figure>"})])
    glue = nbformat.v4.new_code_cell("glue('shown', 5)", outputs=[nbformat.v4.new_output(
        "display_data", {"text/plain": "5"}, metadata={"scrapbook": {"name": "shown",
                                                                     "mime_prefix": ""}})])
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# Title\n\n{glue:md}`shown` and {numref}`fig-here`"),
               code, glue,
               nbformat.v4.new_code_cell("style()", metadata={"tags": ["remove-cell"]})],
        metadata={"source_map": [1, 2], "jupytext": {}, "kernelspec": {"name": "python3",
                                                                       "display_name": "P"}})
    converted = convert_notebook(notebook, site(preface="*A note.*"))
    nbformat.validate(converted)
    assert [cell.cell_type for cell in converted.cells] == \
        ["markdown", "markdown", "code", "markdown", "code"]
    assert converted.cells[0].source == "*A note.*"
    assert converted.cells[1].source == "# Title\n\n5 and Figure 6"
    assert converted.cells[2] == code  # untouched, outputs, tags and all
    assert "style()" not in [cell.source for cell in converted.cells]  # removed, as on the page
    assert converted.cells[3].source == "**Figure 6:** The cost, (7)."
    assert set(converted.metadata) == {"kernelspec"}
    assert notebook.metadata["source_map"] == [1, 2]  # the input is not changed
    assert convert_notebook(notebook, site(preface="*A note.*")) == converted  # same ids


# The pages that are notebooks (jupytext front matter): only they are offered
# as downloads. (The About page uses the build's own directives, which a
# notebook never sees.)
NOTEBOOK_PAGES = sorted(page for page in (ROOT / "docs").glob("*.md")
                        if page.read_text().startswith("---\njupytext:"))


@pytest.mark.parametrize("chapter", NOTEBOOK_PAGES, ids=lambda p: p.name)
def test_every_chapter_converts_to_plain_markdown(chapter, tmp_path):
    # The chapters as they are, with every glue name, label and equation known:
    # nothing MyST is left and nothing is reported as unconverted.
    import re

    text = chapter.read_text()
    names = set(re.findall(r"\{glue(?::md|:text|:any|:)?\}`([^`]+)`", text))
    names |= set(re.findall(r"\{glue(?::md|:any|:)?\}\s+(\S+)", text))
    labels = set(re.findall(r"\{(?:ref|numref)\}`(?:[^`<]*<)?([^`>]+)>?`", text))
    equations = set(re.findall(r"\{eq\}`([^`]+)`", text)) | set(re.findall(r":label: (\S+)", text))
    context = site(docname=chapter.stem, srcdir=ROOT / "docs",
                   titles={page.stem: "T" for page in (ROOT / "docs").glob("*.md")},
                   glue={name: "1" for name in names},
                   labels={label: ("other", label, "T") for label in labels},
                   numbers={label: ("figure", "1") for label in labels},
                   equations={label: ("other", "1") for label in equations})
    out = convert_markdown(text.split("---", 2)[-1] if text.startswith("---") else text, context)
    unconverted = [w for w in context.warnings if "eval-rst" not in w]
    assert unconverted == []
    assert_plain(re.sub(r"```\{(code-cell|eval-rst|toctree)\}.*?```", "", out, flags=re.S))
