"""The libvirt virt driver (compute_driver = libvirt.LibvirtDriver)."""
