"""Safe values for CSV and XLSX exports."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")


def neutralise_formula(value):
    """Prefixes text that a spreadsheet would run as a formula with an apostrophe (OWASP ASVS 1.2.10),
    also when spaces come first. Numbers, including negative ones, are returned unchanged."""
    if not isinstance(value, str):
        return value
    if value.lstrip(" ").startswith(FORMULA_TRIGGERS) or value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
