"""Rule packs: loading and validating rule files, choosing among them, sites, the rule
cache, project configuration, and rules learned from a corpus' repetition."""
