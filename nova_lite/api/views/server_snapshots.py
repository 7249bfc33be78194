"""The body of an accepted createImage/createBackup (2.45+)."""


def accepted(image_id):
    return {'image_id': image_id}
