"""SQLModel tables, the engine, queries and Alembic migrations."""
