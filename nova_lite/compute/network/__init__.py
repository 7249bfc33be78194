"""The compute host's part of guest networking."""
