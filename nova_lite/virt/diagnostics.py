"""The standard diagnostics of a guest (API microversion 2.48), as a
plain dict every driver can build."""


def cpu(cpu_id, time=None, utilisation=None):
    return {'id': cpu_id, 'time': time, 'utilisation': utilisation}


def nic(mac_address=None, rx_octets=None, rx_errors=None, rx_drop=None,
        rx_packets=None, rx_rate=None, tx_octets=None, tx_errors=None,
        tx_drop=None, tx_packets=None, tx_rate=None):
    return {'mac_address': mac_address, 'rx_octets': rx_octets,
            'rx_errors': rx_errors, 'rx_drop': rx_drop,
            'rx_packets': rx_packets, 'rx_rate': rx_rate,
            'tx_octets': tx_octets, 'tx_errors': tx_errors,
            'tx_drop': tx_drop, 'tx_packets': tx_packets,
            'tx_rate': tx_rate}


def disk(read_bytes=None, read_requests=None, write_bytes=None,
         write_requests=None, errors_count=None):
    return {'read_bytes': read_bytes, 'read_requests': read_requests,
            'write_bytes': write_bytes, 'write_requests': write_requests,
            'errors_count': errors_count}


def standard(state, driver, hypervisor=None, hypervisor_os=None,
             uptime=None, config_drive=False, cpu_details=(),
             nic_details=(), disk_details=(), memory_max_mb=None,
             memory_used_mb=None):
    """The 2.48 body: counts follow the detail lists."""
    cpu_details = list(cpu_details)
    nic_details = list(nic_details)
    disk_details = list(disk_details)
    return {
        'state': state, 'driver': driver, 'hypervisor': hypervisor,
        'hypervisor_os': hypervisor_os, 'uptime': uptime,
        'config_drive': bool(config_drive),
        'num_cpus': len(cpu_details), 'num_nics': len(nic_details),
        'num_disks': len(disk_details),
        'cpu_details': cpu_details, 'nic_details': nic_details,
        'disk_details': disk_details,
        'memory_details': {'maximum': memory_max_mb, 'used': memory_used_mb},
    }
