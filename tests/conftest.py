"""Test environment: never reach a real AWS account; resources are named as in the local stack."""

import os

os.environ.update({
    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "ap-southeast-3", "AWS_REGION": "ap-southeast-3",
    "POWERTOOLS_SERVICE_NAME": "pisao", "POWERTOOLS_LOG_LEVEL": "INFO",
})
os.environ.pop("AWS_ENDPOINT_URL", None)

# Property tests explore the same examples on every run, so CI never turns red on a new random draw;
# run with HYPOTHESIS_PROFILE=explore to search further.
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True)
settings.register_profile("explore", max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
