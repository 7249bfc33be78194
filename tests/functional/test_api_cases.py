"""Runs every YAML file in api_cases/ against the in-process deployment;
each file is one test, its cases run in order."""
import pytest

from tests.functional import api_cases


@pytest.mark.parametrize('filename', api_cases.case_files())
def test_api_cases(api, image_id, filename):
    spec = api_cases.load(filename)
    defaults = spec.get('defaults') or {}
    variables = {'IMAGE_ID': image_id}
    for case in spec['tests']:
        api_cases.run_case(api, case, defaults, variables)
