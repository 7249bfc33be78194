"""Libvirt domain XML for an instance.

Pure functions: no libvirt connection, no config lookups. The driver
resolves options and host facts into a GuestSpec-like set of arguments and
``domain_xml`` returns the XML string. Tests parse the result.
"""
import datetime
import xml.etree.ElementTree as ET

NOVA_NS = 'http://openstack.org/xmlns/libvirt/nova/1.1'
ET.register_namespace('nova', NOVA_NS)

# Disk buses and the device-name prefix each gets inside the guest.
DISK_BUS_PREFIX = {'virtio': 'vd', 'scsi': 'sd', 'sata': 'sd', 'ide': 'hd',
                   'usb': 'sd'}
VIF_MODELS = ('virtio', 'e1000', 'e1000e', 'rtl8139', 'ne2k_pci', 'pcnet')
VIDEO_MODELS = ('virtio', 'vga', 'cirrus', 'qxl', 'bochs', 'none')
DEFAULT_MACHINE_TYPES = {'x86_64': 'pc', 'i686': 'pc', 'aarch64': 'virt',
                         'armv7l': 'virt', 's390x': 's390-ccw-virtio'}

_IMAGE_PROPERTY_PREFIXES = ('hw_', 'os_', 'img_')


def image_properties(image_meta):
    """The image's custom properties, whether the image dict keeps them
    under "properties" (nova_lite's image_meta) or at the top level (the
    Glance v2 shape)."""
    image_meta = image_meta or {}
    props = {k: v for k, v in image_meta.items()
             if k.startswith(_IMAGE_PROPERTY_PREFIXES) and
             k not in ('os_hash_algo', 'os_hash_value', 'os_hidden')}
    props.update(image_meta.get('properties') or {})
    return props


def disk_dev_name(bus, index):
    """vda, vdb, ... (sda for scsi/sata/usb, hda for ide)."""
    prefix = DISK_BUS_PREFIX[bus]
    name = ''
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(ord('a') + rem) + name
    return prefix + name


def machine_type(arch, image_props, conf_machine_types):
    """Image hw_machine_type, else the "arch=machine" option, else the
    architecture's default."""
    if image_props.get('hw_machine_type'):
        return image_props['hw_machine_type']
    for entry in conf_machine_types or ():
        if '=' in entry:
            key, value = entry.split('=', 1)
            if key.strip() == arch and value.strip():
                return value.strip()
    return DEFAULT_MACHINE_TYPES.get(arch)


def cpu_mode_for(virt_type, conf_cpu_mode):
    if conf_cpu_mode:
        return conf_cpu_mode
    return 'host-model' if virt_type == 'kvm' else 'none'


def _sub(parent, tag, text=None, **attrs):
    elem = ET.SubElement(parent, tag, {k.rstrip('_'): str(v)
                                       for k, v in attrs.items()
                                       if v is not None})
    if text is not None:
        elem.text = str(text)
    return elem


def _flavor_value(instance, name, default=0):
    flavor = getattr(instance, 'flavor', None)
    if flavor is not None and flavor.obj_attr_is_set(name):
        return getattr(flavor, name)
    if instance.obj_attr_is_set(name) and getattr(instance, name) is not None:
        return getattr(instance, name)
    return default


def _metadata(domain, instance, image_meta, creation_time, package_version):
    meta = _sub(domain, 'metadata')
    root = ET.SubElement(meta, '{%s}instance' % NOVA_NS)
    ET.SubElement(root, '{%s}package' % NOVA_NS,
                  {'version': package_version})
    ET.SubElement(root, '{%s}name' % NOVA_NS).text = (
        instance.display_name or '')
    ET.SubElement(root, '{%s}creationTime' % NOVA_NS).text = (
        creation_time.strftime('%Y-%m-%d %H:%M:%S'))
    flavor = getattr(instance, 'flavor', None)
    fl = ET.SubElement(root, '{%s}flavor' % NOVA_NS,
                       {'name': (flavor.name if flavor is not None and
                                 flavor.obj_attr_is_set('name') else '')})
    for field, tag in (('memory_mb', 'memory'), ('root_gb', 'disk'),
                       ('swap', 'swap'), ('ephemeral_gb', 'ephemeral'),
                       ('vcpus', 'vcpus')):
        ET.SubElement(fl, '{%s}%s' % (NOVA_NS, tag)).text = str(
            _flavor_value(instance, field))
    owner = ET.SubElement(root, '{%s}owner' % NOVA_NS)
    for field, tag in (('user_id', 'user'), ('project_id', 'project')):
        value = getattr(instance, field) if instance.obj_attr_is_set(
            field) else None
        ET.SubElement(owner, '{%s}%s' % (NOVA_NS, tag),
                      {'uuid': value or ''})
    image_id = (image_meta or {}).get('id')
    if image_id:
        ET.SubElement(root, '{%s}root' % NOVA_NS,
                      {'type': 'image', 'uuid': image_id})


