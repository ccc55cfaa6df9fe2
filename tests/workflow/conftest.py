from tests.integration.conftest import citizen, cloud, verifier  # noqa: F401 - the same in-process cloud and people as the integration tests
