"""The command line: thin wrappers over the library (``newstrace --help``)."""
