"""duban: 督办 — key-task supervision for a government office, run through Telegram."""

__version__ = "0.1.0"
