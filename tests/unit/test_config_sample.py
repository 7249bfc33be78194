"""etc/nova-lite.conf.sample is current: `tox -e genconfig` rewrites it."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def _options(text):
    """{(section, option): default line} from a generated sample."""
    found, section = {}, None
    for line in text.splitlines():
        if line.startswith('[') and line.endswith(']'):
            section = line[1:-1]
        elif line.startswith('#') and ' = ' in line and section:
            name = line[1:].split(' = ', 1)[0]
            if name.isidentifier():
                found[(section, name)] = line
    return found


def test_sample_config_has_every_nova_lite_option(tmp_path):
    out = tmp_path / 'ours.conf'
    subprocess.run([sys.executable, '-m', 'oslo_config.generator',
                    '--namespace', 'nova_lite.conf', '--output-file',
                    str(out)], check=True, cwd=ROOT, capture_output=True)
    ours = _options(out.read_text())
    with open(os.path.join(ROOT, 'etc', 'nova-lite.conf.sample')) as f:
        checked_in = _options(f.read())
    assert ours, 'generator produced no options'
    stale = {k: v for k, v in ours.items() if checked_in.get(k) != v}
    assert stale == {}, 'run `tox -e genconfig`'
