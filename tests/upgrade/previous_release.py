"""The previous release of nova_lite, built from git history.

tests/upgrade/PREVIOUS_RELEASE names the commit. `build()` exports that
commit's tree (git archive: a clean clone has the whole history) into
tools/.cache/upgrade/<hash>/src and installs it into its own virtualenv
beside it, with every dependency pinned to the version the running test
environment has: the two releases then differ only in nova_lite's own code.
A finished build is reused; concurrent builds wait for each other.

    python = previous_release.build()
    proc = previous_release.start_compute(python, ['--config-file', path],
                                          log_file, cwd)
"""
import fcntl
import io
import os
import shutil
import subprocess
import sys
import tarfile
import venv

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PREVIOUS_RELEASE_FILE = os.path.join(HERE, 'PREVIOUS_RELEASE')
CACHE_ROOT = os.path.join(REPO, 'tools', '.cache', 'upgrade')
# Written last: a build interrupted half way is redone, never half used.
DONE_MARKER = '.built'


def _git(*args):
    return subprocess.run(['git', '-C', REPO] + list(args), check=True,
                          capture_output=True, timeout=300).stdout


def previous_release():
    """The full hash of the previous release's commit."""
    with open(PREVIOUS_RELEASE_FILE) as f:
        ref = f.read().strip()
    try:
        return _git('rev-parse', '--verify',
                    ref + '^{commit}').decode().strip()
    except subprocess.CalledProcessError:
        raise RuntimeError(
            'The previous release %s (tests/upgrade/PREVIOUS_RELEASE) is not '
            'in the history of %s: a shallow clone needs '
            '`git fetch --unshallow`' % (ref, REPO))


def _pins():
    """`pip freeze` of the running environment, without nova_lite itself
    (and editable or direct-URL installs, which are no pins)."""
    out = subprocess.run(
        [sys.executable, '-m', 'pip', 'freeze', '--exclude-editable'],
        check=True, capture_output=True, text=True, timeout=300).stdout
    pins = []
    for line in out.splitlines():
        name = line.split('==')[0].strip().lower().replace('_', '-')
        if '==' not in line or ' @ ' in line or name == 'nova-lite':
            continue
        pins.append(line.strip())
    return pins


def _export(commit, dest):
    archive = _git('archive', '--format=tar', commit)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter='data')


def build(commit=None, cache_root=CACHE_ROOT):
    """Build (or reuse) the previous release; return its venv's python."""
    commit = commit or previous_release()
    root = os.path.join(cache_root, commit)
    os.makedirs(cache_root, exist_ok=True)
    python = os.path.join(root, 'venv', 'bin', 'python')
    with open(os.path.join(cache_root, '.%s.lock' % commit), 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.exists(os.path.join(root, DONE_MARKER)):
            return python
        shutil.rmtree(root, ignore_errors=True)
        src = os.path.join(root, 'src')
        os.makedirs(src)
        _export(commit, src)
        venv.EnvBuilder(with_pip=True, clear=True).create(
            os.path.join(root, 'venv'))
        constraints = os.path.join(root, 'constraints.txt')
        with open(constraints, 'w') as f:
            f.write('\n'.join(_pins()) + '\n')
        subprocess.run([python, '-m', 'pip', 'install', '--quiet',
                        '-c', constraints, src],
                       check=True, capture_output=True, timeout=1800)
        with open(os.path.join(root, DONE_MARKER), 'w') as f:
            f.write(commit + '\n')
    return python


def environment():
    """The environment of a previous-release process: nothing on
    PYTHONPATH may bring the current tree's nova_lite in."""
    env = dict(os.environ)
    env.pop('PYTHONPATH', None)
    env['PYTHONNOUSERSITE'] = '1'
    return env


def start_compute(python, config_args, log_file, cwd):
    """Start the previous release's nova-lite-compute; return the Popen.

    cwd must lie outside this checkout (`-m` puts it on sys.path)."""
    script = os.path.join(os.path.dirname(python), 'nova-lite-compute')
    return subprocess.Popen([script] + list(config_args), stdout=log_file,
                            stderr=subprocess.STDOUT, cwd=cwd,
                            env=environment())


def installed_commit(python):
    """Which commit the venv of `python` was built from (its marker)."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(python)))
    with open(os.path.join(root, DONE_MARKER)) as f:
        return f.read().strip()


if __name__ == '__main__':
    print(build())
