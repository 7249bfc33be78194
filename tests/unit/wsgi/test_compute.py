"""nova_lite.wsgi.compute: the config files come from the environment."""
from nova_lite.wsgi import compute


def test_default_config_file():
    assert compute.config_files({}) == ['/etc/nova-lite/nova-lite.conf']


def test_config_dir_and_files_from_the_environment():
    assert compute.config_files({
        'OS_NOVA_LITE_CONFIG_DIR': '/srv/conf ',
        'OS_NOVA_LITE_CONFIG_FILES': 'nova-lite.conf; api.conf;',
    }) == ['/srv/conf/nova-lite.conf', '/srv/conf/api.conf']
