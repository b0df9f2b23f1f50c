# Overrides for this environment.
api_retention = 30