def _sysinfo(domain, instance, package_version):
    sysinfo = _sub(domain, 'sysinfo', type='smbios')
    system = _sub(sysinfo, 'system')
    for name, value in (('manufacturer', 'OpenStack Foundation'),
                        ('product', 'OpenStack Nova'),
                        ('version', package_version),
                        ('serial', instance.uuid),
                        ('uuid', instance.uuid),
                        ('family', 'Virtual Machine')):
        _sub(system, 'entry', value, name=name)


def _cpu(domain, mode, cpu_models, vcpus):
    cpu = _sub(domain, 'cpu')
    if mode == 'host-model':
        cpu.set('mode', 'host-model')
        cpu.set('match', 'exact')
    elif mode == 'host-passthrough':
        cpu.set('mode', 'host-passthrough')
    elif mode == 'custom':
        cpu.set('mode', 'custom')
        cpu.set('match', 'exact')
        if cpu_models:
            _sub(cpu, 'model', cpu_models[0], fallback='allow')
    # mode 'none': no mode attribute, the hypervisor's default CPU model.
    _sub(cpu, 'topology', sockets=vcpus, cores=1, threads=1)


def _clock(domain, os_type):
    if os_type == 'windows':
        clock = _sub(domain, 'clock', offset='localtime')
        _sub(clock, 'timer', name='hypervclock', present='yes')
    else:
        clock = _sub(domain, 'clock', offset='utc')
    _sub(clock, 'timer', name='pit', tickpolicy='delay')
    _sub(clock, 'timer', name='rtc', tickpolicy='catchup')
    _sub(clock, 'timer', name='hpet', present='no')


def _disk(devices, disk):
    elem = _sub(devices, 'disk', type='file', device='disk')
    _sub(elem, 'driver', name='qemu', type=disk['format'],
         cache=disk.get('cache'))
    _sub(elem, 'source', file=disk['path'])
    _sub(elem, 'target', dev=disk['dev'], bus=disk['bus'])
    if disk.get('serial'):
        _sub(elem, 'serial', disk['serial'])


def vif_devname(vif):
    """The host-side device of a VIF: Nova's "tap" + the port id's first
    11 characters unless the network service named it."""
    return vif.get('devname') or (
        'tap' + vif['id'][:11] if vif.get('id') else None)


def vif_mtu(vif):
    network = vif.get('network') or {}
    return vif.get('mtu') or (network.get('meta') or {}).get('mtu')


def interface_element(parent, vif, vif_model):
    """The <interface> of one VIF under `parent`, or None for a VIF type
    this driver cannot plug. "tap" (what the built-in network service and
    Neutron's tap binding give) is an ethernet interface on a tap device
    that exists before the guest does (managed='no'); "bridge" is a tap
    that libvirt creates on the named bridge."""
    vif_type = vif.get('type') or 'bridge'
    network = vif.get('network') or {}
    devname = vif_devname(vif)
    if vif_type == 'tap':
        if not devname:
            return None
        iface = _sub(parent, 'interface', type='ethernet')
    elif vif_type == 'bridge':
        bridge = vif.get('bridge') or network.get('bridge')
        if not bridge:
            return None
        iface = _sub(parent, 'interface', type='bridge')
    else:
        return None
    if vif.get('address'):
        _sub(iface, 'mac', address=vif['address'])
    if vif_type == 'bridge':
        _sub(iface, 'source', bridge=bridge)
    _sub(iface, 'model', type=vif_model)
    if devname:
        _sub(iface, 'target', dev=devname,
             managed='no' if vif_type == 'tap' else None)
    if vif_mtu(vif):
        _sub(iface, 'mtu', size=vif_mtu(vif))
    return iface


