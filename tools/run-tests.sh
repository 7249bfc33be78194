#!/bin/bash
# The whole test suite, on a fresh machine or a clean clone: installs tox in
# a bootstrap venv, the system packages the real-guest tests need, then runs
# pytest once over tests/ through tox. pytest's summary is the last line.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/lib/test-env.sh

prepare_test_env
exec .tox/py3/bin/pytest "${@:-tests}"
