"""Tools for writing rules: scoring them on labelled data, mining a corpus for new junk,
and the review page."""
