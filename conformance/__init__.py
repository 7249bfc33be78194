"""The differential conformance test: the same scenario sent to the real
Nova 34 and to nova_lite, compared call by call (``tox -e conformance``).
Not part of the default test run (pytest collects tests/ only)."""
