"""The grading tools behind the ``course`` command (release, check, autograde, validate, feedback, ...)."""
import sys

# jsonschema (imported by nbformat) builds an RFC 3987 grammar at import time when `rfc3987_syntax` is
# installed: 0.7-2 s per process for a format check nbgrader never uses. Marking it absent skips that.
sys.modules.setdefault("rfc3987_syntax", None)
