import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def german():
    # Figures and recommendations are formatted in the active language; an earlier test in
    # the same thread may have left another one active.
    with translation.override("de"):
        yield
