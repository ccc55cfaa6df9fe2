"""Test environment: never reach a real AWS account; resources are named as in the local stack."""

import gc
import os

# Each test cloud leaves a whole moto behind, and with Python's default thresholds a full collection then
# walks the heap every few tests (a quarter of the integration tests' time). Collect less often.
gc.set_threshold(20_000, 20, 50)

os.environ.update({
    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "ap-southeast-3", "AWS_REGION": "ap-southeast-3",
    "POWERTOOLS_SERVICE_NAME": "pisao", "POWERTOOLS_LOG_LEVEL": "INFO",
})
os.environ.pop("AWS_ENDPOINT_URL", None)

# Property tests explore the same examples on every run, so CI never turns red on a new random draw;
# run with HYPOTHESIS_PROFILE=explore to search further.
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True)
settings.register_profile("explore", max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook: ./pisao test runs -n auto --dist loadfile
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    if config.getvalue("dist") != "loadfile":
        return None
    from tests.parallel import LongestFirst

    return LongestFirst(config, log)
