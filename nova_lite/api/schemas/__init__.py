"""jsonschema request bodies, per resource and microversion."""
