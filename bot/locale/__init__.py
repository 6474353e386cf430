"""The message catalogs, one module per language and audience; ``bot.texts`` renders them."""
