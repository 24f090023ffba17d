"""contactcheck: should I contact my therapist about this, or not?

A guided self-check that walks a YAML decision tree and suggests one of three
decisions. It suggests; it does not diagnose.
"""

__version__ = "0.1.0"
