"""The person's own files: agenda, safety plan, policy profile, storage."""
