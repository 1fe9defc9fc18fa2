"""Support marketplace: vendors list help for workers; workers find and rate it."""
