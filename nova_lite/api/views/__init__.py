"""Response builders: the exact JSON shapes Nova returns."""
