"""etc/policy.yaml.sample is current: `tox -e genpolicy` rewrites it."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def test_policy_sample_is_current(tmp_path):
    out = tmp_path / 'policy.yaml'
    generator = os.path.join(os.path.dirname(sys.executable),
                             'oslopolicy-sample-generator')
    subprocess.run([generator, '--namespace', 'nova_lite', '--output-file',
                    str(out)], check=True, cwd=ROOT, capture_output=True)
    with open(os.path.join(ROOT, 'etc', 'policy.yaml.sample')) as f:
        assert out.read_text() == f.read(), 'run `tox -e genpolicy`'
