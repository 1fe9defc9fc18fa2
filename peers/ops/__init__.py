"""Operating a site: backups of the database and restores from them."""
