"""Optional PostgreSQL/PostGIS backends for the stores shared by several app servers.

Off by default: with no ``BRIEFMAP_DATABASE_URL`` the app keeps its embedded file stores and needs
no server. With ``BRIEFMAP_DATABASE_URL=postgresql://…`` the snapshot store (geo.lines.store), the
essays added by users (geo.essays.store) and the briefing rooms (geo.briefing.rooms) live in one
database, so several ``streamlit run`` servers behind a load balancer share them.

- ``settings``: the URL (read from the environment, validated, masked whenever it is shown);
- ``connect``: one connection pool per process (psycopg 3 + psycopg_pool), and the one-line
  ``DatabaseUnavailable`` error;
- ``schema``: the versioned schema (``migrations/NNNN_name.sql``, table ``briefmap_schema``), applied
  by ``python -m geo db init|migrate|status``.

May import: ``geo.core`` only (every other package may import it).
"""
