"""Every object's contract is pinned: a change to its fields or to a
remotable method's signature, or a bump of an object it holds, changes its
fingerprint, and the test fails until VERSION is bumped (with its history
comment) and the fingerprint below updated, as Nova's object tests do."""
import hashlib
import inspect

from oslo_versionedobjects import base as ovo_base

from nova_lite import objects
from nova_lite.objects import base

objects.register_all()

EXPECTED = {
    'Aggregate': '1.0-e7830ad6d615664007199575d1257558',
    'AggregateList': '1.0-971b96556b88ae856f7309a29e10f457',
    'Allocation': '1.0-85965497dd86c072b38c9fc06213267b',
    'AllocationList': '1.0-f8f3e0e66dc230b9f460028b9cf04ab9',
    'BlockDeviceMapping': '1.0-6d3adcf5faaa5bfb539fb1e23a499069',
    'BlockDeviceMappingList': '1.0-d2ee096b09cbbb5d4d348237b064713c',
    'ComputeNode': '1.0-e29ebacacaea9823d8c3661fd9af8872',
    'ComputeNodeList': '1.1-3c5a1af47e6f9f1e185d11a88ba9fd56',
    'ConsoleAuthToken': '1.0-3d65b39916686fa5be954dbdf8dd7c56',
    'Destination': '1.0-4ea75d8277a4167cf28f55a14336d84c',
    'Flavor': '1.0-37b8d453b09cab1e2be875605e9caa97',
    'FlavorExtras': '1.0-e09e736205feb8e64af3ee22eb7458ec',
    'FlavorList': '1.0-c01df3c46a326a6f5be187947aaec290',
    'IPAllocation': '1.0-ddb18ba358e1d31a4c10c0b6cfea75c2',
    'IPAllocationList': '1.0-e4c0d91d1800cdc5fe37c5a4852a7c05',
    'ImageMeta': '1.0-4d142275d69a3b14e767c128985a0a1e',
    'Instance': '1.5-2b41e2440b68d65f0bed739359cd68f6',
    'InstanceAction': '1.0-06ade0ea3bb0c499c7d0e3621603dbcd',
    'InstanceActionEvent': '1.0-2ee193ac7175bddfa04279fc505ac9b1',
    'InstanceActionEventList': '1.0-5b84aa43e52515e10ede473adfdea19f',
    'InstanceActionList': '1.0-e4eacf4bd84a72389adcf18335ff49f8',
    'InstanceFault': '1.0-f25ad447e8a0dbb6c1146d1a29f0b016',
    'InstanceFaultList': '1.0-62fda09811206d8f524140677bcab73c',
    'InstanceGroup': '1.1-a93ef2937e4cbc92d925c2d63ccfb5dc',
    'InstanceGroupList': '1.1-604c3b5b4fc0cc58f9fe89fde4a2c39e',
    'InstanceInfoCache': '1.0-3614056e73d85e85ec884d670e7d5e6f',
    'InstanceInfoCacheList': '1.0-fe657e52959d2972ebe93097eb9a69ec',
    'InstanceList': '1.2-d50ca982cc023726247987bd6a7d092a',
    'InstanceUsageList': '1.1-b268fe80d3ef1f03a814cd27ce44012f',
    'KeyPair': '1.0-75ebeed7c6041c69c5cc9c7cc50bd649',
    'KeyPairList': '1.0-e93c95bb86299b467a6af54952560d1d',
    'Migration': '1.0-692200bbe6cb1bdab3e36a48fe6fb7c4',
    'MigrationList': '1.0-82c59d91802e83f10596dc4b36e2c8dc',
    'Network': '1.0-84ffa0648d1e0661c0bed9dae084d4a6',
    'NetworkList': '1.0-0177a20eb94248cb5db4b07a9b7b6efc',
    'NetworkQuotas': '1.0-e7dd8de1c5f6d061fe26655d422479eb',
    'Port': '1.0-b0fd70e2ae14509d4544744a73af55b3',
    'PortList': '1.0-8f1ea1c1d6e448268d3860d6cd8c6b3d',
    'Quotas': '1.1-8e33ccc42cdd2cd9f8249ea727f1f08f',
    'RequestSpec': '1.2-64e4176e8984dd3539d2bbdd29250ff5',
    'SchedulerRetries': '1.0-3e3d6a88ac2b9071ad3588465b71488c',
    'SecurityGroup': '1.0-fcff3f8a71f796e095bfa6a45d515ee2',
    'SecurityGroupList': '1.0-ddfdc1c4c665f4d552afb79cfb9f261a',
    'SecurityGroupRule': '1.0-98a222c92f0b5f9501c685112864248d',
    'SecurityGroupRuleList': '1.0-02d3148e8d99951717ac4a440e3bf20c',
    'Service': '1.1-c86537ffc71b1d20a8c616dbea50b6f8',
    'ServiceList': '1.1-a9fbfb8eb4640bf56896363602d75987',
    'Subnet': '1.0-66e2e855492d2d113c1645dde83adfe2',
    'SubnetList': '1.0-a2157f03506b57f5b74e3a55d5e7510b',
    'Tag': '1.0-040d3fc849d1d6ca7f5f59df268e51e3',
    'TagList': '1.0-452346b02c30d15f3e8b01d5a71ba707',
}


def _classes():
    return {name: classes[0] for name, classes in
            ovo_base.VersionedObjectRegistry.obj_classes().items()
            if issubclass(classes[0], base.NovaLiteObject)}


def _remotable_methods(cls):
    methods = []
    for name in dir(cls):
        fn = getattr(getattr(cls, name, None), '__func__',
                     getattr(cls, name, None))
        if getattr(fn, 'remotable', False):
            methods.append((name, str(inspect.signature(fn.original_fn))))
    return sorted(methods)


def fingerprint(cls):
    fields = sorted((name, repr(field)) for name, field in cls.fields.items())
    children = sorted(ovo_base.obj_tree_get_versions(cls.obj_name()).items())
    data = repr((fields, _remotable_methods(cls), children))
    return '%s-%s' % (cls.VERSION, hashlib.md5(data.encode()).hexdigest())


def test_object_fingerprints_match_their_versions():
    actual = {name: fingerprint(cls) for name, cls in _classes().items()}
    changed = {name: (EXPECTED.get(name), value)
               for name, value in actual.items()
               if EXPECTED.get(name) != value}
    changed.update({name: (value, None) for name, value in EXPECTED.items()
                    if name not in actual})
    assert changed == {}, (
        'Objects changed (expected, actual): bump VERSION, note it in the '
        'version history comment, then update EXPECTED')


def test_every_version_of_every_object_has_a_history_line():
    missing = []
    for name, cls in _classes().items():
        source = inspect.getsource(cls)
        major, minor = (int(x) for x in cls.VERSION.split('.'))
        for version in range(minor + 1):
            if '# %d.%d: ' % (major, version) not in source:
                missing.append('%s %d.%d' % (name, major, version))
    assert missing == []
