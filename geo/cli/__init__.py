"""`python -m geo` (`main`) and the data checks (`check`), which validate every package's files.
May import any package."""
