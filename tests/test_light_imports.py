"""The grader imports nbconvert and nbgrader.converters without their package ``__init__``s (course_grader/autograde.py:
``_deferred_init``), which import every exporter (HTML, LaTeX, PDF: Markdown parsers, Jinja, a web server) that
grading never uses.  Whatever imports them later, in whatever order, must get the same modules as a normal
import: one module object per name, the package attributes, the exporters' shared classes."""
from __future__ import annotations

import subprocess
import sys

import pytest

CHECK = """
import sys, importlib
import nbconvert, nbconvert.exporters
nbconvert.HTMLExporter; nbconvert.exporters.HTMLExporter; nbconvert.filters
from nbconvert.exporters.templateexporter import TemplateExporter
import nbconvert.exporters.html as html
assert nbconvert.exporters.TemplateExporter is TemplateExporter is html.TemplateExporter, "one module per name"
assert nbconvert.TemplateExporter is TemplateExporter
m = sys.modules['nbconvert.exporters.templateexporter']
assert type(m.__spec__.loader).__name__ == 'SourceFileLoader', m.__spec__
import nbgrader.converters as c
from nbgrader.converters.generate_feedback import GenerateFeedback
assert c.GenerateFeedback is GenerateFeedback and c.Autograde.__module__ == 'nbgrader.converters.autograde'
importlib.reload(m)
print('same modules')
"""

LATER = ["from nbconvert.exporters.templateexporter import TemplateExporter",
         "from nbconvert.exporters.html import HTMLExporter",
         "import nbconvert.exporters.base",
         "from nbconvert.filters import markdown2html",
         "import nbconvert.postprocessors",
         "from nbconvert import HTMLExporter",
         "from nbgrader.converters.generate_feedback import GenerateFeedback",
         "from nbgrader.converters import Feedback",
         "import nbgrader.apps"]


@pytest.mark.parametrize("first", LATER)
def test_any_later_import_gets_the_usual_modules(first):
    code = f"import course_grader.autograde\n{first}\n{CHECK}"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "same modules" in proc.stdout, proc.stdout + proc.stderr[-3000:]


def test_grading_imports_leave_the_unused_exporters_out():
    code = ("import sys\nimport course_grader.autograde\nfrom nbgrader.converters.autograde import Autograde\n"
            "import nbgrader.preprocessors, nbgrader.api\nfrom course_grader import sandbox\nsandbox.execute_class()\n"
            "print(sorted(m for m in sys.modules if m.startswith(('nbconvert.filters', 'mistune', "
            "'nbconvert.exporters.html', 'nbgrader.converters.generate_feedback'))))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip() == "[]", proc.stdout
