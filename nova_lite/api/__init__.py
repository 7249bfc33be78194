"""The Compute REST API (v2.1 with microversions) of nova_lite.

Entry points: nova_lite.api.wsgi.build_app(conf) and make_server(conf).
This package never imports nova_lite.db: data comes through versioned
objects (whose remotable methods run in the conductor) and through
nova_lite.compute.api.API.
"""
