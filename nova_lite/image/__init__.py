"""Images: the embedded local store and the API the rest of nova_lite
uses to reach images (nova_lite.image.api.API)."""
