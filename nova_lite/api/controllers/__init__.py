"""pecan controllers, one module per resource."""
