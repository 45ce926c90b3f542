# The cases app has no models: it reads published editions (roadmap.editions). Scenarios are roadmap content.
