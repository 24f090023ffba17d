"""A person answering at a terminal: prompts and the interactive session."""
