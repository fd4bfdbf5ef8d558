"""The compiled replay: trace a step once, replay it over numpy arrays."""
