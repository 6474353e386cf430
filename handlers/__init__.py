"""Telegram adapters: parse the update, call a service in ``bot``, render the reply."""
