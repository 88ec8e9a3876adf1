import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a directory of this test only."""
    settings.MEDIA_ROOT = tmp_path / "media"