def interface_xml(vif, vif_model='virtio'):
    """One VIF's <interface> as a string (for hot-plugging)."""
    holder = ET.Element('devices')
    iface = interface_element(holder, vif, vif_model)
    if iface is None:
        raise ValueError('VIF %s of type %r cannot be plugged' %
                         (vif.get('id'), vif.get('type')))
    return ET.tostring(iface, encoding='unicode')


def vif_model_for(image_props):
    vif_model = image_props.get('hw_vif_model') or 'virtio'
    if vif_model not in VIF_MODELS:
        raise ValueError('Unsupported hw_vif_model %r' % vif_model)
    return vif_model


def domain_xml(instance, image_meta, disks, *, virt_type='kvm',
               arch='x86_64', machine=None, cpu_mode=None, cpu_models=(),
               console_log=None, vnc_listen=None, network_info=None,
               name=None, package_version='nova-lite', creation_time=None,
               volume_disks=(), root_volume=False):
    """The domain XML (str) for `instance`.

    disks: [{'path', 'format' (qcow2|raw), 'dev' (vda...), 'bus'}], the
    first one is the boot disk. vnc_listen None means no graphics.
    network_info: VIFs; those of type tap, and bridge ones naming their
    bridge, get a NIC. volume_disks: <disk> XML strings of the Cinder
    volumes (nova_lite.virt.libvirt.volumes); with root_volume the first
    one is the boot disk and comes before the local disks.
    """
    props = image_properties(image_meta)
    vcpus = int(_flavor_value(instance, 'vcpus', 1))
    memory_kib = int(_flavor_value(instance, 'memory_mb', 0)) * 1024
    os_type = props.get('os_type') or 'linux'

    domain = ET.Element('domain', {'type': virt_type})
    _sub(domain, 'uuid', instance.uuid)
    _sub(domain, 'name', name or 'instance-%s' % instance.uuid)
    _metadata(domain, instance, image_meta,
              creation_time or datetime.datetime.utcnow(), package_version)
    _sub(domain, 'memory', memory_kib, unit='KiB')
    _sub(domain, 'currentMemory', memory_kib, unit='KiB')
    _sub(domain, 'vcpu', vcpus)
    _sysinfo(domain, instance, package_version)

    os_elem = _sub(domain, 'os')
    _sub(os_elem, 'type', 'hvm', arch=arch,
         machine=machine or DEFAULT_MACHINE_TYPES.get(arch))
    _sub(os_elem, 'boot', dev='hd')
    _sub(os_elem, 'smbios', mode='sysinfo')

    features = _sub(domain, 'features')
    _sub(features, 'acpi')
    _sub(features, 'apic')

    _cpu(domain, cpu_mode_for(virt_type, cpu_mode), cpu_models, vcpus)
    _clock(domain, os_type)
    _sub(domain, 'on_poweroff', 'destroy')
    _sub(domain, 'on_reboot', 'restart')
    _sub(domain, 'on_crash', 'destroy')

    devices = _sub(domain, 'devices')
    if any(d['bus'] == 'scsi' for d in disks):
        _sub(devices, 'controller', type='scsi', index=0,
             model='virtio-scsi')
    volume_disks = [ET.fromstring(x) for x in volume_disks]
    if root_volume and volume_disks:
        devices.append(volume_disks.pop(0))
    for disk in disks:
        _disk(devices, disk)
    for disk in volume_disks:
        devices.append(disk)

    vif_model = vif_model_for(props)
    for vif in network_info or ():
        interface_element(devices, vif, vif_model)

    serial = _sub(devices, 'serial', type='pty')
    if console_log:
        _sub(serial, 'log', file=console_log, append='on')
    _sub(serial, 'target', port=0)
    console = _sub(devices, 'console', type='pty')
    _sub(console, 'target', type='serial', port=0)

    if vnc_listen:
        _sub(devices, 'input', type='tablet', bus='usb')
        _sub(devices, 'graphics', type='vnc', autoport='yes',
             listen=vnc_listen)
        video_model = props.get('hw_video_model') or 'virtio'
        if video_model not in VIDEO_MODELS:
            raise ValueError('Unsupported hw_video_model %r' % video_model)
        video = _sub(devices, 'video')
        _sub(video, 'model', type=video_model)

    balloon = _sub(devices, 'memballoon', model='virtio')
    _sub(balloon, 'stats', period=10)

    ET.indent(domain)
    return ET.tostring(domain, encoding='unicode')
