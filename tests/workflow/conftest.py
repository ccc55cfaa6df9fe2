from tests.integration.conftest import cloud  # noqa: F401 - the same in-process cloud as the integration tests
