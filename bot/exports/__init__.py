"""The coordinator's files, made from the summary: ledger, bulletin, chart and digest.

- ``ledger``, ``ledger_words``: the ledger (台账) workbook and the words in its cells;
- ``bulletin``, ``bulletin_layout``, ``bulletin_words``: the draft bulletin (通报) as a Word file;
- ``chart``: the PNG sent with a summary;
- ``digest``: the coordinators' weekly and after-deadline digest;
- ``notice_order``: units listed in the notice's order;
- ``fonts``: a font that draws Chinese, and which office fonts are installed.
"""
