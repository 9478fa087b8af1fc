from tests.defport.conftest import fresh_index, unit, unit_buyer  # noqa: F401 - shared fixtures
