"""Runs every YAML file in api_cases/ against the in-process deployment;
each file is one test, its cases run in order."""
import pytest

from tests.functional import api_cases
from tests.functional.case_images import case_images  # noqa: F401


@pytest.mark.parametrize('filename', api_cases.case_files())
def test_api_cases(api, image_id, case_images, filename,  # noqa: F811
                   request):
    spec = api_cases.load(filename)
    defaults = spec.get('defaults') or {}
    variables = dict(case_images, IMAGE_ID=image_id)
    if 'neutron' in (spec.get('fixtures') or []):
        # A network service for this file: its seeded network ids.
        fake = request.getfixturevalue('fake_neutron')
        variables.update(SHARED_NET=fake.shared['id'],
                         PROJECT_NET=fake.project_net['id'],
                         NO_SUBNET_NET=fake.no_subnet['id'])
    for case in spec['tests']:
        api_cases.run_case(api, case, defaults, variables)
