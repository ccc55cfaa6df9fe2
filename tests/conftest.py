"""Test environment: never reach a real AWS account; resources are named as in the local stack."""

import os

os.environ.update({
    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "ap-southeast-3", "AWS_REGION": "ap-southeast-3",
    "POWERTOOLS_SERVICE_NAME": "pisao", "POWERTOOLS_LOG_LEVEL": "INFO",
})
os.environ.pop("AWS_ENDPOINT_URL", None)
