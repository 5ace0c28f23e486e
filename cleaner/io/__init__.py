"""Input and output: files, JSON Lines and HTML pages, cleaning folders in batches or on
a cluster, and what a run reports."""
