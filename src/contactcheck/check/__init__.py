"""Walking a tree to a result, answers, policy facts, and the report of a result."""
