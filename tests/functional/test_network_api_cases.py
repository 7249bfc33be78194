"""Runs every YAML file in network_cases/ against the in-process network
API (Neutron v2.0); each file is one test, its cases run in order."""
import os

import pytest
import yaml

from tests.functional import api_cases

CASES_DIR = os.path.join(os.path.dirname(__file__), 'network_cases')


def _files():
    return sorted(f for f in os.listdir(CASES_DIR) if f.endswith('.yaml'))


@pytest.mark.parametrize('filename', _files())
def test_network_api_cases(network_api, filename):
    with open(os.path.join(CASES_DIR, filename)) as f:
        spec = yaml.safe_load(f)
    defaults = spec.get('defaults') or {}
    variables = {}
    for case in spec['tests']:
        api_cases.run_case(network_api, case, defaults, variables)
