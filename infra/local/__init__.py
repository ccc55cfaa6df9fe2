"""The local stack: moto server, resources from `infra/resources.yaml`, API, event pump, web client."""
