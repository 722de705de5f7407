"""Value parsers: amounts, dates, decision numbers and legal citations (pure functions)."""
