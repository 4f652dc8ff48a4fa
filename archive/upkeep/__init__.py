"""Keeping the index in step with the source folders: full builds, reindexing, manifest, locking, watching."""
