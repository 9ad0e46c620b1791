"""`python -m geo` (`main`) and the data checks (`check`), which validate every package's files;
`python -m geo essay add|list|remove` (`essay_cmd`), which adds essays to the user store;
`python -m geo db init|migrate|status` (`db_cmd`), the shared database's schema.
May import any package."""
