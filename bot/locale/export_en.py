"""English: the chart, the ledger (台账), the bulletin (通报) and the digest."""

TEXTS: dict[str, str] = {}
