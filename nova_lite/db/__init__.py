"""The SQL database layer. Only the conductor and nova-lite-manage import it."""
