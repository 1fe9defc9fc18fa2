"""Income discovery: the platform catalog, its search index and the matcher."""
