"""Sphinx configuration of the course website (``course site`` copies it into the generated book folder).

myst-nb renders the lectures, already executed by ``course site`` (execution off here); sphinx-book-theme is
Jupyter Book 1's theme. Nothing is loaded from another host: MathJax is the local copy in ``_static/mathjax/``,
myst-nb's ipywidgets scripts (from CDNs) are switched off, and the theme's assets are its own static files.
"""
project = "Neural networks from scratch"
author = "the course team"
copyright = "the course team"

extensions = ["myst_nb", "sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.mathjax"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
master_doc = "index"
language = "en"

# notebooks: executed by `course site`, rendered as they are
nb_execution_mode = "off"
nb_ipywidgets_js = {}                 # no require.js / widget manager from CDNs (widgets are static pictures)
nb_output_stderr = "show"
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "html_image"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type", "misc.highlighting_failure"]

# API reference from the docstrings (numpy style)
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "description"
napoleon_numpy_docstring = True
napoleon_google_docstring = False
napoleon_use_ivar = True

# MathJax 3 from the site itself (course site copies the npm package's files into _static/mathjax/)
mathjax_path = "mathjax/tex-chtml-full.js"
mathjax3_config = {
    "tex": {"tags": "ams"},
    "options": {"ignoreHtmlClass": "tex2jax_ignore|mathjax_ignore|document",
                "processHtmlClass": "tex2jax_process|mathjax_process|math|output_area"},
    "loader": {"load": []},
    "startup": {"typeset": True},
}

html_theme = "sphinx_book_theme"
html_title = "Neural networks from scratch"
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "use_source_button": False,
    "use_issues_button": False,
    "use_edit_page_button": False,
    "navigation_with_keys": False,
}
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None


def _plain_bars(app, what, name, obj, options, lines):
    """Docstrings write norms as ``|w_t|``; reST would read a substitution. Escape bars outside tables."""
    import re

    for i, line in enumerate(lines):
        if not re.match(r"\s*[|+]", line):
            lines[i] = re.sub(r"(?<!\\)\|", r"\\|", line)


def setup(app):
    app.connect("autodoc-process-docstring", _plain_bars)
