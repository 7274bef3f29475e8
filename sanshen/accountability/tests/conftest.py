import pytest

from .helpers import add_office


@pytest.fixture
def oversight(county):
    """The county of sanshen.test with the county office (县政府办) added as `oversight.office`."""
    return add_office(county)
