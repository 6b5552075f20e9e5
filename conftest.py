"""Root pytest configuration: tools that nbgrader and Jupyter call by name (alembic, jupyter, course) must come
from the environment running the tests, even when pytest is started as `.venv/bin/python -m pytest`."""
import os
import sys

_bindir = os.path.dirname(sys.executable)
if _bindir not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _bindir + os.pathsep + os.environ.get("PATH", "")
