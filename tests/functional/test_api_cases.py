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
    if 'cinder' in (spec.get('fixtures') or []):
        # A block storage service for this file, with volumes of the
        # project "volumes" and one of another project.
        fake = request.getfixturevalue('fake_cinder')
        variables.update(
            VOLUME=fake.add_volume('v1', project_id='volumes')['id'],
            VOLUME2=fake.add_volume('v2', project_id='volumes')['id'],
            OTHER_VOLUME=fake.add_volume('theirs', project_id='other',
                                         bootable=True)['id'])
        # Snapshots of in-use volumes wait for Nova, as Cinder's NFS
        # driver's (os-assisted-volume-snapshots).
        fake.assisted_snapshots = 'assisted-snapshots' in spec['fixtures']
        if 'boot-volumes' in spec['fixtures']:
            # And a bootable, a data and a multiattach bootable volume of
            # the file's project.
            project = defaults.get('token', ':').partition(':')[2]
            variables.update(
                BOOT_VOLUME=fake.add_volume('boot', project_id=project,
                                            bootable=True)['id'],
                DATA_VOLUME=fake.add_volume('data',
                                            project_id=project)['id'],
                MULTI_VOLUME=fake.add_volume('multi', project_id=project,
                                             bootable=True,
                                             multiattach=True)['id'])
    for case in spec['tests']:
        api_cases.run_case(api, case, defaults, variables)
