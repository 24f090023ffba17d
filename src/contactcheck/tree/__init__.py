"""Reading a tree file strictly, the one rule set, the model of a tree."""
