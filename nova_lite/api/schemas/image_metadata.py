"""Bodies of /images/{id}/metadata and /metadata/{key}: Nova validates
them exactly like server metadata (string keys and values up to 255
characters; PUT /metadata/{key} carries one item)."""
from nova_lite.api.schemas import server_metadata

create = server_metadata.create
update_all = server_metadata.update_all
update = server_metadata.update
