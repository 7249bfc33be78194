import configparser
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))


def console_scripts():
    """The console scripts setup.cfg installs."""
    parser = configparser.RawConfigParser()
    parser.read(os.path.join(ROOT, 'setup.cfg'))
    lines = parser.get('options.entry_points', 'console_scripts')
    return {line.split('=')[0].strip() for line in lines.splitlines()
            if line.strip()}
