"""The engine: a document's lines, the rule kinds that match them, the native prefilter,
and the fixed-point loop that applies a rule set and records every removal."""
