"""The output stage: analysis records as JSON Lines, JSON, and readable summaries."""
