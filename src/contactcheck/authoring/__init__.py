"""Tools for people who write trees: graph, routes, lint, scenarios."""
