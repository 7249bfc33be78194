"""Host wiring on Linux: namespaces, links, bridges, taps, nftables.

Every command goes through :mod:`nova_lite.network.linux.executor`, so a
unit test can record what would run instead of touching the host."""
